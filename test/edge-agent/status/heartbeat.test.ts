// Heartbeats (design.md §7): always schema-valid whatever the readings, sent on the manifest's interval while
// connected; board readings that are missing are "unknown", never an error.
import { join } from 'node:path';
import t from 'tap';
import { Heartbeat, isValid } from '@tinnguon/protocol';
import { buildHeartbeat, type HeartbeatFacts } from '../../../edge-agent/src/status/build-heartbeat.js';
import { HeartbeatReporter } from '../../../edge-agent/src/status/heartbeat-reporter.js';
import { systemProbes } from '../../../edge-agent/src/status/system-probes.js';
import { ManualTime } from '../helpers/manual-time.js';

const facts: HeartbeatFacts = {
  at: 1_795_400_000_123.7, version: '0.1.0', uptimeMs: 3_600_500, volume: 80, amplifier: 'on', power: 'unknown',
  playing: { bulletinId: 'bt-0000-0001', priority: 'priority', mode: 'live', startedAt: 1_795_400_000_000.5, paused: false },
  queued: 2, manifestVersion: 7, clock: { trusted: true, offsetMs: -3.25, rttMs: 1.5 }, cache: { files: 3, bytes: 120_000, missing: 0 },
  disk: { freeBytes: 8e9, totalBytes: 16e9 }, temperatureC: 51.27, pendingLogs: 4,
};

t.test('shaped to the protocol schema, whatever the readings', async (t) => {
  const hb = buildHeartbeat(facts);
  t.ok(isValid(Heartbeat, hb), 'valid');
  t.match(hb, { at: 1_795_400_000_123, uptimeSec: 3600, temperatureC: 51.3, playing: { startedAt: 1_795_400_000_000 } });
  const odd = buildHeartbeat({ ...facts, volume: 140, queued: -1, temperatureC: 400, clock: { trusted: false, offsetMs: Number.NaN, rttMs: null }, disk: { freeBytes: Number.NaN, totalBytes: -5 }, playing: null });
  t.ok(isValid(Heartbeat, odd), 'still valid with nonsense readings');
  t.match(odd, { volume: 100, queued: 0, temperatureC: null, clock: { offsetMs: null }, disk: { freeBytes: 0, totalBytes: 0 } });
});

t.test('board readings from sysfs files; absent or garbled means unknown', async (t) => {
  const dir = t.testdir({ temp: '48312\n', mains: '1\n', lost: '0\n', junk: 'x' });
  const p = (o: Parameters<typeof systemProbes>[0]) => systemProbes(o);
  t.equal(await p({ stateDir: dir, temperaturePath: join(dir, 'temp') }).temperatureC(), 48.312);
  t.equal(await p({ stateDir: dir }).temperatureC(), null);
  t.equal(await p({ stateDir: dir, powerSensePath: join(dir, 'mains') }).power(), 'mains');
  t.equal(await p({ stateDir: dir, powerSensePath: join(dir, 'lost') }).power(), 'lost');
  t.equal(await p({ stateDir: dir, powerSensePath: join(dir, 'lost'), powerActiveLow: true }).power(), 'mains', 'active-low sense line');
  t.equal(await p({ stateDir: dir, powerSensePath: join(dir, 'junk') }).power(), 'unknown');
  t.equal(await p({ stateDir: dir }).power(), 'unknown', "'unknown' unless configured");
  const disk = await p({ stateDir: dir }).disk();
  t.ok(disk.totalBytes > 0 && disk.freeBytes <= disk.totalBytes, 'disk from statfs');
  t.same(await p({ stateDir: join(dir, 'nope') }).disk(), { freeBytes: 0, totalBytes: 0 });
});

t.test('the reporter beats on the manifest interval while connected', async (t) => {
  const time = new ManualTime(0);
  let connected = false;
  let interval = 30;
  const sent: number[] = [];
  const reporter = new HeartbeatReporter({
    timers: time.timers, intervalSec: () => interval, connected: () => connected,
    collect: async () => buildHeartbeat({ ...facts, at: time.clock.now() }), send: async (hb) => void sent.push(hb.at), onError: () => undefined,
  });
  reporter.start();
  t.teardown(() => reporter.stop());
  const tick = async (ms: number) => {
    time.advance(ms);
    await new Promise((r) => setImmediate(r));
  };
  await tick(30_000);
  t.same(sent, [], 'not while offline');
  connected = true;
  await tick(30_000);
  t.same(sent, [60_000]);
  interval = 10;
  await tick(30_000);
  t.same(sent, [60_000, 90_000], 'the new interval applies from the next beat');
  await tick(10_000);
  t.same(sent, [60_000, 90_000, 100_000]);
  t.equal(reporter.sent, 3);
});
