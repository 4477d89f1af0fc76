// Messages between the runner and its workers are checked on the way in; anything else is refused.
import t from 'tap';
import { fromWorker, toWorker } from '../../simulators/src/fleet/worker-protocol.js';

const start = { devices: [{ index: 0, stateDir: '/s/d0' }], proxy: false, clockOffsetMs: 0, trustWallClock: false, realtime: true, rampPerSec: 10, seed: 1, countsEveryMs: 1000 };

t.test('the runner’s messages', async (t) => {
  t.ok(toWorker({ type: 'start', start }));
  t.ok(toWorker({ type: 'fault', action: { atMs: 0, op: 'begin', kind: 'drop', devices: [1, 2], byMs: 0, overMs: 0 } }));
  t.ok(toWorker({ type: 'fault', action: { atMs: 0, op: 'kill', worker: 1 } }));
  t.ok(toWorker({ type: 'request', id: 3, op: 'inspect', index: 0 }));
  t.ok(toWorker({ type: 'request', id: 4, op: 'counts' }));
  t.ok(toWorker({ type: 'stop' }));
  for (const bad of [
    null, 'stop', { type: 'start', start: { ...start, devices: [{ index: 'x' }] } }, { type: 'start', start: { ...start, seed: 1.5 } },
    { type: 'fault', action: { atMs: 0, op: 'begin', kind: 'drop', devices: ['a'] } }, { type: 'fault', action: { atMs: 0, op: 'explode' } },
    { type: 'request', id: 1, op: 'shell' }, { type: 'request', id: 1, op: 'inspect', index: -0.5 }, { type: 'reboot' },
  ]) t.equal(toWorker(bad), undefined, `refused: ${JSON.stringify(bad)}`);
});

t.test('the workers’ messages', async (t) => {
  t.ok(fromWorker({ type: 'started' }));
  t.ok(fromWorker({ type: 'counts', counts: { devices: 3 } }));
  t.ok(fromWorker({ type: 'response', id: 1, ok: true, value: null }));
  t.ok(fromWorker({ type: 'response', id: 1, ok: false, error: 'x' }));
  t.ok(fromWorker({ type: 'stopped', reports: [] }));
  t.ok(fromWorker({ type: 'failed', error: 'x' }));
  for (const bad of [{ type: 'counts', counts: {} }, { type: 'response', id: 1, ok: false }, { type: 'stopped' }, { type: 'failed' }, { type: 'hello' }, []]) {
    t.equal(fromWorker(bad), undefined, `refused: ${JSON.stringify(bad)}`);
  }
});
