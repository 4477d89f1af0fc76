// Caps per area (issue 6: "optional caps per area, maximum sessions per day and minutes per session, cover rules like
// Hà Nội's"), one row per rule, on a commune loudspeaker in Xã Đắk Nia on Monday 23/11/2026, windows 05:00–06:30 and
// 17:00–18:30 (Điều 10 defaults). A session (buổi phát) is one window of a local day in which anything plays.
import t from 'tap';
import { buildProgramme, localDayRange, type BroadcastCaps, type Bulletin, type ProgrammeInput, type ProgrammeSelection } from '@tinnguon/protocol';
import { at, brief, bulletin, codes, dated, DAY as DAY_MS, input } from './programme-fixtures.js';

const MONDAY = '2026-11-23';
const DAY = localDayRange(MONDAY, 'Asia/Ho_Chi_Minh');
const province = (id: string, o: Parameters<typeof bulletin>[1] = {}) => bulletin(id, { originDepth: 0, ...o });
const commune = (id: string, o: Parameters<typeof bulletin>[1] = {}) => bulletin(id, { originDepth: 2, targetAreas: ['24628'], ...o });
const once = (clock: string, date = MONDAY): Bulletin['schedule'] => ({ type: 'once', at: at(date, clock) });
const RULE = 'caps per area, e.g. Hà Nội';

interface Row {
  readonly rule: string;
  readonly name: string;
  readonly caps: BroadcastCaps | undefined;
  readonly bulletins: readonly Bulletin[];
  readonly selections?: readonly ProgrammeSelection[];
  readonly over?: Partial<ProgrammeInput>;
  readonly slots: readonly string[];
  readonly warnings?: readonly string[];
}

