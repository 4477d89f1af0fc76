// Schedules stay on the area's wall clock across DST changes (design.md §11), with nonexistent and repeated times
// resolved by the documented rule: the first instant the clock reads that time or later.
import t from 'tap';
import { addDays, buildProgramme, localClockOf, localDayRange, type ProgrammeSlot } from '@tinnguon/protocol';
import { at, bulletin, dated, input } from './programme-fixtures.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const span = (s: ProgrammeSlot | undefined) => (s === undefined ? undefined : s.windowEnd - s.windowStart);

t.test('Europe/Berlin: a daily 06:00 stays 06:00 local across the spring change, so its UTC time moves', async (t) => {
  const b = bulletin('bt-daily', {
    validFrom: at('2026-03-27', '00:00', BERLIN), validUntil: at('2026-04-01', '00:00', BERLIN),
    schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['06:00'], fromDate: '2026-03-27', toDate: '2026-03-31' },
  });
  const range = { from: localDayRange('2026-03-27', BERLIN).fromMs, to: localDayRange('2026-03-31', BERLIN).toMs };
  const p = buildProgramme(input({ timeZone: BERLIN, bulletins: [b] }), range.from, range.to);
  t.same(dated(p.slots, BERLIN), ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'].map((d) => `bt-daily@${d} 06:00`));
  t.same(p.slots.map((s) => new Date(s.startAt).toISOString().slice(11, 16)), ['05:00', '05:00', '04:00', '04:00', '04:00'], 'UTC+1, then UTC+2');
  t.same(p.slots.map((s) => localClockOf(s.windowStart, BERLIN)), ['05:00', '05:00', '05:00', '05:00', '05:00']);
});

t.test('America/New_York: the night the clocks go back, a 01:00–03:00 window lasts three hours', async (t) => {
  const windows = [{ start: '01:00', end: '03:00' }];
  const long = bulletin('bt-150min', { seconds: 150 * 60, validFrom: at('2026-10-30', '12:00', NEW_YORK), validUntil: at('2026-11-03', '00:00', NEW_YORK) });
  const from = localDayRange('2026-10-30', NEW_YORK).fromMs;
  const p = buildProgramme(input({ timeZone: NEW_YORK, windows, bulletins: [long] }), from, localDayRange('2026-11-02', NEW_YORK).toMs);
  t.same(dated(p.slots, NEW_YORK), ['bt-150min@2026-11-01 01:00'], 'it fits only on the 25-hour night');
  t.equal(p.slots[0]?.windowEnd, Date.UTC(2026, 10, 1, 8, 0), '03:00 EST');
  t.equal(p.slots[0]?.endAt, Date.UTC(2026, 10, 1, 7, 30), '150 minutes after 01:00 EDT is 02:30 EST');
});

t.test('Europe/Berlin: a time the clock skips plays at the jump; a time it repeats plays the first time', async (t) => {
  const windows = [{ start: '01:00', end: '04:00' }];
  const skipped = bulletin('bt-skipped', {
    validFrom: at('2026-03-28', '00:00', BERLIN), validUntil: at('2026-03-30', '00:00', BERLIN),
    schedule: { type: 'recurring', weekdays: [7], times: ['02:30'], fromDate: '2026-03-29', toDate: '2026-03-29' },
  });
  const spring = localDayRange('2026-03-29', BERLIN);
  const p = buildProgramme(input({ timeZone: BERLIN, windows, bulletins: [skipped] }), spring.fromMs, spring.toMs);
  t.equal(p.slots[0]?.startAt, Date.UTC(2026, 2, 29, 1, 0), '02:30 does not exist that night: 03:00 CEST');
  t.equal(span(p.slots[0]), 2 * 3600_000, 'and the window is two hours long');

  const repeated = bulletin('bt-repeated', {
    validFrom: at('2026-10-24', '00:00', BERLIN), validUntil: at('2026-10-27', '00:00', BERLIN),
    schedule: { type: 'recurring', weekdays: [7], times: ['02:30'], fromDate: '2026-10-25', toDate: '2026-10-25' },
  });
  const autumn = localDayRange('2026-10-25', BERLIN);
  const q = buildProgramme(input({ timeZone: BERLIN, windows, bulletins: [repeated] }), autumn.fromMs, autumn.toMs);
  t.equal(q.slots[0]?.startAt, Date.UTC(2026, 9, 25, 0, 30), 'the first 02:30, still CEST');
  t.equal(span(q.slots[0]), 4 * 3600_000, 'the window lasts four real hours that night');
});

t.test('Asia/Ho_Chi_Minh has no DST: every day is the same in UTC', async (t) => {
  const b = bulletin('bt-daily', { schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['17:05'], fromDate: '2026-11-23', toDate: '2026-11-29' } });
  const from = localDayRange('2026-11-23', 'Asia/Ho_Chi_Minh').fromMs;
  const p = buildProgramme(input({ bulletins: [b] }), from, localDayRange(addDays('2026-11-23', 6), 'Asia/Ho_Chi_Minh').toMs);
  t.same(p.slots.map((s) => new Date(s.startAt).toISOString().slice(11, 16)), Array(7).fill('10:05'), '17:05 local = 10:05 UTC every day');
});
