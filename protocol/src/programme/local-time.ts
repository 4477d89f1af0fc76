// Local wall-clock time ↔ UTC in an IANA zone, with nothing but Intl (design.md §11: store UTC, schedule in the
// area's zone, correct across any DST rule the zone may have).
//
// One rule maps a local date and time to an instant, for window edges and scheduled times alike: the EARLIEST
// instant at which the area's clock reads that time or later.
//  - An ambiguous time (the clock goes back and reads it twice) is its first occurrence.
//  - A nonexistent time (the clock jumps over it) is the instant of the jump: 02:30 on the morning Berlin springs
//    from 02:00 to 03:00 is 03:00 CEST. (RFC 5545 would shift it by the gap, to 03:30; we do not, so that the rule
//    is monotonic: a time inside a window always maps inside that window.)

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

// Building a formatter costs far more than using one; a manifest repeats one zone for every computation.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone (the wire pattern admits names that do not exist). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Results are pure functions of their arguments and a programme asks the same ones over and over (every slot at
// 17:00, every bulletin's occurrences on the same days); Intl is the cost, so remember a bounded number of answers.
const CACHE_LIMIT = 50_000;
const clocks = new Map<string, WallClock>();
const instants = new Map<string, number>();

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function wallClock(ms: number, timeZone: string): WallClock {
  return remember(clocks, `${timeZone} ${ms}`, () => {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of formatter(timeZone).formatToParts(ms)) {
      if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
    }
    return out;
  });
}

/** How far the zone's clock is ahead of UTC at `ms` (whole seconds: Intl shows no milliseconds). */
function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (ms - mod(ms, 1000));
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function parseDate(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (m === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The calendar date of `ms` in the zone, 'YYYY-MM-DD'. */
export function localDateOf(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** 'HH:MM' of `ms` in the zone. */
export function localClockOf(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** 'DD/MM/YYYY', as Vietnamese officials write dates. */
export function localDateLabel(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)}`;
}

/** A calendar date `days` later (or earlier), in the proleptic Gregorian calendar; zones play no part. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday, as in RecurringSchedule.weekdays. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

/** Whether a 'YYYY-MM-DD' names a real day (the wire pattern admits 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * The earliest instant (UTC ms) at which the zone's clock reads `minutes` after midnight of `date`, or later
 * (see the file comment for ambiguous and nonexistent times). `minutes` may be 1440: midnight ending the day.
 */
export function instantAtLocal(date: string, minutes: number, timeZone: string): number {
  return remember(instants, `${timeZone} ${date} ${minutes}`, () => computeInstant(date, minutes, timeZone));
}

function computeInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = parseDate(date);
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE_MS;
  // Offsets a day either side cover any transition near the wall time (no zone changes twice within two days).
  const offsets = [...new Set([offsetMs(wall - DAY_MS, timeZone), offsetMs(wall, timeZone), offsetMs(wall + DAY_MS, timeZone)])];
  const exact = offsets.map((o) => wall - o).filter((t) => t + offsetMs(t, timeZone) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // Skipped: the reading jumps over `wall` at one transition between these two instants; find it.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + offsetMs(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local day `date` as the half-open UTC range [fromMs, toMs): 23 or 25 hours long on DST days. */
export function localDayRange(date: string, timeZone: string): { fromMs: number; toMs: number } {
  return { fromMs: instantAtLocal(date, 0, timeZone), toMs: instantAtLocal(addDays(date, 1), 0, timeZone) };
}
