// Schedules (once, recurring, next window, repeat, validity) in the area's zone, and what a device sees mid-window.
import t from 'tap';
import { buildProgramme, localDayRange } from '@tinnguon/protocol';
import { at, brief, bulletin, codes, dated, DAY, HCM, HOUR, input } from './programme-fixtures.js';

const MON = localDayRange('2026-11-23', HCM);
const WEEK = { fromMs: MON.fromMs, toMs: MON.fromMs + 7 * DAY };

t.test('once: plays at its time, stored as UTC (17:15 in Đắk Nông is 10:15 UTC)', async (t) => {
  const p = buildProgramme(input({ bulletins: [bulletin('bt-once', { schedule: { type: 'once', at: at('2026-11-23', '17:15') } })] }), MON.fromMs, MON.toMs);
  t.same(brief(p.slots), ['bt-once@17:15-17:16']);
  t.equal(p.slots[0]?.startAt, Date.UTC(2026, 10, 23, 10, 15));
  t.match(p.slots[0], { windowStart: Date.UTC(2026, 10, 23, 10, 0), windowEnd: Date.UTC(2026, 10, 23, 11, 30), repeat: 1, durationMs: 60_000, revision: 1, mode: 'live' });
});

t.test('recurring: chosen weekdays and times within the date range, both ends included', async (t) => {
  const b = bulletin('bt-weekly', {
    schedule: { type: 'recurring', weekdays: [1, 3], times: ['17:15', '05:30'], fromDate: '2026-11-23', toDate: '2026-11-25' },
  });
  const p = buildProgramme(input({ bulletins: [b] }), WEEK.fromMs, WEEK.toMs);
  t.same(dated(p.slots), ['bt-weekly@2026-11-23 05:30', 'bt-weekly@2026-11-23 17:15', 'bt-weekly@2026-11-25 05:30', 'bt-weekly@2026-11-25 17:15']);
});

t.test('recurring: a time outside the windows is reported each day it falls, never placed', async (t) => {
  const b = bulletin('bt-relay', { schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['03:15', '17:00'], fromDate: '2026-11-01', toDate: '2026-12-31' } });
  const p = buildProgramme(input({ bulletins: [b] }), MON.fromMs, MON.fromMs + 2 * DAY);
  t.same(dated(p.slots), ['bt-relay@2026-11-23 17:00', 'bt-relay@2026-11-24 17:00']);
  t.same(codes(p.warnings), ['bt-relay:OUTSIDE_WINDOW', 'bt-relay:OUTSIDE_WINDOW']);
  t.same(p.warnings.map((w) => w.at), [at('2026-11-23', '03:15'), at('2026-11-24', '03:15')]);
});

t.test('next window: anchored on validFrom, so it plays once however often the programme is computed', async (t) => {
  const b = bulletin('bt-next', { validFrom: at('2026-11-23', '10:00'), validUntil: at('2026-11-27', '00:00') });
  const week = buildProgramme(input({ bulletins: [b] }), WEEK.fromMs, WEEK.toMs);
  t.same(dated(week.slots), ['bt-next@2026-11-23 17:00'], 'the first window after 10:00, and only that one');
  const later = buildProgramme(input({ bulletins: [b] }), at('2026-11-23', '18:40'), WEEK.toMs);
  t.same(later.slots, [], 'a device asking after the window does not play it again');
  t.same(later.warnings, []);
});

t.test('next window: published inside a window, it starts then; without room left, the next window takes it', async (t) => {
  const inside = bulletin('bt-inside', { validFrom: at('2026-11-23', '17:40') });
  const late = bulletin('bt-late', { validFrom: at('2026-11-23', '18:25'), seconds: 10 * 60 });
  const p = buildProgramme(input({ bulletins: [inside, late] }), WEEK.fromMs, WEEK.toMs);
  t.same(dated(p.slots), ['bt-inside@2026-11-23 17:40', 'bt-late@2026-11-24 05:00']);
});

t.test('next window: no window within the validity can hold it → NO_WINDOW, not placed', async (t) => {
  const short = bulletin('bt-short-lived', { validFrom: at('2026-11-23', '07:00'), validUntil: at('2026-11-23', '12:00') });
  const huge = bulletin('bt-huge', { seconds: 2 * 3600 });
  const p = buildProgramme(input({ bulletins: [short, huge] }), MON.fromMs, MON.toMs);
  t.same(p.slots, []);
  t.same(codes(p.warnings), ['bt-huge:NO_WINDOW', 'bt-short-lived:NO_WINDOW']);
  t.match(p.warnings[0]?.vi, /đủ 120 phút/);
  const empty = buildProgramme(input({ windows: [], bulletins: [bulletin('bt-any')] }), MON.fromMs, MON.toMs);
  t.same(codes(empty.warnings), ['bt-any:NO_WINDOW'], 'an area without windows plays nothing but emergencies');
});

