// The connect gate (connect-gate.ts): a storm of CONNECTs waits its turn for a credential check instead of being
// refused at once, but the queue and the wait are both bounded, so a flood costs a bounded amount and then refusals.
import t from 'tap';
import { ConnectGate, type GateTimers } from '../../../hub/src/broker/connect-gate.js';

/** The gate's timers, fired only when the test calls fireAll(): waits end when the test says, not on a clock. */
class ManualTimers implements GateTimers {
  readonly #due = new Map<number, () => void>();
  #next = 0;

  setTimeout(fn: () => void, ms: number): unknown {
    if (!(ms > 0)) throw new Error(`unexpected wait ${ms}`);
    this.#next += 1;
    this.#due.set(this.#next, fn);
    return this.#next;
  }

  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }

  get pending(): number {
    return this.#due.size;
  }

  fireAll(): void {
    const due = [...this.#due.values()];
    this.#due.clear();
    for (const fn of due) fn();
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('past the active limit CONNECTs wait in arrival order; a freed slot goes to the longest waiter', async (t) => {
  const timers = new ManualTimers();
  const gate = new ConnectGate({ active: 2, queued: 3, waitMs: 5000 }, timers);
  const outcomes: string[] = [];
  const enter = (name: string): Promise<boolean> => gate.enter().then((ok) => (outcomes.push(`${name}:${ok}`), ok));
  t.equal(await enter('a'), true);
  t.equal(await enter('b'), true);
  const waiters = [enter('c'), enter('d'), enter('e')];
  t.equal(await enter('f'), false, 'the queue holds three: the fourth is refused at once');
  t.same({ active: gate.active, waiting: gate.waiting }, { active: 2, waiting: 3 });
  gate.leave();
  await turn();
  t.same(outcomes, ['a:true', 'b:true', 'f:false', 'c:true'], 'c, the first to wait, takes the slot');
  t.same({ active: gate.active, waiting: gate.waiting }, { active: 2, waiting: 2 });
  // A newcomer does not overtake those waiting, even when a slot frees at the same moment.
  const late = enter('g');
  gate.leave();
  gate.leave();
  await turn();
  t.same(outcomes.slice(4), ['d:true', 'e:true']);
  gate.leave();
  await turn();
  t.same(outcomes.slice(6), ['g:true']);
  t.same(await Promise.all([...waiters, late]), [true, true, true, true]);
  t.equal(timers.pending, 0, 'admitted waiters leave no timer behind');
});

t.test('a CONNECT that waits past the bound is refused and takes no slot', async (t) => {
  const timers = new ManualTimers();
  const gate = new ConnectGate({ active: 1, queued: 10, waitMs: 5000 }, timers);
  t.equal(await gate.enter(), true);
  const waiting = [gate.enter(), gate.enter()];
  timers.fireAll();
  t.same(await Promise.all(waiting), [false, false]);
  t.same({ active: gate.active, waiting: gate.waiting }, { active: 1, waiting: 0 });
  gate.leave();
  t.equal(gate.active, 0, 'the slot is free: nobody timed out is admitted later');
  t.equal(await gate.enter(), true);
});

t.test('a flood keeps at most `active + queued` CONNECTs in the gate, however long it lasts', async (t) => {
  const timers = new ManualTimers();
  const gate = new ConnectGate({ active: 4, queued: 16, waitMs: 5000 }, timers);
  let admitted = 0;
  let refused = 0;
  let peak = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 100; i++) void gate.enter().then((ok) => (ok ? admitted++ : refused++));
    peak = Math.max(peak, gate.active + gate.waiting);
    // Every check under way finishes (a wrong password costs one lookup) and the round's waiters run out of time.
    for (let i = 0; i < 4; i++) gate.leave();
    timers.fireAll();
    await turn();
  }
  t.equal(peak, 20, 'never more than 4 checking and 16 waiting');
  t.equal(admitted + refused, 5000);
  t.ok(refused > 4000, `the surplus is refused (${refused})`);
  t.equal(timers.pending, 0);
});
