// A shared read must be as fresh as a read of one's own (a manifest asked for after a commit shows it), while a crowd
// asking at once costs one read in flight and one waiting (issue 8, bench `reconnect`).
import t from 'tap';
import fc from 'fast-check';
import { SharedRead } from '../../../hub/src/dispatch/shared-read.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A loader whose reads finish only when the test says so; each read answers with the step it began at. */
function manualLoader(clock: { step: number }) {
  const running: { begunAt: number; finish: (ok: boolean) => void }[] = [];
  let begun = 0;
  const load = (): Promise<number> => {
    begun += 1;
    const begunAt = clock.step;
    return new Promise<number>((resolve, reject) => running.push({ begunAt, finish: (ok) => (ok ? resolve(begunAt) : reject(new Error(`read from ${begunAt} failed`))) }));
  };
  return { load, running, begun: () => begun };
}

t.test('callers during a read share the next one; no read runs beside another', async (t) => {
  const clock = { step: 0 };
  const loader = manualLoader(clock);
  const shared = new SharedRead(loader.load);
  const first = shared.read();
  clock.step = 1;
  const second = shared.read();
  const third = shared.read();
  t.equal(loader.begun(), 1, 'the late callers do not start a read of their own beside the running one');
  loader.running.shift()!.finish(true);
  t.equal(await first, 0);
  await turn();
  t.equal(loader.begun(), 2, 'the next read begins once the first is done');
  loader.running.shift()!.finish(true);
  t.same(await Promise.all([second, third]), [1, 1], 'both late callers get the read that began after they asked');
});

t.test('a failed read fails only its own callers; the next caller reads afresh', async (t) => {
  const clock = { step: 0 };
  const loader = manualLoader(clock);
  const shared = new SharedRead(loader.load);
  const failing = shared.read();
  loader.running.shift()!.finish(false);
  await t.rejects(failing, /read from 0 failed/);
  clock.step = 1;
  const next = shared.read();
  loader.running.shift()!.finish(true);
  t.equal(await next, 1);
});

t.test('for any interleaving, every caller sees a read begun at or after its call, one read at a time', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom('call', 'finish', 'fail'), { minLength: 1, maxLength: 40 }), async (steps) => {
      const clock = { step: 0 };
      const loader = manualLoader(clock);
      const shared = new SharedRead(loader.load);
      const calls: { at: number; begunAt: Promise<number> }[] = [];
      // A failed read names the step it began at too.
      const begunAt = (result: Promise<number>): Promise<number> => result.catch((err: Error) => Number(/from (\d+)/.exec(err.message)![1]));
      for (const [i, step] of steps.entries()) {
        clock.step = i;
        if (step === 'call') calls.push({ at: i, begunAt: begunAt(shared.read()) });
        else loader.running.shift()?.finish(step === 'finish');
        await turn();
        if (loader.running.length > 1) return false;
      }
      while (loader.running.length > 0) {
        loader.running.shift()!.finish(true);
        await turn();
      }
      for (const call of calls) if ((await call.begunAt) < call.at) return false;
      return loader.begun() <= calls.length;
    }),
    { numRuns: 200 },
  );
  t.pass('200 interleavings');
});
