// The ordering rules of Điều 8 and Điều 10 (QĐ 993/2024), one row per rule, as a commune loudspeaker in Xã Đắk Nia
// (province 67 → district 660 → commune 24628) plays them on Monday 23/11/2026, windows 05:00–06:30 and 17:00–18:30.
import t from 'tap';
import { buildProgramme, localDayRange, type Bulletin, type ProgrammeSelection } from '@tinnguon/protocol';
import { at, brief, bulletin, codes, input } from './programme-fixtures.js';

const DAY = localDayRange('2026-11-23', 'Asia/Ho_Chi_Minh');
const province = (id: string, o: Parameters<typeof bulletin>[1] = {}) => bulletin(id, { originDepth: 0, ...o });
const district = (id: string, o: Parameters<typeof bulletin>[1] = {}) => bulletin(id, { originDepth: 1, ...o });
const commune = (id: string, o: Parameters<typeof bulletin>[1] = {}) => bulletin(id, { originDepth: 2, targetAreas: ['24628'], ...o });
const normal = (id: string, o: Parameters<typeof bulletin>[1] = {}) => bulletin(id, { priority: 'normal', ...o });

interface Row {
  readonly rule: string;
  readonly name: string;
  readonly bulletins: readonly Bulletin[];
  readonly selections?: readonly ProgrammeSelection[];
  readonly recalled?: readonly string[];
  readonly chain?: readonly string[];
  readonly slots: readonly string[];
  readonly warnings?: readonly string[];
}

