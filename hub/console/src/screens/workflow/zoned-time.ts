// Wall-clock dates and times in an area's zone ↔ epoch ms (design.md §11: store UTC, schedule in the area's zone).
// The composer's date and time inputs are the area's local time, never the browser's: a laptop set to UTC must not
// move a 17:00 broadcast to midnight. Pure: Intl only.

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function partsOf(ms: number, timeZone: string): Parts {
  const out: Record<string, number> = {};
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year ?? 1970, month: out.month ?? 1, day: out.day ?? 1, hour: out.hour ?? 0, minute: out.minute ?? 0 };
}

function offsetAt(ms: number, timeZone: string): number {
  const p = partsOf(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(text: string): boolean {
  return TIME.test(text);
}

/** Epoch ms of local `date` 'YYYY-MM-DD' at `time` 'HH:MM' in `timeZone`; undefined when either is malformed. */
export function zonedEpoch(date: string, time: string, timeZone: string): number | undefined {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (d === null || t === null) return undefined;
  const guess = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Two passes settle the offset on either side of a daylight-saving change.
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** The local 'YYYY-MM-DD' and 'HH:MM' of an instant, for filling the inputs. */
export function zonedParts(ms: number, timeZone: string): { date: string; time: string } {
  const p = partsOf(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.year}-${two(p.month)}-${two(p.day)}`, time: `${two(p.hour)}:${two(p.minute)}` };
}

/** 'YYYY-MM-DD' plus `days` (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const d = DATE.exec(date);
  if (d === null) return date;
  const next = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + days));
  return next.toISOString().slice(0, 10);
}
