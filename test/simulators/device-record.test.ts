// What a device report says about an emergency's first frames: how long the agent itself took from the urgent
// message to the sound (bench `emergency` splits the fleet's latency into the hub's part and the agent's with it).
import t from 'tap';
import { DeviceRecord } from '../../simulators/src/device/device-record.js';

const enrolment = { deviceId: 'dev-00000001', kind: 'loudspeaker' as const, areaChain: ['01', '001', '00001'] };
const frame = (kind: 'attentionTone' | 'bulletin', priority: string, at: number, mono: number) =>
  ({ type: 'firstFrame' as const, bulletinId: 'bulletin-0001', priority, kind, at, mono, slotAt: at, startOffsetMs: 0 });

t.test('an emergency’s tone and speech carry the time since the urgent message reached the agent', async (t) => {
  const record = new DeviceRecord(0, enrolment, 5);
  record.event({ type: 'urgent', name: 'emergency', mono: 1000 });
  record.event(frame('attentionTone', 'emergency', 50_004, 1004));
  record.event(frame('bulletin', 'emergency', 53_000, 4000));
  const plays = record.report(undefined).plays;
  t.same(plays.map((p) => [p.attentionTone === true, p.afterMessageMs]), [[true, 4], [false, 3000]]);
  t.equal(record.snapshot(undefined).plays, 1, 'the tone is not counted as a play of the bulletin');
});

t.test('plays with no urgent message before them say nothing about one', async (t) => {
  const record = new DeviceRecord(0, enrolment, 5);
  record.event(frame('bulletin', 'emergency', 10_000, 100));
  record.event({ type: 'urgent', name: 'stop', mono: 200 });
  record.event(frame('bulletin', 'normal', 20_000, 300));
  t.same(record.report(undefined).plays.map((p) => p.afterMessageMs), [undefined, undefined]);
});

t.test('a device counts as cached only once its cache holds something and misses nothing', async (t) => {
  const record = new DeviceRecord(0, enrolment, 5);
  const status = (files: number, missing: number) =>
    ({ connected: true, manifestVersion: 3, clock: { trusted: true }, playing: null, queued: 0, pendingLogs: 0, cache: { files, bytes: files * 64_044, missing } }) as unknown as Parameters<DeviceRecord['snapshot']>[0];
  t.match(record.snapshot(status(0, 0)), { manifest: true, downloading: false, cached: false }, 'manifest in, first reconcile not finished');
  t.match(record.snapshot(status(0, 1)), { downloading: true, cached: false });
  t.match(record.snapshot(status(1, 0)), { downloading: false, cached: true }, 'the tone is in');
  t.match(record.snapshot(undefined), { cached: false }, 'not started');
});
