// The read pacer hands waiting connections to the MQTT parser a budget's worth per turn of the event loop, so a flood
// of socket reads cannot hold the loop (issue 8, bench `ingest`). A clock that only moves when a delivery says it took
// time, and turns that are counted.
import t from 'tap';
import { ReadPacer, type PacedReader } from '../../../hub/src/broker/read-pacer.js';

function harness(budgetMs: number) {
  let clock = 0;
  const turns: string[][] = [];
  const errors: unknown[] = [];
  let pendingTurn: (() => void) | undefined;
  const pacer = new ReadPacer({
    budgetMs,
    now: () => clock,
    nextTurn: (fn) => {
      if (pendingTurn !== undefined) throw new Error('two turns scheduled at once');
      pendingTurn = fn;
    },
    afterTicks: (fn) => process.nextTick(fn),
    onError: (err) => errors.push(err),
  });
  const reader = (id: string, ms: number): PacedReader => ({
    deliverPaced: () => {
      turns.at(-1)!.push(id);
      clock += ms;
    },
  });
  /** Runs the scheduled turn and the ticks it chains; false when none was scheduled. */
  async function runTurn(): Promise<boolean> {
    const turn = pendingTurn;
    pendingTurn = undefined;
    if (turn === undefined) return false;
    turns.push([]);
    turn();
    await new Promise((resolve) => setImmediate(resolve));
    return true;
  }
  async function runAll(): Promise<void> {
    while (await runTurn());
  }
  return { pacer, turns, errors, reader, runTurn, runAll };
}

t.test('readers are delivered in arrival order, on a later turn, never inside enqueue()', async (t) => {
  const { pacer, turns, reader, runAll } = harness(3);
  pacer.enqueue(reader('a', 0));
  pacer.enqueue(reader('b', 0));
  t.same(turns, [], 'nothing delivered while the socket callback is still on the stack');
  t.equal(pacer.waiting, 2);
  await runAll();
  t.same(turns, [['a', 'b']]);
  t.equal(pacer.waiting, 0);
});

t.test('a turn stops delivering once its budget is spent; the rest wait for the next turns', async (t) => {
  const { pacer, turns, reader, runAll } = harness(3);
  for (const id of ['a', 'b', 'c', 'd', 'e']) pacer.enqueue(reader(id, 2));
  await runAll();
  // 2 ms each against 3 ms: two per turn (the second starts inside the budget, and a delivery is never cut).
  t.same(turns, [['a', 'b'], ['c', 'd'], ['e']]);
});

t.test('a delivery over the whole budget still goes, alone: every turn makes progress', async (t) => {
  const { pacer, turns, reader, runAll } = harness(3);
  for (const id of ['a', 'b', 'c']) pacer.enqueue(reader(id, 10));
  await runAll();
  t.same(turns, [['a'], ['b'], ['c']]);
});

t.test('the cost of a delivery includes the ticks it queued (Aedes parses on a next tick)', async (t) => {
  let clock = 0;
  const turns: string[][] = [];
  let pendingTurn: (() => void) | undefined;
  const pacer = new ReadPacer({ budgetMs: 3, now: () => clock, nextTurn: (fn) => (pendingTurn = fn) });
  const parsedLater = (id: string): PacedReader => ({
    deliverPaced: () => {
      turns.at(-1)!.push(id);
      process.nextTick(() => (clock += 2));
    },
  });
  for (const id of ['a', 'b', 'c']) pacer.enqueue(parsedLater(id));
  while (pendingTurn !== undefined) {
    const turn = pendingTurn;
    pendingTurn = undefined;
    turns.push([]);
    turn();
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.same(turns, [['a', 'b'], ['c']]);
});

t.test('a reader that throws is reported and the others are still delivered', async (t) => {
  const { pacer, turns, errors, reader, runAll } = harness(3);
  pacer.enqueue(reader('a', 0));
  pacer.enqueue({
    deliverPaced: () => {
      throw new Error('boom');
    },
  });
  pacer.enqueue(reader('c', 0));
  await runAll();
  t.same(turns, [['a', 'c']]);
  t.match(errors, [{ message: 'boom' }]);
});

t.test('readers enqueued during a turn wait their turn; the pacer starts again after it ran dry', async (t) => {
  const { pacer, turns, reader, runAll } = harness(3);
  pacer.enqueue({
    deliverPaced: () => {
      turns.at(-1)!.push('a');
      pacer.enqueue(reader('b', 0));
    },
  });
  await runAll();
  t.same(turns, [['a', 'b']], 'a reader enqueued inside the turn, within budget, goes in the same turn');
  pacer.enqueue(reader('c', 0));
  await runAll();
  t.same(turns, [['a', 'b'], ['c']]);
});
