// Stopping a worker: one that has sent its reports is let exit by itself, so what it writes on the way out (a
// --cpu-prof profile) survives; one that never answers is still killed.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { WorkerHandle } from '../../simulators/src/fleet/worker-handle.js';

const start = { devices: [{ index: 0, stateDir: '/s/d0' }], proxy: false, clockOffsetMs: 0, trustWallClock: false, realtime: true, rampPerSec: 10, seed: 1, countsEveryMs: 1000 };

// A stand-in worker: answers start and stop as worker-main does, then, like node writing a profile at exit, takes a
// moment before it writes its file and exits. `mute` never answers stop.
const fakeWorker = (marker: string, mute: boolean): string => `
import { writeFileSync } from 'node:fs';
process.on('message', (m) => {
  if (m.type === 'start') process.send({ type: 'started' });
  if (m.type === 'stop' && !${mute}) process.send({ type: 'stopped', reports: [] }, () => setTimeout(() => { writeFileSync(${JSON.stringify(marker)}, 'x'); process.exit(0); }, 300));
});
`;

async function worker(t: Test, mute: boolean): Promise<{ handle: WorkerHandle; marker: string }> {
  const dir = t.testdir();
  const marker = join(dir, 'written-at-exit');
  const entry = join(dir, 'worker.mjs');
  await writeFile(entry, fakeWorker(marker, mute));
  const handle = new WorkerHandle({ id: 0, start, entry, execArgv: [], stopTimeoutMs: 500, exitGraceMs: 5000 });
  t.teardown(() => handle.kill());
  await handle.spawn();
  return { handle, marker };
}

t.test('a worker that reported is not killed before it has written what it writes at exit', async (t) => {
  const { handle, marker } = await worker(t, false);
  t.same(await handle.stop(), []);
  t.ok(existsSync(marker), 'the exit-time file was written');
  t.equal(handle.pid, undefined);
});

t.test('a worker that never answers stop is killed', async (t) => {
  const { handle, marker } = await worker(t, true);
  t.same(await handle.stop(), []);
  t.equal(handle.pid, undefined);
  t.notOk(existsSync(marker));
});
