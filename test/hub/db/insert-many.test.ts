import t from 'tap';
import { MAX_BOUND_PARAMS } from '../../../hub/src/db/index.js';
import { buildInsertStatements } from '../../../hub/src/db/insert-many.js';
import { openTempDatabase } from './temp-database.js';

t.test('large batches are split under the bound-value limit and every row lands', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE logs (device TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (device, seq))');
  const rows = Array.from({ length: 20_000 }, (_, i) => [`dev-${i % 7}`, i]);
  t.ok(rows.length * 2 > MAX_BOUND_PARAMS, 'the batch needs more than one statement');
  t.equal(await db.insertMany('logs', ['device', 'seq'], rows), 20_000);
  t.same(await db.get('SELECT count(*) AS n, sum(seq) AS total FROM logs'), { n: 20_000, total: (19_999 * 20_000) / 2 });
});

t.test("onConflict 'ignore' skips duplicates and reports only the rows really inserted", async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE logs (device TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (device, seq))');
  await db.insertMany('logs', ['device', 'seq'], Array.from({ length: 20_000 }, (_, i) => ['a', i]));
  // A device resending: 20,000 rows already stored and 500 new ones, more than one statement's worth.
  const resend = Array.from({ length: 20_500 }, (_, i) => ['a', i]);
  t.ok(resend.length * 2 > MAX_BOUND_PARAMS);
  t.equal(await db.insertMany('logs', ['device', 'seq'], resend, { onConflict: 'ignore' }), 500);
  t.same(await db.get('SELECT count(*) AS n FROM logs'), { n: 20_500 });
});

t.test('onConflict update rewrites the named columns of existing rows', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE status (device TEXT PRIMARY KEY, online INTEGER NOT NULL, seen TEXT NOT NULL, note TEXT)');
  await db.insertMany('status', ['device', 'online', 'seen', 'note'], [['a', 1, 't1', 'keep'], ['b', 1, 't1', 'keep']]);
  const written = await db.insertMany('status', ['device', 'online', 'seen', 'note'], [['a', 0, 't2', 'x'], ['c', 1, 't2', 'x']], {
    onConflict: { target: ['device'], update: ['online', 'seen'] },
    durable: false,
  });
  t.equal(written, 2, 'one update and one insert');
  t.same(await db.all('SELECT * FROM status ORDER BY device'), [
    { device: 'a', online: 0, seen: 't2', note: 'keep' },
    { device: 'b', online: 1, seen: 't1', note: 'keep' },
    { device: 'c', online: 1, seen: 't2', note: 'x' },
  ]);
});

t.test('a duplicate with the default conflict policy rolls back the whole batch', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  const rows = [...Array.from({ length: 40_000 }, (_, i) => [i]), [5]];
  await t.rejects(db.insertMany('items', ['id'], rows), { code: 'HUB_ERR_DB', details: { sqliteCode: 'SQLITE_CONSTRAINT' } });
  t.same(await db.get('SELECT count(*) AS n FROM items'), { n: 0 }, 'the chunks already run were undone');
});

t.test('inside a transaction insertMany joins it', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  await t.rejects(
    db.transaction(async (tx) => {
      t.equal(await tx.insertMany('items', ['id'], [[1], [2]]), 2);
      throw new Error('changed my mind');
    }),
  );
  t.same(await db.get('SELECT count(*) AS n FROM items'), { n: 0 });
});

t.test('statements respect the limit, keep row order and reuse SQL text', (t) => {
  const rows = Array.from({ length: 1000 }, (_, i) => [i, `n${i}`, null]);
  const statements = buildInsertStatements('t', ['a', 'b', 'c'], rows, { onConflict: 'ignore' }, 999);
  t.equal(statements.length, 4, '333 rows of 3 values per statement');
  t.ok(statements.every((s) => s.params.length <= 999));
  t.same(statements.flatMap((s) => s.params), rows.flat());
  t.equal(statements[0]?.sql, statements[1]?.sql);
  t.match(statements[0]?.sql ?? '', /^INSERT OR IGNORE INTO "t" \("a", "b", "c"\) VALUES \(\?, \?, \?\), /);
  t.same(buildInsertStatements('t', ['a'], []), [], 'nothing to insert, nothing to run');
  t.end();
});

t.test('malformed calls are refused before anything runs', (t) => {
  const cases: [string, () => unknown, RegExp][] = [
    ['identifier with SQL in it', () => buildInsertStatements('t; DROP TABLE areas', ['a'], [[1]]), /invalid identifier/],
    ['quoted column', () => buildInsertStatements('t', ['a"'], [[1]]), /invalid identifier/],
    ['row of the wrong width', () => buildInsertStatements('t', ['a', 'b'], [[1, 2], [3]]), /row 1 has 1 values for 2 columns/],
    ['no columns', () => buildInsertStatements('t', [], [[]]), /no columns/],
    ['update without columns', () => buildInsertStatements('t', ['a'], [[1]], { onConflict: { target: ['a'], update: [] } }), /onConflict/],
  ];
  for (const [name, fn, message] of cases) t.throws(fn, { code: 'HUB_ERR_DB', message }, name);
  t.end();
});