t.test('validity: a one-off time outside it is reported; recurring plays stop quietly when it ends', async (t) => {
  const early = bulletin('bt-early', { validFrom: at('2026-11-23', '12:00'), schedule: { type: 'once', at: at('2026-11-23', '05:15') } });
  const ending = bulletin('bt-ending', {
    validUntil: at('2026-11-24', '12:00'),
    schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['05:15'], fromDate: '2026-11-01', toDate: '2026-12-31' },
  });
  const p = buildProgramme(input({ bulletins: [early, ending] }), WEEK.fromMs, WEEK.toMs);
  t.same(dated(p.slots), ['bt-ending@2026-11-23 05:15', 'bt-ending@2026-11-24 05:15']);
  t.same(codes(p.warnings), ['bt-early:OUTSIDE_VALIDITY']);
});

t.test('a device computing mid-window still gets the slot under way, to start late at the right offset', async (t) => {
  const p = buildProgramme(input({ bulletins: [bulletin('bt-long', { seconds: 20 * 60 })] }), at('2026-11-23', '05:10'), at('2026-11-23', '12:00'));
  t.same(brief(p.slots), ['bt-long@05:00-05:20']);
});

t.test('bad input fails closed with a warning, never a throw', async (t) => {
  const b = bulletin('bt-any');
  const zone = buildProgramme(input({ timeZone: 'Mars/Olympus_Mons', bulletins: [b] }), MON.fromMs, MON.toMs);
  t.same(zone.slots, []);
  t.same(codes(zone.warnings), ['bt-any:INVALID_TIME_ZONE']);
  const noDuration = bulletin('bt-silent', { content: { kind: 'audio', media: { sha256: 'c'.repeat(64), bytes: 10, mime: 'audio/mpeg' } } });
  const nowSchedule = bulletin('bt-now', { schedule: { type: 'now' } });
  const p = buildProgramme(input({ bulletins: [noDuration, nowSchedule] }), MON.fromMs, MON.toMs);
  t.same(p.slots, []);
  t.same(codes(p.warnings), ['bt-now:UNSUPPORTED_SCHEDULE', 'bt-silent:NO_DURATION']);
  t.same(buildProgramme(input({ bulletins: [b] }), MON.toMs, MON.fromMs), { slots: [], warnings: [] }, 'an empty range');
  const odd = buildProgramme(input({ windows: [{ start: '06:00', end: '05:00' }, { start: '17:00', end: '18:00' }, { start: '17:30', end: '18:30' }], bulletins: [b] }), MON.fromMs, MON.toMs);
  t.same(odd.slots.map((s) => [s.windowStart, s.windowEnd]), [[at('2026-11-23', '17:00'), at('2026-11-23', '18:30')]], 'reversed windows dropped, overlapping ones merged');
});

t.test('LED boards: priority slides first in the loop, each in it until the window ends', async (t) => {
  const province = bulletin('bt-z-province', { led: true, seconds: 8 });
  const commune = bulletin('bt-a-commune', { led: true, seconds: 8, originDepth: 2, targetAreas: ['24628'] });
  const normal = bulletin('bt-m-normal', { led: true, seconds: 10, priority: 'normal' });
  const evening = bulletin('bt-evening', {
    led: true, priority: 'normal', schedule: { type: 'recurring', weekdays: [1], times: ['19:30', '20:00'], fromDate: '2026-11-23', toDate: '2026-11-23' },
  });
  const p = buildProgramme(
    input({ kind: 'led', bulletins: [normal, commune, province, evening], selections: [{ bulletinId: 'bt-m-normal', schedule: { type: 'nextWindow' } }, { bulletinId: 'bt-evening' }] }),
    MON.fromMs,
    MON.toMs,
  );
  t.same(brief(p.slots), ['bt-z-province@05:00-07:00', 'bt-a-commune@05:00-07:00', 'bt-m-normal@05:00-07:00', 'bt-evening@19:30-22:00'], 'loop order within each window; 20:00 adds nothing');
  t.match(p.slots[0]?.reason.vi, /trình chiếu lặp lại trên bảng tin đến 07:00/);
  t.ok(p.slots.every((s) => s.durationMs > 0 && s.endAt <= s.windowEnd));
  const tooLong = buildProgramme(input({ kind: 'led', bulletins: [bulletin('bt-late-slides', { led: true, seconds: 600, schedule: { type: 'once', at: at('2026-11-23', '21:55') } })] }), MON.fromMs, MON.toMs);
  t.same(codes(tooLong.warnings), ['bt-late-slides:DOES_NOT_FIT'], 'one full pass must fit before the board goes blank');
  const expiring = buildProgramme(input({ kind: 'led', bulletins: [bulletin('bt-until-six', { led: true, validUntil: at('2026-11-23', '06:00') })] }), MON.fromMs, MON.toMs);
  t.same(brief(expiring.slots), ['bt-until-six@05:00-06:00'], 'it leaves the loop when it expires');
});

t.test('a day is 23 or 25 hours on DST days, and the programme follows the local clock', async (t) => {
  t.equal(localDayRange('2026-03-29', 'Europe/Berlin').toMs - localDayRange('2026-03-29', 'Europe/Berlin').fromMs, 23 * HOUR);
  t.equal(localDayRange('2026-11-01', 'America/New_York').toMs - localDayRange('2026-11-01', 'America/New_York').fromMs, 25 * HOUR);
  t.equal(localDayRange('2026-11-23', HCM).toMs - localDayRange('2026-11-23', HCM).fromMs, 24 * HOUR);
});
