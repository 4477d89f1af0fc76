// Presence changes that arrive while a batch waits its turn join it: one transaction for many (presence-batcher.ts).
import t from 'tap';
import type { PresenceChange } from '../../../hub/src/devices/device-repository.js';
import { PresenceBatcher } from '../../../hub/src/link/presence-batcher.js';
import { WritePacer } from '../../../hub/src/link/write-pacer.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const online = (deviceId: string): PresenceChange => ({ deviceId, state: 'online' });

t.test('changes of one turn are one write, in order; those arriving while it runs are the next', async (t) => {
  const writes: string[][] = [];
  const finish: (() => void)[] = [];
  const batcher = new PresenceBatcher(
    (changes) => {
      writes.push(changes.map((c) => `${c.deviceId}:${c.state}`));
      return new Promise<void>((resolve) => finish.push(resolve));
    },
    new WritePacer(1),
    100,
  );
  const first = [batcher.record(online('a')), batcher.record(online('b')), batcher.record({ deviceId: 'a', state: 'offline', reason: 'DISCONNECTED' })];
  await turn();
  t.same(writes, [['a:online', 'b:online', 'a:offline']]);
  // The pacer's one slot is taken: these wait together for it.
  const second = [batcher.record(online('c'))];
  await turn();
  second.push(batcher.record(online('d')));
  await turn();
  t.equal(writes.length, 1, 'nothing more is written while the first write runs');
  finish[0]!();
  await Promise.all(first);
  await turn();
  t.same(writes[1], ['c:online', 'd:online'], 'everything that waited is one write');
  let idle = false;
  void batcher.idle().then(() => (idle = true));
  await turn();
  t.notOk(idle, 'not idle while a write runs');
  finish[1]!();
  await Promise.all(second);
  await turn();
  t.ok(idle);
});

t.test('a batch is capped; a failed write rejects only its own changes', async (t) => {
  const writes: number[] = [];
  const batcher = new PresenceBatcher(
    async (changes) => {
      writes.push(changes.length);
      if (changes.some((c) => c.deviceId === 'x')) throw new Error('disk I/O error');
    },
    new WritePacer(4),
    2,
  );
  const results = ['a', 'x', 'b', 'c', 'd'].map((id) => batcher.record(online(id)).then(() => 'ok', (err: Error) => err.message));
  t.same(await Promise.all(results), ['disk I/O error', 'disk I/O error', 'ok', 'ok', 'ok']);
  t.same(writes, [2, 2, 1]);
  await batcher.idle();
  t.throws(() => new PresenceBatcher(async () => undefined, new WritePacer(1), 0), RangeError);
});
