import t from 'tap';
import { BudgetedQueue } from '../../../hub/src/logs/budgeted-queue.js';

// A clock that only moves when a job says it took time, and a loop whose turns are counted.
function harness(budgetMs: number) {
  let clock = 0;
  const turns: number[][] = [];
  const errors: unknown[] = [];
  const queue = new BudgetedQueue((err) => errors.push(err), {
    budgetMs,
    now: () => clock,
    yieldToLoop: () => {
      turns.push([]);
      return new Promise((resolve) => setImmediate(resolve));
    },
  });
  const job = (id: number, ms: number) => () => {
    turns.at(-1)!.push(id);
    clock += ms;
  };
  return { queue, turns, errors, job };
}

t.test('jobs run in arrival order, on a later turn, never inside push()', async (t) => {
  const { queue, turns, job } = harness(4);
  queue.push(job(1, 0));
  queue.push(job(2, 0));
  t.same(turns.flat(), [], 'nothing ran while the caller was still on the stack');
  await queue.drained();
  t.same(turns, [[1, 2]]);
  t.equal(queue.length, 0);
});

t.test('a turn stops taking jobs once its budget is spent; the rest wait for the next turns', async (t) => {
  const { queue, turns, job } = harness(4);
  for (let i = 1; i <= 7; i++) queue.push(job(i, 3));
  await queue.drained();
  // 3 ms each against a 4 ms budget: two per turn (the second starts before the budget is spent, and is never cut).
  t.same(turns, [[1, 2], [3, 4], [5, 6], [7]]);
});

t.test('a job that throws is reported and the queue goes on', async (t) => {
  const { queue, turns, errors, job } = harness(4);
  queue.push(job(1, 0));
  queue.push(() => {
    throw new Error('boom');
  });
  queue.push(job(3, 0));
  await queue.drained();
  t.same(turns, [[1, 3]]);
  t.match(errors, [{ message: 'boom' }]);
});

t.test('drained() waits for jobs pushed by jobs, and the queue starts again afterwards', async (t) => {
  const { queue, turns, job } = harness(4);
  queue.push(() => {
    job(1, 5)();
    queue.push(job(2, 0));
  });
  await queue.drained();
  t.same(turns, [[1], [2]]);
  queue.push(job(3, 0));
  await queue.drained();
  t.same(turns, [[1], [2], [3]]);
});

t.test('with the real clock and loop, every job runs', async (t) => {
  const queue = new BudgetedQueue((err) => t.fail(String(err)));
  let ran = 0;
  for (let i = 0; i < 10_000; i++) queue.push(() => ran++);
  await queue.drained();
  t.equal(ran, 10_000);
});
