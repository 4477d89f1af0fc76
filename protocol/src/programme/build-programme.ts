// The broadcast programme (lịch phát) of one device: a pure function the hub and every device run on the same input
// (issue 6: "overlaps are resolved deterministically by the same pure function on hub and device").
//
// What it guarantees, whatever [fromMs, toMs) it is asked for:
//  - emergencies are not in it: the urgent path plays them at once, at any hour (Điều 8.1);
//  - nothing dated is ever placed outside an operating window (Điều 10; the 03:15 relay incident);
//  - each window is laid out from the input and the window alone, so a day's calendar on the hub equals the same
//    day inside a device's three-day timeline; "next window" is anchored on the bulletin's validFrom, so it plays
//    once, wherever and whenever the programme is computed;
//  - the result does not depend on the order of the input arrays (except selections: the deepest area's wins);
//  - with the area's caps (issue 6, e.g. Hà Nội), no window holds more than the minutes per session, and no local
//    day more sessions than allowed; a day is then laid out whole, so the previous guarantee holds day by day.
// The slots returned are those in every window that overlaps [fromMs, toMs), including one already under way at
// fromMs, so a device can start late at the right offset.
import type { Manifest } from '../manifest.js';
import { capsInForce } from './broadcast-caps.js';
import { chooseCandidates } from './candidates.js';
import { compareByRule, layOutAudio, layOutLed, type Placement, type WindowLayout } from './layout.js';
import { isKnownTimeZone } from './local-time.js';
import type { Programme, ProgrammeInput, ProgrammeSlot, ProgrammeWarning } from './programme-types.js';
import { doesNotFit, invalidTimeZone, minutesPerSessionCap, sessionsPerDayCap, slotReason, type PriorityNeighbours } from './reasons.js';
import { RequestContext, requestsFor, type PlacementRequest } from './requests.js';
import { SessionCounter, wholeDayRequests } from './whole-days.js';
import { datesMeeting, normaliseWindows } from './windows.js';

/** The programme's share of a manifest (what a device holds, and what the hub computes for any area). */
export function programmeInputFromManifest(m: Manifest): ProgrammeInput {
  return {
    timeZone: m.timeZone, windows: m.windows, kind: m.kind, areaChain: m.areaChain, bulletins: m.bulletins, selections: m.selections, recalled: m.recalled,
    ...(m.caps === undefined ? {} : { caps: m.caps }),
  };
}

