// Each candidate's schedule, turned into requests for a place in a window. Dated items ask for a clock time inside a
// window and are refused outside every window (Điều 10; the 03:15 relay incident); "next window" items ask for the
// start of a window.
import type { DeviceKind } from '../primitives.js';
import type { Candidate } from './candidates.js';
import { addDays, instantAtLocal, isoWeekday, localDateOf } from './local-time.js';
import type { ProgrammeWarning } from './programme-types.js';
import { noWindow, outsideValidity, outsideWindow } from './reasons.js';
import { clockMinutes, windowSpansOn, type WindowMinutes, type WindowSpan } from './windows.js';

export interface PlacementRequest {
  readonly candidate: Candidate;
  readonly window: WindowSpan;
  /** The earliest the item may start: its clock time, or the window's start (never before validFrom). */
  readonly askedAt: number;
  /** Asked for a clock time (once, recurring) rather than "the next window". */
  readonly dated: boolean;
}

/** A "next window" item looks this many local days ahead of its validFrom for a window that can hold it. */
const NEXT_WINDOW_SEARCH_DAYS = 9;

export class RequestContext {
  readonly #spans = new Map<string, WindowSpan[]>();

  constructor(
    readonly timeZone: string,
    readonly windows: readonly WindowMinutes[],
    readonly kind: DeviceKind,
    readonly fromMs: number,
    readonly toMs: number,
    /** Local dates whose windows can meet [fromMs, toMs). */
    readonly dates: readonly string[],
  ) {}

  spansOn(date: string): WindowSpan[] {
    let spans = this.#spans.get(date);
    if (spans === undefined) {
      spans = windowSpansOn(date, this.timeZone, this.windows);
      this.#spans.set(date, spans);
    }
    return spans;
  }

  inRange(ms: number): boolean {
    return ms >= this.fromMs && ms < this.toMs;
  }

  meetsRange(span: WindowSpan): boolean {
    return span.endAt > this.fromMs && span.startAt < this.toMs;
  }

  windowAt(ms: number): WindowSpan | undefined {
    const date = localDateOf(ms, this.timeZone);
    // The neighbours too: a DST fold across midnight can put an instant read as one date in the next date's window.
    return [addDays(date, -1), date, addDays(date, 1)].flatMap((d) => this.spansOn(d)).find((s) => s.startAt <= ms && ms < s.endAt);
  }

  /** How long the item occupies its window on its own: all its plays on a loudspeaker, one pass of slides on LED. */
  footprint(c: Candidate): number {
    return this.kind === 'led' ? c.passMs : c.passMs * c.bulletin.repeat;
  }
}

/** The first window after validFrom that can hold the item on its own, and the time it may start there. */
function findNextWindow(c: Candidate, ctx: RequestContext): { window: WindowSpan; askedAt: number } | undefined {
  const { validFrom, validUntil } = c.bulletin;
  const first = localDateOf(validFrom, ctx.timeZone);
  for (let i = 0; i < NEXT_WINDOW_SEARCH_DAYS; i++) {
    for (const window of ctx.spansOn(addDays(first, i))) {
      if (window.endAt <= validFrom) continue;
      const askedAt = Math.max(window.startAt, validFrom);
      if (askedAt >= validUntil) return undefined;
      if (askedAt + ctx.footprint(c) <= window.endAt) return { window, askedAt };
    }
  }
  return undefined;
}

/**
 * Ưu tiên (Điều 8.2) and a commune's "next window" pick: anchored on the bulletin's validFrom, never on when the
 * programme is computed, so it plays once, and the hub's calendar and every device agree whenever they ask.
 */
function nextWindow(c: Candidate, ctx: RequestContext, warnings: ProgrammeWarning[]): PlacementRequest[] {
  const found = findNextWindow(c, ctx);
  if (found === undefined) {
    if (c.bulletin.validFrom < ctx.toMs && c.bulletin.validUntil > ctx.fromMs) warnings.push(noWindow(c.bulletin, ctx.footprint(c)));
    return [];
  }
  return ctx.meetsRange(found.window) ? [{ candidate: c, window: found.window, askedAt: found.askedAt, dated: false }] : [];
}

function atTime(c: Candidate, at: number, ctx: RequestContext, warnings: ProgrammeWarning[], quietOutsideValidity: boolean): PlacementRequest[] {
  const { validFrom, validUntil } = c.bulletin;
  if (at < validFrom || at >= validUntil) {
    if (!quietOutsideValidity && ctx.inRange(at)) warnings.push(outsideValidity(c.bulletin, at, ctx.timeZone));
    return [];
  }
  const window = ctx.windowAt(at);
  if (window === undefined) {
    if (ctx.inRange(at)) warnings.push(outsideWindow(c.bulletin, at, ctx.timeZone, ctx.windows));
    return [];
  }
  return ctx.meetsRange(window) ? [{ candidate: c, window, askedAt: at, dated: true }] : [];
}

export function requestsFor(c: Candidate, ctx: RequestContext, warnings: ProgrammeWarning[]): PlacementRequest[] {
  const s = c.schedule;
  switch (s.type) {
    case 'nextWindow':
      return nextWindow(c, ctx, warnings);
    case 'once':
      return atTime(c, s.at, ctx, warnings, false);
    case 'recurring': {
      // A date range outliving the validity is ordinary; those occurrences simply end without a warning each day.
      const times = [...new Set(s.times)].map(clockMinutes).filter((m): m is number => m !== undefined && m < 1440).sort((a, b) => a - b);
      return ctx.dates
        .filter((date) => date >= s.fromDate && date <= s.toDate && s.weekdays.includes(isoWeekday(date)))
        .flatMap((date) => times.flatMap((minutes) => atTime(c, instantAtLocal(date, minutes, ctx.timeZone), ctx, warnings, true)));
    }
  }
}
