// Report ranges are whole local days of the report area's zone, and SQLite's day grouping agrees with them exactly,
// DST days included (design.md §11).
import t from 'tap';
import { MAX_REPORT_DAYS, dayIndexOf, dayIndexSql, reportRange } from '../../../hub/src/reports/index.js';
import { openTestDb } from '../../helpers/hub-db.js';

const VN = 'Asia/Ho_Chi_Minh';

t.test('a Vietnamese day runs from 17:00 UTC the day before', async (t) => {
  const r = reportRange('2026-05-01', '2026-05-03', VN);
  t.same(r.days.map((d) => d.date), ['2026-05-01', '2026-05-02', '2026-05-03']);
  t.equal(r.fromMs, Date.UTC(2026, 3, 30, 17));
  t.equal(r.toMs, Date.UTC(2026, 4, 3, 17));
  t.equal(dayIndexOf(r, Date.UTC(2026, 4, 1, 16, 59, 59, 999)), 0, '23:59:59.999 local on 1 May');
  t.equal(dayIndexOf(r, Date.UTC(2026, 4, 1, 17)), 1, 'local midnight starts 2 May');
  t.equal(dayIndexOf(r, r.toMs), -1, 'the end is exclusive');
  t.equal(dayIndexOf(r, r.fromMs - 1), -1);
});

t.test('bad ranges are refused with HUB_ERR_REPORT_RANGE', async (t) => {
  const cases: [string, string, string][] = [
    ['2026-02-30', '2026-03-01', 'a date that does not exist'],
    ['2026-05-03', '2026-05-01', 'a reversed range'],
    ['2025-01-01', '2026-01-02', 'a year and two days'],
    ['01/05/2026', '2026-05-03', 'Vietnamese written form is for display only'],
  ];
  for (const [from, to, why] of cases) {
    t.throws(() => reportRange(from, to, VN), { code: 'HUB_ERR_REPORT_RANGE' }, why);
  }
  t.equal(reportRange('2025-01-01', '2026-01-01', VN).days.length, MAX_REPORT_DAYS, 'a leap-free year and a day is the limit');
});

t.test('SQLite groups by the same local days as dayIndexOf, across DST changes', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  const zones: [string, string, string][] = [
    [VN, '2026-04-28', '2026-05-05'],
    ['Europe/Berlin', '2026-03-27', '2026-04-01'], // spring forward on 29 March: a 23-hour day
    ['Europe/Berlin', '2026-10-23', '2026-10-27'], // fall back on 25 October: a 25-hour day
    ['America/St_Johns', '2026-03-06', '2026-03-10'], // a half-hour offset
  ];
  for (const [zone, from, to] of zones) {
    const r = reportRange(from, to, zone);
    const probes: number[] = [];
    for (const d of r.days) probes.push(d.fromMs, d.fromMs + 1, d.toMs - 1, Math.floor((d.fromMs + d.toMs) / 2));
    const rows = await db.all<{ i: number }>(`SELECT ${dayIndexSql(r, 'value')} AS i FROM json_each(?)`, [JSON.stringify(probes)]);
    t.same(rows.map((row) => row.i), probes.map((p) => dayIndexOf(r, p)), `${zone} ${from}..${to}`);
  }
  const berlin = reportRange('2026-03-28', '2026-03-30', 'Europe/Berlin');
  t.same(berlin.days.map((d) => (d.toMs - d.fromMs) / 3600_000), [24, 23, 24]);
});
