// Caps per area (issue 6, e.g. Hà Nội) make the windows of one local day depend on each other: with N sessions a
// day, whether the evening window plays depends on what the morning ones held. For the hub's calendar and a device
// asking mid-afternoon to still agree, every day touched by the asked range is laid out whole, from its first window.
import type { Candidate } from './candidates.js';
import type { ProgrammeWarning } from './programme-types.js';
import { RequestContext, requestsFor, type PlacementRequest } from './requests.js';
import { datesMeeting } from './windows.js';

/**
 * The requests of every window of every local day that has a window meeting ctx's range. Warnings are left to the
 * caller's own pass over the asked range: widening must not add warnings for times nobody asked about.
 */
export function wholeDayRequests(candidates: readonly Candidate[], ctx: RequestContext): PlacementRequest[] {
  const spans = ctx.dates.flatMap((date) => ctx.spansOn(date)).filter((s) => ctx.meetsRange(s));
  const days = new Set(spans.map((s) => s.date));
  const daySpans = [...days].flatMap((date) => ctx.spansOn(date));
  if (daySpans.length === 0) return [];
  const fromMs = Math.min(...daySpans.map((s) => s.startAt));
  const toMs = Math.max(...daySpans.map((s) => s.endAt));
  const wide = new RequestContext(ctx.timeZone, ctx.windows, ctx.kind, fromMs, toMs, datesMeeting(fromMs, toMs, ctx.timeZone));
  const ignored: ProgrammeWarning[] = [];
  return candidates.flatMap((c) => requestsFor(c, wide, ignored));
}

/** Counts, per local day, the windows that hold content, in time order (a "session", buổi phát). */
export class SessionCounter {
  readonly #used = new Map<string, number>();

  constructor(readonly sessionsPerDay: number) {}

  /** Whether the day still has a session left; `open` takes it. */
  hasRoom(date: string): boolean {
    return (this.#used.get(date) ?? 0) < this.sessionsPerDay;
  }

  open(date: string): void {
    this.#used.set(date, (this.#used.get(date) ?? 0) + 1);
  }
}
