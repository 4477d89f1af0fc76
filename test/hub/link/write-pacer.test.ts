// Presence writes are paced so that a write someone waits on is not queued behind thousands of them (issue 8, bench
// `reconnect`): at most `limit` at once, in the order given, each one eventually written.
import t from 'tap';
import { WritePacer } from '../../../hub/src/link/write-pacer.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('at most `limit` writes run at once, and they start in the order given', async (t) => {
  const pacer = new WritePacer(2);
  const started: number[] = [];
  const finish = new Map<number, (ok: boolean) => void>();
  const writes = [0, 1, 2, 3, 4].map((n) =>
    pacer.run(() => {
      started.push(n);
      return new Promise<number>((resolve, reject) => finish.set(n, (ok) => (ok ? resolve(n) : reject(new Error(`write ${n} failed`)))));
    }),
  );
  await turn();
  t.same(started, [0, 1]);
  t.equal(pacer.waiting, 3);
  finish.get(1)!(false);
  await t.rejects(writes[1]!, /write 1 failed/);
  await turn();
  t.same(started, [0, 1, 2], 'a failed write frees its place for the next in line');
  let idle = false;
  void pacer.idle().then(() => (idle = true));
  finish.get(0)!(true);
  finish.get(2)!(true);
  await turn();
  t.same(started, [0, 1, 2, 3, 4]);
  t.notOk(idle, 'not idle while writes are still running');
  finish.get(3)!(true);
  finish.get(4)!(true);
  t.same(await Promise.all([writes[0], writes[2], writes[3], writes[4]]), [0, 2, 3, 4]);
  await turn();
  t.ok(idle, 'idle once every write has settled');
});

t.test('a limit below one is refused', async (t) => {
  t.throws(() => new WritePacer(0), RangeError);
  t.throws(() => new WritePacer(1.5), RangeError);
});