const rows: Row[] = [
  {
    rule: 'Điều 8.2',
    name: 'priority plays province, then district, then commune, back to back from the next window',
    bulletins: [commune('bt-a-commune'), district('bt-b-district'), province('bt-c-province')],
    slots: ['bt-c-province@05:00-05:01', 'bt-b-district@05:01-05:02', 'bt-a-commune@05:02-05:03'],
  },
  {
    rule: 'Điều 8.2 (levels are data)',
    name: 'in a two-level tree (province → commune, 2025) the order is still by the issuing level',
    chain: ['67', '24628'],
    bulletins: [bulletin('bt-a-commune', { originDepth: 1, originArea: '24628', targetAreas: ['24628'] }), province('bt-b-province')],
    slots: ['bt-b-province@05:00-05:01', 'bt-a-commune@05:01-05:02'],
  },
  {
    rule: 'Điều 8.2, second paragraph',
    name: 'the commune chair puts the commune’s own before the province’s colliding one',
    bulletins: [province('bt-province'), commune('bt-commune')],
    selections: [{ bulletinId: 'bt-commune', order: 0 }, { bulletinId: 'bt-province', order: 1 }],
    slots: ['bt-commune@05:00-05:01', 'bt-province@05:01-05:02'],
  },
  {
    rule: 'Điều 8.2, second paragraph',
    name: 'what the chair did not order follows what it did, in the default order',
    bulletins: [province('bt-province'), district('bt-district'), commune('bt-commune')],
    selections: [{ bulletinId: 'bt-commune', order: 5 }],
    slots: ['bt-commune@05:00-05:01', 'bt-province@05:01-05:02', 'bt-district@05:02-05:03'],
  },
  {
    rule: 'Điều 8.2 (determinism)',
    name: 'two bulletins of the same level without an order: by bulletin id',
    bulletins: [province('bt-province-b'), province('bt-province-a')],
    slots: ['bt-province-a@05:00-05:01', 'bt-province-b@05:01-05:02'],
  },
  {
    rule: 'Điều 8.2 before 8.3',
    name: 'a picked normal bulletin asking for the window start goes after the priority ones',
    bulletins: [normal('bt-a-normal'), commune('bt-b-commune')],
    selections: [{ bulletinId: 'bt-a-normal', schedule: { type: 'nextWindow' } }],
    slots: ['bt-b-commune@05:00-05:01', 'bt-a-normal@05:01-05:02'],
  },
  {
    rule: 'Điều 8.3',
    name: 'a normal bulletin the commune did not pick never plays, and nothing warns about it',
    bulletins: [normal('bt-offered', { schedule: { type: 'once', at: at('2026-11-23', '17:10') } })],
    slots: [],
  },
  {
    rule: 'Điều 8.3',
    name: 'the commune’s own time replaces the one the bulletin suggests',
    bulletins: [normal('bt-normal', { schedule: { type: 'once', at: at('2026-11-23', '05:10') } })],
    selections: [{ bulletinId: 'bt-normal', schedule: { type: 'once', at: at('2026-11-23', '17:20') } }],
    slots: ['bt-normal@17:20-17:21'],
  },
  {
    rule: 'Điều 8.3',
    name: 'two normal bulletins chosen for the same time: the commune’s order, and the second follows the first',
    bulletins: [normal('bt-a-normal'), normal('bt-b-normal')],
    selections: [
      { bulletinId: 'bt-a-normal', order: 2, schedule: { type: 'once', at: at('2026-11-23', '17:30') } },
      { bulletinId: 'bt-b-normal', order: 1, schedule: { type: 'once', at: at('2026-11-23', '17:30') } },
    ],
    slots: ['bt-b-normal@17:30-17:31', 'bt-a-normal@17:31-17:32'],
  },
  {
    rule: 'Điều 8.1',
    name: 'an emergency is not in the programme: the urgent path plays it at once, at any hour',
    bulletins: [province('bt-emergency', { priority: 'emergency', schedule: { type: 'now' } })],
    slots: [],
  },
  {
    rule: 'Điều 8.2 (a dated priority item)',
    name: 'a priority bulletin with a time keeps it; "next window" ones fill in around it',
    bulletins: [province('bt-a-at-0500', { schedule: { type: 'once', at: at('2026-11-23', '05:00') }, seconds: 120 }), commune('bt-b-next')],
    slots: ['bt-a-at-0500@05:00-05:02', 'bt-b-next@05:02-05:03'],
  },
  {
    rule: 'Điều 8.2 (a dated priority item)',
    name: 'the level order holds in time too: the commune’s next-window item follows the province’s 05:30 one',
    bulletins: [province('bt-a-at-0530', { schedule: { type: 'once', at: at('2026-11-23', '05:30') } }), commune('bt-b-next')],
    slots: ['bt-a-at-0530@05:30-05:31', 'bt-b-next@05:31-05:32'],
  },
  {
    rule: 'Điều 8.3',
    name: 'a normal item chosen for 05:10 plays then, in the gap before a priority item dated 05:30',
    bulletins: [province('bt-a-at-0530', { schedule: { type: 'once', at: at('2026-11-23', '05:30') } }), normal('bt-b-normal')],
    selections: [{ bulletinId: 'bt-b-normal', schedule: { type: 'once', at: at('2026-11-23', '05:10') } }],
    slots: ['bt-b-normal@05:10-05:11', 'bt-a-at-0530@05:30-05:31'],
  },
  {
    rule: 'Điều 8.3',
    name: 'a normal item that cannot finish before a priority one moves to after it',
    bulletins: [province('bt-a-at-0530', { schedule: { type: 'once', at: at('2026-11-23', '05:30') } }), normal('bt-b-normal', { seconds: 30 * 60 })],
    selections: [{ bulletinId: 'bt-b-normal', schedule: { type: 'once', at: at('2026-11-23', '05:10') } }],
    slots: ['bt-a-at-0530@05:30-05:31', 'bt-b-normal@05:31-06:01'],
  },
  {
    rule: 'Điều 10 (the 03:15 relay incident)',
    name: 'a time outside the windows is never placed and is reported',
    bulletins: [province('bt-night', { schedule: { type: 'once', at: at('2026-11-23', '03:15') } })],
    slots: [],
    warnings: ['bt-night:OUTSIDE_WINDOW'],
  },
  {
    rule: 'Điều 10',
    name: 'an item that would overrun its window is not placed; the rest still play',
    bulletins: [province('bt-a-long', { seconds: 80 * 60 }), commune('bt-b-short', { seconds: 5 * 60 }), commune('bt-c-tiny', { seconds: 5 * 60 })],
    slots: ['bt-a-long@05:00-06:20', 'bt-b-short@06:20-06:25', 'bt-c-tiny@06:25-06:30'],
  },
  {
    rule: 'Điều 10',
    name: 'when the window is full, the lower-ranked item is the one left out',
    bulletins: [province('bt-a-long', { seconds: 85 * 60 }), commune('bt-b-short', { seconds: 10 * 60 })],
    slots: ['bt-a-long@05:00-06:25'],
    warnings: ['bt-b-short:DOES_NOT_FIT'],
  },
  {
    rule: 'Bulletin.repeat',
    name: 'repeat N plays back to back, and the next item follows the last play',
    bulletins: [province('bt-a-thrice', { repeat: 3 }), commune('bt-b-next')],
    slots: ['bt-a-thrice@05:00-05:03', 'bt-b-next@05:03-05:04'],
  },
  {
    rule: 'Recall',
    name: 'a recalled bulletin is never placed',
    bulletins: [province('bt-recalled'), commune('bt-kept')],
    recalled: ['bt-recalled'],
    slots: ['bt-kept@05:00-05:01'],
  },
  {
    rule: 'Điều 7 / area',
    name: 'LED content and bulletins for other communes are not a loudspeaker’s business',
    bulletins: [province('bt-led', { led: true }), bulletin('bt-other-commune', { originDepth: 1, targetAreas: ['24611'] }), commune('bt-mine')],
    slots: ['bt-mine@05:00-05:01'],
  },
];

