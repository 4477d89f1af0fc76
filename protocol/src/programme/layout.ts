// Resolves overlaps inside one window, the same way on the hub and on every device (issue 6). Requests are taken in
// rule order (Điều 8). Priority items run back to back in that order, each no earlier than the time it asked for,
// so within a window they play province → district → commune in time as well (Điều 8.2). The commune's normal
// picks then fit around them, each at the earliest free time at or after both the time it was chosen for and the
// end of the normal item before it (Điều 8.3). What would overrun the window is not placed, and neither is what
// would take the window past the area's minutes per session (issue 6, caps per area, e.g. Hà Nội): the budget is
// spent in the same rule order, so a lower-ranked item is the one cut.
import type { PlacementRequest } from './requests.js';

export interface Placement {
  readonly request: PlacementRequest;
  readonly startAt: number;
  readonly endAt: number;
}

/** A request refused by the minutes-per-session cap, with what the window already held when its turn came. */
export interface OverCap {
  readonly request: PlacementRequest;
  readonly usedMs: number;
}

export interface WindowLayout {
  /** Loudspeakers: in time order. LED boards: in loop order. */
  readonly placed: Placement[];
  /** No room left in the window (or past the bulletin's validity). */
  readonly refused: PlacementRequest[];
  /** Would exceed the minutes per session. */
  readonly overCap: OverCap[];
}

function compareNumbers(a: number | undefined, b: number | undefined): number {
  // An absent number (no chair's order) comes after every present one.
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Điều 8, as a total order:
 *  - ưu tiên (8.2) before thông thường (8.3);
 *  - among priority: the commune chair's order first (8.2: "Chủ tịch UBND cấp xã quyết định thứ tự"), then province
 *    → district → commune by the issuing area's depth, whatever the tree's depth; then the time asked for;
 *  - among normal: the time the commune chose, then its order;
 *  - finally the bulletin id and the time asked, so equal rules still give one answer.
 */
export function compareByRule(a: PlacementRequest, b: PlacementRequest): number {
  const ba = a.candidate.bulletin;
  const bb = b.candidate.bulletin;
  const classA = ba.priority === 'priority' ? 0 : 1;
  const classB = bb.priority === 'priority' ? 0 : 1;
  if (classA !== classB) return classA - classB;
  const byRule =
    classA === 0
      ? compareNumbers(a.candidate.order, b.candidate.order) || ba.originDepth - bb.originDepth || a.askedAt - b.askedAt
      : a.askedAt - b.askedAt || compareNumbers(a.candidate.order, b.candidate.order) || ba.originDepth - bb.originDepth;
  return byRule || compareText(ba.bulletinId, bb.bulletinId) || a.askedAt - b.askedAt;
}

function firstEndingAfter(busy: readonly { end: number }[], t: number): number {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((busy[mid] as { end: number }).end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Loudspeakers: one thing at a time. An item plays `repeat` times back to back. `budgetMs` bounds the airtime of
 * all the items of the window together (Infinity: no cap).
 */
export function layOutAudio(requests: readonly PlacementRequest[], budgetMs = Infinity): WindowLayout {
  const busy: { start: number; end: number }[] = [];
  const placed: Placement[] = [];
  const refused: PlacementRequest[] = [];
  const overCap: OverCap[] = [];
  let usedMs = 0;
  // Each class keeps its own order in time; priority is laid out first, so its items never meet a busy span.
  const cursor = { priority: -Infinity, normal: -Infinity };
  for (const r of [...requests].sort(compareByRule)) {
    const cls = r.candidate.bulletin.priority === 'priority' ? 'priority' : 'normal';
    const length = r.candidate.passMs * r.candidate.bulletin.repeat;
    if (usedMs + length > budgetMs) {
      overCap.push({ request: r, usedMs });
      continue;
    }
    let start = Math.max(r.askedAt, cursor[cls]);
    // Busy spans are disjoint and sorted, so their ends are sorted too: skip those over before `start`.
    for (let i = firstEndingAfter(busy, start); i < busy.length; i++) {
      const b = busy[i] as { start: number; end: number };
      if (start + length <= b.start) break;
      if (start < b.end) start = b.end;
    }
    if (start + length > r.window.endAt || start >= r.candidate.bulletin.validUntil) {
      refused.push(r);
      continue;
    }
    busy.splice(firstEndingAfter(busy, start), 0, { start, end: start + length });
    cursor[cls] = start + length;
    usedMs += length;
    placed.push({ request: r, startAt: start, endAt: start + length });
  }
  placed.sort((x, y) => x.startAt - y.startAt || compareByRule(x.request, y.request));
  return { placed, refused, overCap };
}

/**
 * LED boards loop their slides (Điều 10.2 windows). A bulletin joins the loop at the time it asked for and stays
 * until the window ends or the bulletin expires; the loop shows priority slides first, in the same rule order.
 * It must have room for one full pass, or it is not placed. A second request of the same bulletin in the same
 * window adds nothing: it is already in the loop. `budgetMs` bounds the loop's length, one pass of each bulletin's
 * slides (Infinity: no cap).
 */
export function layOutLed(requests: readonly PlacementRequest[], budgetMs = Infinity): WindowLayout {
  const placed: Placement[] = [];
  const refused: PlacementRequest[] = [];
  const overCap: OverCap[] = [];
  const inLoop = new Set<string>();
  let usedMs = 0;
  for (const r of [...requests].sort(compareByRule)) {
    const id = r.candidate.bulletin.bulletinId;
    if (inLoop.has(id)) continue;
    if (usedMs + r.candidate.passMs > budgetMs) {
      overCap.push({ request: r, usedMs });
      continue;
    }
    const endAt = Math.min(r.window.endAt, r.candidate.bulletin.validUntil);
    if (r.askedAt + r.candidate.passMs > endAt) {
      refused.push(r);
      continue;
    }
    inLoop.add(id);
    usedMs += r.candidate.passMs;
    placed.push({ request: r, startAt: r.askedAt, endAt });
  }
  return { placed, refused, overCap };
}
