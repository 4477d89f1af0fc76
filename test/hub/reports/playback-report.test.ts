// Playback per area, bulletin, device and day from grouped log rows: table tests over a small two-district tree.
import t from 'tap';
import { buildAreaTree, type Area } from '../../../hub/src/areas/index.js';
import {
  addRow, buildPlaybackReport, chartAreas, countsByKey, emptyCounts, playedShare, reportRange, type CountRow, type PlaybackInputs,
} from '../../../hub/src/reports/index.js';

const TZ = 'Asia/Ho_Chi_Minh';
const area = (code: string, name: string, parentCode: string | null): Area => ({ code, name, parentCode, timeZone: TZ });
// Tỉnh 67 → huyện 663 (xã 24670, 24673) and huyện 664 (xã 24715).
const tree = buildAreaTree([
  area('67', 'Tỉnh Đắk Nông', null), area('663', 'Huyện Đắk Mil', '67'), area('24670', 'Thị trấn Đắk Mil', '663'),
  area('24673', 'Xã Đắk Lao', '663'), area('664', 'Huyện Krông Nô', '67'), area('24715', 'Xã Nâm Nung', '664'),
]);
const range = reportRange('2026-05-01', '2026-05-03', TZ);
const row = (key: CountRow['key'], event: string, count: number, playedMs: number | null = null): CountRow => ({ key, event, count, playedMs });

const devices = [
  { id: 'ls-24670-a', name: 'Cụm loa tổ dân phố 1', kind: 'loudspeaker', areaCode: '24670', state: 'active' },
  { id: 'ls-24670-b', name: 'Cụm loa chợ', kind: 'loudspeaker', areaCode: '24670', state: 'active' },
  { id: 'led-24673', name: 'Bảng tin UBND xã', kind: 'led', areaCode: '24673', state: 'active' },
  { id: 'ls-24715', name: 'Cụm loa buôn Ja Ráh', kind: 'loudspeaker', areaCode: '24715', state: 'active' },
  { id: 'ls-663', name: 'Cụm loa trung tâm huyện', kind: 'loudspeaker', areaCode: '663', state: 'active' },
];

function inputs(over: Partial<PlaybackInputs> = {}): PlaybackInputs {
  return {
    tree, root: '67', range, bulletinFilter: null, devices,
    bulletins: [{ id: 'bt-sot-xuat-huyet', title: 'Phòng chống sốt xuất huyết', priority: 'priority', mode: 'live' }],
    groups: {
      byDevice: [
        row('ls-24670-a', 'played', 4, 480_000), row('ls-24670-a', 'missed', 1),
        row('ls-24670-b', 'played', 2, 240_000), row('ls-24670-b', 'interrupted', 1, 30_000),
        row('led-24673', 'rejected', 3),
        row('ls-663', 'played', 1, 60_000), row('ls-663', 'fault', 1),
      ],
      byBulletin: [row('bt-sot-xuat-huyet', 'played', 7, 780_000), row('bt-sot-xuat-huyet', 'missed', 1), row('bt-sot-xuat-huyet', 'interrupted', 1, 30_000), row('bt-khac', 'rejected', 3), row(null, 'fault', 1)],
      byDay: [row(0, 'played', 5, 600_000), row(2, 'played', 2, 180_000), row(2, 'missed', 1)],
      reach: [{ bulletinId: 'bt-sot-xuat-huyet', devices: 3 }],
    },
    ...over,
  };
}

t.test('counting: each event in its column, an unknown event in none', async (t) => {
  const c = emptyCounts();
  addRow(c, { event: 'played', count: 3, playedMs: 90_000 });
  addRow(c, { event: 'missed', count: 2, playedMs: null });
  addRow(c, { event: 'exploded', count: 9, playedMs: 5 });
  t.same(c, { played: 3, missed: 2, interrupted: 0, stopped: 0, rejected: 0, fault: 0, total: 5, playedMs: 90_000 });
  t.equal(playedShare(c), 0.6);
  t.equal(playedShare(emptyCounts()), null, 'no logs: no share, not 0 %');
  t.same([...countsByKey([row('a', 'played', 1), row('b', 'missed', 1), row('a', 'missed', 2)]).keys()], ['a', 'b']);
});

t.test('areas: own logs and the whole subtree below, parents first', async (t) => {
  const report = buildPlaybackReport(inputs());
  const byCode = new Map(report.byArea.map((r) => [r.code, r]));
  t.same(report.byArea.map((r) => [r.code, r.depth]), [['67', 0], ['663', 1], ['24670', 2], ['24673', 2], ['664', 1], ['24715', 2]]);
  const cases: [string, { own: number; total: number; played: number; devices: number }][] = [
    ['24670', { own: 8, total: 8, played: 6, devices: 2 }],
    ['24673', { own: 3, total: 3, played: 0, devices: 1 }],
    ['663', { own: 2, total: 13, played: 7, devices: 4 }], // a device at district level counts for the district itself
    ['664', { own: 0, total: 0, played: 0, devices: 1 }], // a silent device still counts as a device
    ['67', { own: 0, total: 13, played: 7, devices: 5 }],
  ];
  for (const [code, want] of cases) {
    const r = byCode.get(code)!;
    t.same({ own: r.own.total, total: r.total.total, played: r.total.played, devices: r.devices }, want, code);
  }
  t.same(report.totals, { played: 7, missed: 1, interrupted: 1, stopped: 0, rejected: 3, fault: 1, total: 13, playedMs: 810_000 });
  t.same(chartAreas(report.byArea).map((r) => r.code), ['663', '664'], 'the chart compares the districts');
  const commune = buildPlaybackReport(inputs({ root: '24670' }));
  t.same(chartAreas(commune.byArea).map((r) => r.code), ['24670'], 'a commune without children charts itself');
  t.same(commune.area, { code: '24670', name: 'Thị trấn Đắk Mil', timeZone: TZ });
});

t.test('bulletins: titled, most logs first, devices reached; logs without a bulletin kept apart', async (t) => {
  const report = buildPlaybackReport(inputs());
  t.same(report.byBulletin.map((b) => [b.bulletinId, b.title, b.counts.total, b.devicesPlayed]), [
    ['bt-sot-xuat-huyet', 'Phòng chống sốt xuất huyết', 9, 3],
    ['bt-khac', null, 3, 0], // deleted or unknown to this hub: the id is still shown
    [null, null, 1, 0],
  ]);
});

t.test('devices: every device of the scope, silent ones with zeros; days: every day of the range', async (t) => {
  const report = buildPlaybackReport(inputs());
  const silent = report.byDevice.find((d) => d.deviceId === 'ls-24715')!;
  t.equal(silent.counts.total, 0);
  t.equal(silent.areaName, 'Xã Nâm Nung');
  t.same(report.byDay.map((d) => [d.date, d.counts.played, d.counts.missed]), [['2026-05-01', 5, 0], ['2026-05-02', 0, 0], ['2026-05-03', 2, 1]]);
});