const rows: Row[] = [
  {
    rule: `${RULE}: no caps`,
    name: 'without caps both windows play, as before caps existed',
    caps: undefined,
    bulletins: [province('bt-morning'), commune('bt-evening', { schedule: once('17:10') })],
    slots: ['bt-morning@05:00-05:01', 'bt-evening@17:10-17:11'],
  },
  {
    rule: `${RULE}: sessionsPerDay`,
    name: 'one session a day: the morning holds content, so the evening item would open a second session and is not placed',
    caps: { sessionsPerDay: 1 },
    bulletins: [province('bt-morning'), commune('bt-evening', { schedule: once('17:10') })],
    slots: ['bt-morning@05:00-05:01'],
    warnings: ['bt-evening:SESSIONS_PER_DAY_CAP'],
  },
  {
    rule: `${RULE}: sessionsPerDay`,
    name: 'a window with nothing in it is no session: with only an evening item, the evening is the first session',
    caps: { sessionsPerDay: 1 },
    bulletins: [commune('bt-evening', { schedule: once('17:10') })],
    slots: ['bt-evening@17:10-17:11'],
  },
  {
    rule: `${RULE}: sessionsPerDay`,
    name: 'a window whose only item does not fit holds nothing, so it does not use up the day’s session',
    caps: { sessionsPerDay: 1 },
    over: { windows: [{ start: '05:00', end: '05:01' }, { start: '17:00', end: '18:30' }] },
    bulletins: [province('bt-too-long', { seconds: 120, schedule: once('05:00') }), commune('bt-evening', { schedule: once('17:10') })],
    slots: ['bt-evening@17:10-17:11'],
    warnings: ['bt-too-long:DOES_NOT_FIT'],
  },
  {
    rule: `${RULE}: sessionsPerDay`,
    name: 'two sessions a day over three windows: the third window to hold content stays silent, each of its items warned',
    caps: { sessionsPerDay: 2 },
    over: { windows: [{ start: '05:00', end: '06:00' }, { start: '11:00', end: '11:30' }, { start: '17:00', end: '18:00' }] },
    bulletins: [
      province('bt-a', { schedule: once('05:10') }),
      province('bt-b', { schedule: once('11:10') }),
      province('bt-c', { schedule: once('17:10') }),
      commune('bt-d', { schedule: once('17:20') }),
    ],
    slots: ['bt-a@05:10-05:11', 'bt-b@11:10-11:11'],
    warnings: ['bt-c:SESSIONS_PER_DAY_CAP', 'bt-d:SESSIONS_PER_DAY_CAP'],
  },
  {
    rule: `${RULE}: minutesPerSession`,
    name: 'five minutes a session: two 2-minute items fit, the third would overflow and is cut, a 1-minute one still fits',
    caps: { minutesPerSession: 5 },
    bulletins: [province('bt-1', { seconds: 120 }), province('bt-2', { seconds: 120 }), province('bt-3', { seconds: 120 }), commune('bt-4', { seconds: 60 })],
    slots: ['bt-1@05:00-05:02', 'bt-2@05:02-05:04', 'bt-4@05:04-05:05'],
    warnings: ['bt-3:MINUTES_PER_SESSION_CAP'],
  },
  {
    rule: `${RULE}: minutesPerSession`,
    name: 'the minutes count every play: 2 minutes repeated 3 times is 6 minutes, more than 5',
    caps: { minutesPerSession: 5 },
    bulletins: [province('bt-repeated', { seconds: 120, repeat: 3 })],
    slots: [],
    warnings: ['bt-repeated:MINUTES_PER_SESSION_CAP'],
  },
  {
    rule: `${RULE}: minutesPerSession, with Điều 8.2`,
    name: 'the budget goes in priority order: the province’s bulletin first, the commune’s own is the one cut',
    caps: { minutesPerSession: 3 },
    bulletins: [commune('bt-a-commune', { seconds: 120 }), province('bt-b-province', { seconds: 120 })],
    slots: ['bt-b-province@05:00-05:02'],
    warnings: ['bt-a-commune:MINUTES_PER_SESSION_CAP'],
  },
  {
    rule: `${RULE}: minutesPerSession, with Điều 8.2 second paragraph`,
    name: 'the commune chair’s order decides who is placed first, so then the province’s is cut',
    caps: { minutesPerSession: 3 },
    bulletins: [commune('bt-a-commune', { seconds: 120 }), province('bt-b-province', { seconds: 120 })],
    selections: [{ bulletinId: 'bt-a-commune', order: 0 }, { bulletinId: 'bt-b-province', order: 1 }],
    slots: ['bt-a-commune@05:00-05:02'],
    warnings: ['bt-b-province:MINUTES_PER_SESSION_CAP'],
  },
  {
    rule: `${RULE}: minutesPerSession, with Điều 8.3`,
    name: 'priority before the commune’s normal picks: the normal item is the one over the budget',
    caps: { minutesPerSession: 2 },
    bulletins: [bulletin('bt-normal', { priority: 'normal', seconds: 60 }), commune('bt-commune', { seconds: 90, schedule: once('05:30') })],
    selections: [{ bulletinId: 'bt-normal', schedule: once('05:00') }],
    slots: ['bt-commune@05:30-05:31'],
    warnings: ['bt-normal:MINUTES_PER_SESSION_CAP'],
  },
  {
    rule: `${RULE}: minutesPerSession`,
    name: 'the budget is per window: the evening has its own minutes',
    caps: { minutesPerSession: 2 },
    bulletins: [province('bt-morning', { seconds: 120 }), commune('bt-evening', { seconds: 120, schedule: once('17:00') })],
    slots: ['bt-morning@05:00-05:02', 'bt-evening@17:00-17:02'],
  },
  {
    rule: `${RULE}: both caps`,
    name: 'one session of at most 2 minutes: the morning is cut to fit, the evening does not play',
    caps: { sessionsPerDay: 1, minutesPerSession: 2 },
    bulletins: [province('bt-1', { seconds: 90 }), province('bt-2', { seconds: 60 }), commune('bt-evening', { schedule: once('17:10') })],
    slots: ['bt-1@05:00-05:01'],
    warnings: ['bt-2:MINUTES_PER_SESSION_CAP', 'bt-evening:SESSIONS_PER_DAY_CAP'],
  },
  {
    rule: `${RULE}; Điều 8.1`,
    name: 'an emergency is never capped and does not count: it is not in the programme, and the evening session still plays',
    caps: { sessionsPerDay: 1, minutesPerSession: 1 },
    bulletins: [
      province('bt-emergency', { priority: 'emergency', schedule: { type: 'now' }, seconds: 300, validFrom: at(MONDAY, '04:00') }),
      commune('bt-evening', { schedule: once('17:10') }),
    ],
    slots: ['bt-evening@17:10-17:11'],
  },
  {
    rule: `${RULE}: LED boards (Điều 10.2 windows)`,
    name: 'on an LED board the minutes bound the loop: one pass of each bulletin’s slides',
    caps: { minutesPerSession: 1 },
    over: { kind: 'led' },
    bulletins: [province('bt-led-a', { led: true, seconds: 40 }), province('bt-led-b', { led: true, seconds: 30 }), province('bt-led-c', { led: true, seconds: 20 })],
    slots: ['bt-led-a@05:00-07:00', 'bt-led-c@05:00-07:00'],
    warnings: ['bt-led-b:MINUTES_PER_SESSION_CAP'],
  },
];

