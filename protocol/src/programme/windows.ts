// Operating windows (khung giờ hoạt động, Điều 10) as absolute UTC spans, day by day in the area's zone.
import type { OperatingWindow } from '../primitives.js';
import { addDays, instantAtLocal, localDateOf } from './local-time.js';

/** One window on one local day. Edges follow instantAtLocal: the first instant the clock reads them. */
export interface WindowSpan {
  /** The local calendar date, 'YYYY-MM-DD'. */
  readonly date: string;
  /** Local 'HH:MM' as configured. */
  readonly start: string;
  readonly end: string;
  /** Absolute UTC ms, half-open [startAt, endAt). */
  readonly startAt: number;
  readonly endAt: number;
}

export interface WindowMinutes {
  readonly start: number;
  readonly end: number;
}

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** 'HH:MM' ('24:00' allowed) to minutes after midnight; undefined when malformed. */
export function clockMinutes(clock: string): number | undefined {
  const m = CLOCK.exec(clock);
  if (m === null) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : undefined;
}

export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Windows as minutes, sorted. The hub refuses bad windows (validateWindows); a device must still be deterministic
 * with whatever a manifest holds, so malformed or empty ones are dropped and overlapping ones merged. Windows that
 * merely touch stay apart: an item never runs across the seam.
 */
export function normaliseWindows(windows: readonly OperatingWindow[]): WindowMinutes[] {
  const spans = windows
    .map((w) => ({ start: clockMinutes(w.start), end: clockMinutes(w.end) }))
    .filter((w): w is WindowMinutes => w.start !== undefined && w.end !== undefined && w.start < w.end && w.start < 1440)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: WindowMinutes[] = [];
  for (const w of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && w.start < last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, w.end) };
    else merged.push(w);
  }
  return merged;
}

/** The windows of one local day. A window swallowed by a DST jump (02:10–02:40 on a spring-forward night) is gone. */
export function windowSpansOn(date: string, timeZone: string, windows: readonly WindowMinutes[]): WindowSpan[] {
  return windows
    .map((w) => ({ date, start: clockText(w.start), end: clockText(w.end), startAt: instantAtLocal(date, w.start, timeZone), endAt: instantAtLocal(date, w.end, timeZone) }))
    .filter((s) => s.endAt > s.startAt);
}

/**
 * Local dates whose windows can meet [fromMs, toMs). A day's windows lie within its own midnight-to-midnight; one
 * more day each side covers a DST fold across midnight, and callers filter by the range anyway.
 */
export function datesMeeting(fromMs: number, toMs: number, timeZone: string): string[] {
  if (toMs <= fromMs) return [];
  const dates: string[] = [];
  const last = addDays(localDateOf(toMs - 1, timeZone), 1);
  for (let d = addDays(localDateOf(fromMs, timeZone), -1); d <= last; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** Every window that overlaps [fromMs, toMs), in time order. Outside them only emergencies play (Điều 10). */
export function windowSpansBetween(timeZone: string, windows: readonly OperatingWindow[], fromMs: number, toMs: number): WindowSpan[] {
  const norm = normaliseWindows(windows);
  return datesMeeting(fromMs, toMs, timeZone)
    .flatMap((date) => windowSpansOn(date, timeZone, norm))
    .filter((s) => s.endAt > fromMs && s.startAt < toMs);
}