for (const row of rows) {
  t.test(`${row.rule}: ${row.name}`, async (t) => {
    const p = buildProgramme(
      input({ bulletins: row.bulletins, selections: row.selections ?? [], recalled: row.recalled ?? [], ...(row.chain ? { areaChain: row.chain } : {}) }),
      DAY.fromMs,
      DAY.toMs,
    );
    t.same(brief(p.slots), row.slots);
    t.same(codes(p.warnings), row.warnings ?? []);
  });
}

t.test('the reasons say, in the domain’s words, why each item is where it is', async (t) => {
  const p = buildProgramme(input({ bulletins: [province('bt-province'), commune('bt-commune'), normal('bt-normal')], selections: [{ bulletinId: 'bt-normal', schedule: { type: 'once', at: at('2026-11-23', '05:01') } }] }), DAY.fromMs, DAY.toMs);
  const [first, second, third] = p.slots;
  t.equal(first?.reason.code, 'PRIORITY_NEXT_WINDOW');
  t.match(first?.reason.vi, /^Ưu tiên, cấp tỉnh \(67\): vào khung giờ kế tiếp 05:00–06:30.*xếp trước bản tin ưu tiên của xã/);
  t.match(first?.reason.en, /placed before the commune's own/);
  t.match(second?.reason.vi, /cấp xã \(24628\).*xếp sau bản tin ưu tiên của cấp trên/);
  t.equal(third?.reason.code, 'NORMAL_CHOSEN');
  t.match(third?.reason.vi, /Thông thường: xã đã chọn phát lúc 05:01 \(Điều 8\.3\); lùi đến 05:02/);

  const ordered = buildProgramme(input({ bulletins: [province('bt-province'), commune('bt-commune')], selections: [{ bulletinId: 'bt-commune', order: 1 }] }), DAY.fromMs, DAY.toMs);
  t.equal(ordered.slots[0]?.reason.code, 'PRIORITY_CHAIR_ORDER');
  t.match(ordered.slots[0]?.reason.vi, /thứ tự 1 do Chủ tịch UBND xã quyết định \(Điều 8\.2\)/);

  const night = buildProgramme(input({ bulletins: [province('bt-night', { schedule: { type: 'once', at: at('2026-11-23', '03:15') } })] }), DAY.fromMs, DAY.toMs);
  t.same(night.warnings[0], {
    bulletinId: 'bt-night',
    code: 'OUTSIDE_WINDOW',
    vi: 'Giờ phát 03:15 23/11/2026 nằm ngoài khung giờ hoạt động (05:00–06:30, 17:00–18:30); không phát (Điều 10)',
    en: 'The broadcast time 03:15 23/11/2026 is outside the operating windows (05:00–06:30, 17:00–18:30); not played (Điều 10)',
    at: at('2026-11-23', '03:15'),
  });
});
