// Availability from presence changes (design.md §7: retained status and Last Will): table tests of what counts as
// online time, when observation starts, and how a day is split.
import t from 'tap';
import { buildAreaTree } from '../../../hub/src/areas/index.js';
import { buildAvailabilityReport, deviceAvailability, reportRange, type PresenceChange, type PresenceDevice } from '../../../hub/src/reports/index.js';

const TZ = 'Asia/Ho_Chi_Minh';
const H = 3600_000;
// 1–2 May 2026 in Vietnam: [30 Apr 17:00 UTC, 2 May 17:00 UTC).
const range = reportRange('2026-05-01', '2026-05-02', TZ);
const start = range.fromMs;
const END = range.toMs;
const device = (over: Partial<PresenceDevice> = {}): PresenceDevice => ({
  id: 'ls-1', name: 'Cụm loa thôn 1', kind: 'loudspeaker', areaCode: '24628', firstSeenAt: start - 30 * 24 * H, stateBefore: 'online', ...over,
});
const at = (hours: number, state: 'online' | 'offline'): PresenceChange => ({ deviceId: 'ls-1', at: start + hours * H, state });

t.test('online time per device', async (t) => {
  const cases: { name: string; device: PresenceDevice; changes: PresenceChange[]; now?: number; online: number; observed: number; outages: number; days: [number, number][] }[] = [
    { name: 'online all along', device: device(), changes: [], online: 48, observed: 48, outages: 0, days: [[24, 24], [24, 24]] },
    { name: 'offline all along', device: device({ stateBefore: 'offline' }), changes: [], online: 0, observed: 48, outages: 0, days: [[0, 24], [0, 24]] },
    {
      name: 'a 6-hour outage across local midnight', device: device(), changes: [at(21, 'offline'), at(27, 'online')],
      online: 42, observed: 48, outages: 1, days: [[21, 24], [21, 24]],
    },
    {
      name: 'repeated "online" records (reconnects) change nothing', device: device(), changes: [at(5, 'online'), at(6, 'online')],
      online: 48, observed: 48, outages: 0, days: [[24, 24], [24, 24]],
    },
    {
      name: 'installed during the range: observed from its first record', device: device({ firstSeenAt: start + 30 * H, stateBefore: null }),
      changes: [at(30, 'online'), at(40, 'offline')], online: 10, observed: 18, outages: 1, days: [[0, 0], [10, 18]],
    },
    { name: 'never connected: nothing observed', device: device({ firstSeenAt: null, stateBefore: null }), changes: [], online: 0, observed: 0, outages: 0, days: [[0, 0], [0, 0]] },
    {
      name: 'the range reaches into the future: observed until now', device: device(), changes: [at(10, 'offline')], now: start + 12 * H,
      online: 10, observed: 12, outages: 1, days: [[10, 12], [0, 0]],
    },
  ];
  for (const c of cases) {
    const a = deviceAvailability(c.device, c.changes, range, c.now ?? END + H);
    t.same(
      { online: a.onlineMs / H, observed: a.observedMs / H, outages: a.outages, days: a.perDay.map((d) => [d.onlineMs / H, d.observedMs / H]) },
      { online: c.online, observed: c.observed, outages: c.outages, days: c.days },
      c.name,
    );
  }
});

t.test('areas and days add devices up; shares are null where nothing was observed', async (t) => {
  const tree = buildAreaTree([
    { code: '660', name: 'Thành phố Gia Nghĩa', parentCode: null, timeZone: TZ },
    { code: '24628', name: 'Xã Đắk Nia', parentCode: '660', timeZone: TZ },
    { code: '24611', name: 'Phường Nghĩa Đức', parentCode: '660', timeZone: TZ },
  ]);
  const report = buildAvailabilityReport({
    tree, root: '660', range, now: END + H,
    devices: [device(), device({ id: 'ls-2', stateBefore: 'offline' }), device({ id: 'led-3', areaCode: '24611', firstSeenAt: null, stateBefore: null })],
    changes: [{ deviceId: 'ls-2', at: start + 24 * H, state: 'online' }, { deviceId: 'ls-1', at: start + 12 * H, state: 'offline' }],
  });
  t.same(report.byDevice.map((d) => [d.deviceId, d.onlineMs / H, d.share]), [['ls-1', 12, 0.25], ['ls-2', 24, 0.5], ['led-3', 0, null]]);
  t.same(report.byArea.map((a) => [a.code, a.total.onlineMs / H, a.total.observedMs / H, a.share]), [['660', 36, 96, 0.375], ['24628', 36, 96, 0.375], ['24611', 0, 0, null]]);
  t.same(report.byDay.map((d) => [d.date, d.onlineMs / H, d.share]), [['2026-05-01', 12, 0.25], ['2026-05-02', 24, 0.5]]);
  t.match(report.totals, { devices: 3, neverSeen: 1, share: 0.375 });
});
