// The date range of a report: whole local days in the report area's time zone (design.md §11: store UTC, show the
// area's days), as a half-open UTC range plus each day's own bounds, which are 23 or 25 hours long on DST days.
import { addDays, isCalendarDate, localDayRange } from '@tinnguon/protocol';
import { HubError } from '../errors.js';

/** A year and a day: the twice-yearly evaluation reports (Điều 18, before 20/6 and 20/12) fit with room to spare. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 24 * 3600_000;

export interface ReportDay {
  readonly date: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface ReportRange {
  /** Inclusive local dates, 'YYYY-MM-DD'. */
  readonly fromDate: string;
  readonly toDate: string;
  readonly timeZone: string;
  /** [fromMs, toMs): local midnight starting fromDate to local midnight after toDate. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly days: readonly ReportDay[];
}

/** Throws HUB_ERR_REPORT_RANGE for a date that does not exist, a reversed range or one longer than MAX_REPORT_DAYS. */
export function reportRange(fromDate: string, toDate: string, timeZone: string): ReportRange {
  for (const date of [fromDate, toDate]) {
    if (!isCalendarDate(date)) throw new HubError('HUB_ERR_REPORT_RANGE', `${date} is not a calendar date (YYYY-MM-DD)`);
  }
  if (toDate < fromDate) throw new HubError('HUB_ERR_REPORT_RANGE', `${toDate} is before ${fromDate}`);
  const days: ReportDay[] = [];
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) {
    if (days.length === MAX_REPORT_DAYS) throw new HubError('HUB_ERR_REPORT_RANGE', `more than ${MAX_REPORT_DAYS} days`);
    days.push({ date: d, ...localDayRange(d, timeZone) });
  }
  return { fromDate, toDate, timeZone, fromMs: days[0]!.fromMs, toMs: days[days.length - 1]!.toMs, days };
}

/** The index in `range.days` of the day holding `ms`, or -1 outside the range. Binary search: days are sorted. */
export function dayIndexOf(range: ReportRange, ms: number): number {
  let lo = 0;
  let hi = range.days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const day = range.days[mid]!;
    if (ms < day.fromMs) hi = mid - 1;
    else if (ms >= day.toMs) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * An SQL expression giving the day index of `column` (epoch ms inside the range), so SQLite groups by local day
 * itself and returns one row per day instead of one per log. Runs of 24-hour days share one division; a DST day is
 * its own branch. Every number is computed here, never taken from the request, so inlining them is safe.
 */
export function dayIndexSql(range: ReportRange, column: string): string {
  const branches: string[] = [];
  let i = 0;
  while (i < range.days.length) {
    const first = range.days[i]!;
    let j = i;
    if (first.toMs - first.fromMs === DAY_MS) {
      while (j + 1 < range.days.length && range.days[j + 1]!.toMs - range.days[j + 1]!.fromMs === DAY_MS) j++;
    }
    const end = range.days[j]!.toMs;
    const length = first.toMs - first.fromMs;
    branches.push(`WHEN ${column} < ${int(end)} THEN ${i} + (${column} - ${int(first.fromMs)}) / ${int(length)}`);
    i = j + 1;
  }
  return `(CASE ${branches.join(' ')} ELSE -1 END)`;
}

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new HubError('HUB_ERR_INTERNAL', `not an integer: ${n}`);
  return String(n);
}
