// Group commit for manifest versions: whatever arrives while a commit runs goes in the next one, each caller learns
// when (and whether) its own rows are durable, and one failed commit does not sink the batches after it.
import t from 'tap';
import { BatchedWrite } from '../../../hub/src/dispatch/batched-write.js';

function manualCommit() {
  const commits: { rows: readonly number[]; finish: (ok: boolean) => void }[] = [];
  const commit = (rows: readonly number[]): Promise<void> =>
    new Promise((resolve, reject) => commits.push({ rows, finish: (ok) => (ok ? resolve() : reject(new Error(`commit of ${rows.join(',')} failed`))) }));
  return { commit, commits };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('writes during a commit are gathered into the next, one commit at a time', async (t) => {
  const { commit, commits } = manualCommit();
  const batched = new BatchedWrite(commit);
  const a = batched.write([1, 2]);
  const b = batched.write([3]);
  await turn();
  t.same(commits.map((c) => c.rows), [[1, 2, 3]], 'writes in one turn share a commit');
  const c = batched.write([4]);
  const d = batched.write([5]);
  await turn();
  t.equal(commits.length, 1, 'nothing else commits while the first is running');
  commits[0]!.finish(true);
  await Promise.all([a, b]);
  await turn();
  t.same(commits.map((x) => x.rows), [[1, 2, 3], [4, 5]]);
  let settled = false;
  void c.then(() => (settled = true));
  await turn();
  t.notOk(settled, 'a write is not reported durable before its own commit is');
  commits[1]!.finish(true);
  await Promise.all([c, d]);
});

t.test('a failed commit rejects its own writers only', async (t) => {
  const { commit, commits } = manualCommit();
  const batched = new BatchedWrite(commit);
  const failing = batched.write([1]);
  await turn();
  const later = batched.write([2]);
  commits[0]!.finish(false);
  await t.rejects(failing, /commit of 1 failed/);
  await turn();
  t.same(commits[1]?.rows, [2], 'the next batch still commits');
  commits[1]!.finish(true);
  await later;
});
