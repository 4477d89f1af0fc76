// Independent answers to "when does this area's clock read X", found by scanning readings rather than by offset
// arithmetic, to check instantAtLocal and every window the programme uses.
import { addDays } from '@tinnguon/protocol';

const readers = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD HH:MM' as the zone's clock shows it at `ms`. */
export function reading(ms: number, zone: string): string {
  let f = readers.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    readers.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function target(date: string, minutes: number): string {
  return `${addDays(date, Math.floor(minutes / 1440))} ${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The first instant, minute by minute over ±15 h, whose clock reads `date` + `minutes` or later. Slow and obvious. */
export function oracleInstant(date: string, minutes: number, zone: string): number {
  const want = target(date, minutes);
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  for (let ms = wall - 15 * 3600_000; ms < wall + 15 * 3600_000; ms += 60_000) if (reading(ms, zone) >= want) return ms;
  throw new Error(`no instant reads ${want} in ${zone}`);
}

const QUARTER = 15 * 60_000;
const memo = new Map<string, number>();

/**
 * The same answer, faster: every transition of ZONES falls on a UTC quarter hour, so readings rise steadily within
 * each quarter and its last minute is its highest reading; only the first quarter that reaches the target is
 * scanned minute by minute.
 */
export function quickOracleInstant(date: string, minutes: number, zone: string): number {
  const key = `${zone} ${date} ${minutes}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const want = target(date, minutes);
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  for (let q = Math.floor((wall - 15 * 3600_000) / QUARTER) * QUARTER; q < wall + 15 * 3600_000; q += QUARTER) {
    if (reading(q + QUARTER - 60_000, zone) < want) continue;
    for (let ms = q; ; ms += 60_000) {
      if (reading(ms, zone) >= want) {
        memo.set(key, ms);
        return ms;
      }
    }
  }
  throw new Error(`no instant reads ${want} in ${zone}`);
}

export const ZONES = ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu', 'Pacific/Chatham'];
/** Dates on and around transitions in those zones, plus ordinary ones. */
export const DATES = ['2026-03-08', '2026-03-29', '2026-04-04', '2026-04-05', '2026-09-06', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '2026-11-23'];
