// Local wall-clock ↔ UTC across DST: examples in the zones officials and tests care about, and a property against a
// brute-force oracle (scan minute by minute for the first instant whose clock reads the time or later).
import t from 'tap';
import fc from 'fast-check';
import { addDays, instantAtLocal, isCalendarDate, isoWeekday, localClockOf, localDateOf, localDayRange } from '@tinnguon/protocol';
import { DATES, oracleInstant, quickOracleInstant, ZONES } from './time-oracle.js';

const Z = (iso: string) => Date.parse(iso);

t.test('examples: fixed offset, DST gaps and folds, half-hour and midnight transitions', async (t) => {
  const rows: [zone: string, date: string, clock: number, expected: string, why: string][] = [
    ['Asia/Ho_Chi_Minh', '2026-11-23', 17 * 60, '2026-11-23T10:00:00Z', 'UTC+7 all year'],
    ['Europe/Berlin', '2026-03-28', 6 * 60, '2026-03-28T05:00:00Z', 'CET'],
    ['Europe/Berlin', '2026-03-29', 6 * 60, '2026-03-29T04:00:00Z', 'CEST from that morning'],
    ['Europe/Berlin', '2026-03-29', 2 * 60 + 30, '2026-03-29T01:00:00Z', '02:30 does not exist: the jump to 03:00 CEST'],
    ['Europe/Berlin', '2026-10-25', 2 * 60 + 30, '2026-10-25T00:30:00Z', '02:30 happens twice: the first (CEST)'],
    ['Europe/Berlin', '2026-10-25', 3 * 60, '2026-10-25T02:00:00Z', '03:00 CET, once'],
    ['America/New_York', '2026-03-08', 2 * 60 + 30, '2026-03-08T07:00:00Z', 'skipped: 03:00 EDT'],
    ['America/New_York', '2026-11-01', 60 + 30, '2026-11-01T05:30:00Z', 'twice: the first (EDT)'],
    ['Australia/Lord_Howe', '2026-10-04', 2 * 60 + 15, '2026-10-03T15:30:00Z', 'a half-hour jump, 02:00 → 02:30'],
    ['America/Santiago', '2026-09-06', 0, '2026-09-06T04:00:00Z', 'midnight skipped: the day starts at 01:00'],
    ['America/Santiago', '2026-04-04', 23 * 60 + 30, '2026-04-05T02:30:00Z', 'the hour before midnight repeats: the first'],
    ['America/Santiago', '2026-04-04', 24 * 60, '2026-04-05T04:00:00Z', 'midnight ending the day, after the repeat'],
  ];
  for (const [zone, date, clock, expected, why] of rows) t.equal(instantAtLocal(date, clock, zone), Z(expected), `${zone} ${date} ${clock}: ${why}`);
});

t.test('days are 23, 24 or 25 hours long', async (t) => {
  const hours = (date: string, zone: string) => {
    const { fromMs, toMs } = localDayRange(date, zone);
    return (toMs - fromMs) / 3600_000;
  };
  t.equal(hours('2026-03-29', 'Europe/Berlin'), 23);
  t.equal(hours('2026-10-25', 'Europe/Berlin'), 25);
  t.equal(hours('2026-09-06', 'America/Santiago'), 23);
  t.equal(hours('2026-04-04', 'America/Santiago'), 25);
  t.equal(hours('2026-10-04', 'Australia/Lord_Howe'), 23.5);
  t.equal(hours('2026-11-23', 'Asia/Ho_Chi_Minh'), 24);
});

t.test('calendar helpers', async (t) => {
  t.equal(addDays('2026-02-28', 1), '2026-03-01');
  t.equal(addDays('2028-02-28', 1), '2028-02-29');
  t.equal(addDays('2026-01-01', -1), '2025-12-31');
  t.same(['2026-11-23', '2026-11-29'].map(isoWeekday), [1, 7], 'Monday 1 … Sunday 7');
  t.equal(isCalendarDate('2026-02-30'), false);
  t.equal(isCalendarDate('2028-02-29'), true);
  t.equal(localDateOf(Z('2026-11-23T17:30:00Z'), 'Asia/Ho_Chi_Minh'), '2026-11-24');
  t.equal(localClockOf(Z('2026-11-23T17:30:00Z'), 'Asia/Ho_Chi_Minh'), '00:30');
  t.throws(() => instantAtLocal('23/11/2026', 0, 'Asia/Ho_Chi_Minh'), RangeError);
});

t.test('property: instantAtLocal is the first instant whose clock reads the time or later', async () => {
  fc.assert(
    fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...DATES), fc.integer({ min: 0, max: 288 }), (zone, date, fives) => {
      const minutes = fives * 5;
      const got = instantAtLocal(date, minutes, zone);
      const want = oracleInstant(date, minutes, zone);
      if (quickOracleInstant(date, minutes, zone) !== want) throw new Error(`the quick oracle disagrees at ${zone} ${date} +${minutes}min`);
      if (got !== want) throw new Error(`${zone} ${date} +${minutes}min: ${new Date(got).toISOString()} ≠ ${new Date(want).toISOString()}`);
    }),
    { numRuns: 150 },
  );
});