for (const row of rows) {
  t.test(`${row.rule}: ${row.name}`, async (t) => {
    const programme = buildProgramme(
      input({ bulletins: row.bulletins, selections: row.selections ?? [], ...row.over, ...(row.caps === undefined ? {} : { caps: row.caps }) }),
      DAY.fromMs,
      DAY.toMs,
    );
    t.same(brief(programme.slots), row.slots);
    t.same(codes(programme.warnings), row.warnings ?? []);
  });
}

t.test(`${RULE}: caps that limit nothing change nothing (no caps = today’s behaviour)`, async (t) => {
  const bulletins = [
    province('bt-a'), province('bt-b', { seconds: 300, repeat: 2 }), commune('bt-c', { schedule: once('17:10') }),
    bulletin('bt-normal', { priority: 'normal', schedule: once('18:00') }), commune('bt-outside', { schedule: once('11:00') }),
  ];
  const selections = [{ bulletinId: 'bt-normal' }];
  const without = buildProgramme(input({ bulletins, selections }), DAY.fromMs, DAY.toMs);
  t.equal(without.slots.length, 4, 'a real programme to compare');
  for (const caps of [{}, { sessionsPerDay: 12 }, { minutesPerSession: 600 }, { sessionsPerDay: 2, minutesPerSession: 90 }]) {
    t.same(buildProgramme(input({ bulletins, selections, caps }), DAY.fromMs, DAY.toMs), without, JSON.stringify(caps));
  }
});

t.test(`${RULE}: the warnings say why in the domain’s words, citing the area’s cap`, async (t) => {
  const sessions = buildProgramme(
    input({ caps: { sessionsPerDay: 1 }, bulletins: [province('bt-morning'), commune('bt-evening', { schedule: once('17:10') })] }), DAY.fromMs, DAY.toMs,
  ).warnings[0];
  t.match(sessions, { bulletinId: 'bt-evening', code: 'SESSIONS_PER_DAY_CAP', at: at(MONDAY, '17:10') });
  t.match(sessions?.vi, /^Địa bàn chỉ cho phép tối đa 1 buổi phát mỗi ngày; ngày .*23\/11\/2026 đã đủ 1 buổi trước khung giờ 17:00–18:30, nên bản tin không được phát/);
  t.match(sessions?.en, /at most 1 broadcast session\(s\) a day/);

  const minutes = buildProgramme(
    input({ caps: { minutesPerSession: 5 }, bulletins: [province('bt-1', { seconds: 240 }), province('bt-2', { seconds: 90 })] }), DAY.fromMs, DAY.toMs,
  ).warnings[0];
  t.match(minutes, { bulletinId: 'bt-2', code: 'MINUTES_PER_SESSION_CAP', at: at(MONDAY, '05:00') });
  t.match(minutes?.vi, /^Bản tin dài 1 phút 30 giây sẽ vượt thời lượng tối đa mỗi buổi phát của địa bàn \(5 phút\) trong khung giờ 05:00–06:30 .*, đã xếp 4 phút; không phát$/);
  t.match(minutes?.en, /maximum of 5 min per broadcast session/);
});

t.test(`${RULE}: a new local day brings new sessions`, async (t) => {
  const daily = commune('bt-daily', { schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['05:10', '17:10'], fromDate: MONDAY, toDate: '2026-11-24' } });
  const { slots, warnings } = buildProgramme(input({ caps: { sessionsPerDay: 1 }, bulletins: [daily] }), DAY.fromMs, DAY.fromMs + 2 * DAY_MS);
  t.same(dated(slots), ['bt-daily@2026-11-23 05:10', 'bt-daily@2026-11-24 05:10']);
  t.same(warnings.map((w) => w.at), [at(MONDAY, '17:10'), at('2026-11-24', '17:10')]);
});

t.test(`${RULE}: a device asking mid-afternoon lays out the whole day, so it agrees with the hub’s calendar`, async (t) => {
  const programme = input({ caps: { sessionsPerDay: 1 }, bulletins: [province('bt-morning'), commune('bt-evening', { schedule: once('17:10') })] });
  const device = buildProgramme(programme, at(MONDAY, '16:00'), DAY.toMs);
  t.same(device.slots, [], 'the morning, before the asked range, still used the day’s only session');
  t.same(codes(device.warnings), ['bt-evening:SESSIONS_PER_DAY_CAP']);
  const calendar = buildProgramme(programme, DAY.fromMs, DAY.toMs);
  t.same(device.slots, calendar.slots.filter((s) => s.windowEnd > at(MONDAY, '16:00')));
});
