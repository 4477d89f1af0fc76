// The fault seams of one simulated device: its clock, its HTTP, its SD card.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { corruptCachedFile, faultyStatfs, simProbes } from '../../simulators/src/faults/disk-faults.js';
import { faultyFetch, healthyLink } from '../../simulators/src/faults/link-faults.js';
import { offsetToLocalTime, SimClock } from '../../simulators/src/faults/sim-clock.js';

function manualTime(wall = 1_000_000, mono = 0) {
  const time = { wall, mono };
  return { time, source: { wall: () => time.wall, mono: () => time.mono }, advance: (ms: number) => ((time.wall += ms), (time.mono += ms)) };
}

t.test('a jump steps the wall clock at once; a skew drifts it over its ramp; the monotonic clock never moves', async (t) => {
  const m = manualTime();
  const clock = new SimClock(0, m.source);
  clock.jump(-120_000);
  t.equal(clock.now(), 1_000_000 - 120_000, 'stepped back two minutes');
  t.equal(clock.monotonic(), 0, 'monotonic time is the machine’s');
  clock.skew(30_000, 60_000);
  m.advance(30_000);
  t.equal(clock.offsetMs(), -120_000 + 15_000, 'half the ramp, half the drift');
  m.advance(60_000);
  t.equal(clock.offsetMs(), -90_000, 'the whole drift once the ramp is over');
  clock.jump(90_000);
  t.equal(clock.offsetMs(), 0, 'finished ramps fold into the step');
});

t.test('a fleet can be started at a chosen local time in Asia/Ho_Chi_Minh', async (t) => {
  const now = Date.UTC(2026, 10, 23, 3, 0, 0); // 10:00 local
  const offset = offsetToLocalTime(17, 35, 0, now);
  t.equal(new Date(now + offset + 7 * 3600_000).toISOString().slice(11, 19), '17:35:00');
  t.equal(offset, 7 * 3600_000 + 35 * 60_000);
  t.equal(new SimClock(offset, { wall: () => now, mono: () => 0 }).now(), now + offset);
});

t.test('HTTP through a dropped link fails like an unreachable host; latency delays both ways', async (t) => {
  const link = healthyLink();
  const sleeps: number[] = [];
  let calls = 0;
  const fetch = faultyFetch(() => link, async () => (calls++, new Response('ok')), { sleep: async (ms) => void sleeps.push(ms) });
  t.equal(await (await fetch('http://hub/x', { headers: {} })).text(), 'ok');
  link.dropped = true;
  await t.rejects(fetch('http://hub/x', { headers: {} }), TypeError, 'a TypeError, as undici throws for a refused connection');
  t.equal(calls, 1, 'nothing reached the hub while dropped');
  link.dropped = false;
  link.latencyMs = 250;
  await fetch('http://hub/x', { headers: {} });
  t.same(sleeps, [250, 250], 'delayed going out and coming back');
});

t.test('a full disk shows no free space to the cache and to the heartbeat; healed, the real one', async (t) => {
  const disk = { full: true };
  const statfs = faultyStatfs(() => disk, async () => ({ bavail: 1000, bsize: 4096 }));
  t.same(await statfs('/x'), { bavail: 0, bsize: 4096 });
  t.equal((await simProbes(() => disk).disk()).freeBytes, 0);
  disk.full = false;
  t.same(await statfs('/x'), { bavail: 1000, bsize: 4096 });
  t.ok((await simProbes(() => disk).disk()).freeBytes > 0);
});

t.test('corrupting a cached file changes its content, so its SHA-256 no longer matches its name', async (t) => {
  const dir = t.testdir();
  t.equal(await corruptCachedFile(dir), undefined, 'an empty cache has nothing to corrupt');
  const data = Buffer.from('ID3 pretend audio '.repeat(100));
  const sha = createHash('sha256').update(data).digest('hex');
  await writeFile(join(dir, sha), data);
  await writeFile(join(dir, `${sha}.part`), data);
  t.equal(await corruptCachedFile(dir), sha, 'only complete cached media are candidates');
  const after = await readFile(join(dir, sha));
  t.equal(after.length, data.length, 'same size: only a checksum tells');
  t.not(createHash('sha256').update(after).digest('hex'), sha);
});