function compareWarnings(a: ProgrammeWarning, b: ProgrammeWarning): number {
  return (a.at ?? -1) - (b.at ?? -1) || (a.bulletinId < b.bulletinId ? -1 : a.bulletinId > b.bulletinId ? 1 : 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** For each priority placement: is an upper level ranked before it, a lower level (or the commune's own) after it? */
function neighbours(placed: readonly Placement[], ownDepth: number): Map<Placement, PriorityNeighbours> {
  const ranked = placed.filter((p) => p.request.candidate.bulletin.priority === 'priority').sort((a, b) => compareByRule(a.request, b.request));
  const depth = (p: Placement) => p.request.candidate.bulletin.originDepth;
  const out = new Map<Placement, PriorityNeighbours>();
  let minBefore = Infinity;
  const maxAfter: number[] = [];
  for (let i = ranked.length - 1, max = -Infinity; i >= 0; i--) {
    maxAfter[i] = max;
    max = Math.max(max, depth(ranked[i] as Placement));
  }
  ranked.forEach((p, i) => {
    const after = maxAfter[i] ?? -Infinity;
    out.set(p, { upperBefore: minBefore < depth(p), lowerAfter: after > depth(p), ownAfter: after > depth(p) && after >= ownDepth });
    minBefore = Math.min(minBefore, depth(p));
  });
  return out;
}

function toSlot(p: Placement, around: PriorityNeighbours | undefined, input: ProgrammeInput): ProgrammeSlot {
  const { candidate: c, window, askedAt, dated } = p.request;
  const b = c.bulletin;
  const reason = slotReason(
    {
      bulletin: b, dated, askedAt, startAt: p.startAt, endAt: p.endAt, order: c.order, window, led: input.kind === 'led',
      ...(around ?? { upperBefore: false, lowerAfter: false, ownAfter: false }),
    },
    input.timeZone,
    input.areaChain.length,
  );
  return {
    bulletinId: b.bulletinId, revision: b.revision, priority: b.priority, mode: b.mode, startAt: p.startAt, endAt: p.endAt,
    durationMs: c.passMs, repeat: b.repeat, originDepth: b.originDepth, windowStart: window.startAt, windowEnd: window.endAt, reason,
  };
}

export function buildProgramme(input: ProgrammeInput, fromMs: number, toMs: number): Programme {
  if (!(toMs > fromMs)) return { slots: [], warnings: [] };
  const { candidates, warnings } = chooseCandidates(input, fromMs, toMs);
  if (!isKnownTimeZone(input.timeZone)) {
    // Fail closed: without the area's clock nothing dated can be placed; emergencies do not pass through here.
    return { slots: [], warnings: candidates.map((c) => invalidTimeZone(c.bulletin, input.timeZone)).sort(compareWarnings) };
  }
  const ctx = new RequestContext(input.timeZone, normaliseWindows(input.windows), input.kind, fromMs, toMs, datesMeeting(fromMs, toMs, input.timeZone));
  const caps = capsInForce(input.caps);
  const asked = candidates.flatMap((c) => requestsFor(c, ctx, warnings));
  // Emergencies never reach this point, so they are never capped and never use up a session (Điều 8.1).
  const requests = caps?.sessionsPerDay === undefined ? asked : wholeDayRequests(candidates, ctx);
  const byWindow = new Map<number, PlacementRequest[]>();
  for (const r of requests) {
    const list = byWindow.get(r.window.startAt) ?? [];
    list.push(r);
    byWindow.set(r.window.startAt, list);
  }
  const sessions = caps?.sessionsPerDay === undefined ? undefined : new SessionCounter(caps.sessionsPerDay);
  const budgetMs = caps?.minutesPerSession === undefined ? Infinity : caps.minutesPerSession * 60_000;
  const slots: ProgrammeSlot[] = [];
  for (const windowStart of [...byWindow.keys()].sort((a, b) => a - b)) {
    const inWindow = byWindow.get(windowStart) ?? [];
    const window = (inWindow[0] as PlacementRequest).window;
    const layout: WindowLayout = input.kind === 'led' ? layOutLed(inWindow, budgetMs) : layOutAudio(inWindow, budgetMs);
    // A window that would hold nothing is no session; one past the day's allowance stays silent (caps per area).
    const silenced = sessions !== undefined && layout.placed.length > 0 && !sessions.hasRoom(window.date);
    if (sessions !== undefined && layout.placed.length > 0 && !silenced) sessions.open(window.date);
    if (!ctx.meetsRange(window)) continue;
    if (silenced) {
      // Nothing of this window plays, whatever else would have kept it out: the day's sessions are spent.
      const all = [...layout.placed.map((p) => p.request), ...layout.refused, ...layout.overCap.map((o) => o.request)];
      for (const r of all) warnings.push(sessionsPerDayCap(r.candidate.bulletin, r.askedAt, window, sessions.sessionsPerDay, input.timeZone));
      continue;
    }
    const around = neighbours(layout.placed, input.areaChain.length - 1);
    for (const p of layout.placed) slots.push(toSlot(p, around.get(p), input));
    for (const r of layout.refused) {
      warnings.push(doesNotFit(r.candidate.bulletin, r.askedAt, ctx.footprint(r.candidate), r.window, input.timeZone));
    }
    for (const { request: r, usedMs } of layout.overCap) {
      warnings.push(minutesPerSessionCap(r.candidate.bulletin, r.askedAt, ctx.footprint(r.candidate), usedMs, r.window, caps?.minutesPerSession ?? 0, input.timeZone));
    }
  }
  return { slots, warnings: warnings.sort(compareWarnings) };
}
