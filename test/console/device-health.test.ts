// What the dashboard concludes from devices and heartbeats (hub/console/src/screens/core/device-health.ts), as a
// table: each alert the issue names (offline, power loss, amplifier fault, clock not trusted, cache problems) and the
// cases that must stay quiet; live events patching the list; the search officials type without diacritics.
import t from 'tap';
import {
  applyDeviceEvent, deviceAlerts, filterDevices, fleetCounts, SILENT_AFTER_MS, type DeviceView, type HeartbeatView,
} from '../../hub/console/src/screens/core/device-health.js';

const NOW = Date.UTC(2026, 10, 23, 10, 0, 0);
const HEALTHY: HeartbeatView = {
  at: NOW, volume: 80, amplifier: 'on', power: 'mains', playing: null, clock: { trusted: true, offsetMs: 3 },
  cache: { files: 4, bytes: 90_000, missing: 0 }, disk: { freeBytes: 8e9, totalBytes: 16e9 }, temperatureC: 41,
};

function device(over: Partial<DeviceView> & { hb?: Partial<HeartbeatView> } = {}): DeviceView {
  const { hb, ...rest } = over;
  return {
    id: 'loa-24628-0001', kind: 'loudspeaker', areaCode: '24628', name: 'Cụm loa thôn 3, Đắk Nia', latitude: null, longitude: null, location: 'Nhà văn hoá thôn 3',
    state: 'active', online: true, lastSeenAt: NOW - 5000, manifestVersion: 3, heartbeat: { ...HEALTHY, ...hb }, ...rest,
  };
}

t.test('alerts: one row per rule', async (t) => {
  const table: [string, DeviceView, string[]][] = [
    ['healthy and online: quiet', device(), []],
    ['offline (Last Will): danger, and nothing else from a stale heartbeat', device({ online: false, hb: { power: 'lost' } }), ['offline:danger']],
    ['mains power lost', device({ hb: { power: 'lost' } }), ['power-lost:danger']],
    ['running on battery', device({ hb: { power: 'battery' } }), ['on-battery:warn']],
    ['amplifier fault', device({ hb: { amplifier: 'fault' } }), ['amplifier-fault:danger']],
    ['amplifier switched off on purpose: quiet', device({ hb: { amplifier: 'off' } }), []],
    ['clock not trusted (design.md §11)', device({ hb: { clock: { trusted: false, offsetMs: null } } }), ['clock-untrusted:warn']],
    ['cache missing files', device({ hb: { cache: { files: 2, bytes: 10, missing: 2 } } }), ['cache-missing:warn']],
    ['disk under 10 % free', device({ hb: { disk: { freeBytes: 1e9, totalBytes: 16e9 } } }), ['disk-low:warn']],
    ['online but silent for longer than three heartbeats', device({ lastSeenAt: NOW - SILENT_AFTER_MS - 1000 }), ['silent:warn']],
    ['never enrolled: no alert', device({ state: 'pending', online: false, heartbeat: null }), []],
    ['revoked: no alert', device({ state: 'revoked', online: false }), []],
    ['several at once', device({ hb: { power: 'lost', amplifier: 'fault' } }), ['power-lost:danger', 'amplifier-fault:danger']],
  ];
  for (const [name, d, expected] of table) t.same(deviceAlerts(d, NOW).map((a) => `${a.kind}:${a.severity}`), expected, name);
  t.equal(deviceAlerts(device({ hb: { cache: { files: 2, bytes: 10, missing: 3 } } }), NOW)[0]?.value, 3, 'the message says how many files');
});

t.test('counts and live events', async (t) => {
  const playing = device({ id: 'b', hb: { playing: { bulletinId: 'bt-1', priority: 'priority', mode: 'live', startedAt: NOW, paused: false } } });
  const list = [device({ id: 'a' }), playing, device({ id: 'c', online: false }), device({ id: 'd', state: 'pending', online: false, heartbeat: null })];
  t.same(fleetCounts(list), { total: 3, online: 2, offline: 1, pending: 1, playing: 1 });
  const back = applyDeviceEvent(list, { type: 'device.status', deviceId: 'c', online: true, at: NOW });
  t.same(back && fleetCounts(back), { total: 3, online: 3, offline: 0, pending: 1, playing: 1 }, 'a device coming online is counted at once');
  const enrolled = applyDeviceEvent(list, { type: 'device.status', deviceId: 'd', online: true, at: NOW });
  t.equal(enrolled?.find((d) => d.id === 'd')?.state, 'active', 'a pending device that connects has enrolled');
  const beat = applyDeviceEvent(list, { type: 'device.heartbeat', deviceId: 'a', online: true, lastSeenAt: NOW, heartbeat: { ...HEALTHY, amplifier: 'fault' } });
  t.same(beat && deviceAlerts(beat[0]!, NOW).map((a) => a.kind), ['amplifier-fault'], 'a heartbeat brings its fault with it');
  t.equal(applyDeviceEvent(list, { type: 'device.status', deviceId: 'unknown', online: true, at: NOW }), undefined, 'an unknown device asks the caller to reload');
});

t.test('filters: area subtree, kind, status, text without diacritics', async (t) => {
  const list = [
    device({ id: 'loa-1', name: 'Cụm loa thôn Đắk Nia', areaCode: '24628' }),
    device({ id: 'bang-1', kind: 'led', name: 'Bảng tin UBND xã', areaCode: '24673', online: false }),
    device({ id: 'loa-2', name: 'Cụm loa chợ', areaCode: '24673', hb: { power: 'lost' } }),
  ];
  const ids = (f: Parameters<typeof filterDevices>[1]) => filterDevices(list, f, NOW, new Map([['24673', 'Xã Đắk Lao']])).map((d) => d.id);
  t.same(ids({ text: 'dak nia' }), ['loa-1'], 'typed without diacritics');
  t.same(ids({ text: 'ĐẮK LAO' }), ['bang-1', 'loa-2'], 'the area name is searched too');
  t.same(ids({ areas: new Set(['24673']) }), ['bang-1', 'loa-2']);
  t.same(ids({ kind: 'led' }), ['bang-1']);
  t.same(ids({ status: 'offline' }), ['bang-1']);
  t.same(ids({ status: 'alert' }), ['bang-1', 'loa-2']);
});
