import { open as openFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { openDatabase, sqliteCodeOf } from '../../../hub/src/db/index.js';
import { isHubError } from '../../../hub/src/errors.js';
import { openTempDatabase } from './temp-database.js';

t.test('concurrent transactions run one after another, never interleaved', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE counter (n INTEGER NOT NULL)');
  await db.run('INSERT INTO counter VALUES (0)');
  const events: string[] = [];
  // Each transaction reads, yields to the event loop, then writes: interleaved, they would lose an increment
  // (or fail with "cannot start a transaction within a transaction").
  const increments = Array.from({ length: 5 }, (_, i) =>
    db.transaction(async (tx) => {
      events.push(`begin ${i}`);
      const row = await tx.get<{ n: number }>('SELECT n FROM counter');
      await sleep(5);
      await tx.run('UPDATE counter SET n = ?', [(row?.n ?? -100) + 1]);
      events.push(`end ${i}`);
    }),
  );
  await Promise.all(increments);
  t.same(await db.get('SELECT n FROM counter'), { n: 5 });
  t.same(events, [0, 1, 2, 3, 4].flatMap((i) => [`begin ${i}`, `end ${i}`]));
});

t.test('a throwing transaction rolls back and rethrows; later writes still run', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  const boom = new Error('boom');
  await t.rejects(
    db.transaction(async (tx) => {
      await tx.run('INSERT INTO items VALUES (1)');
      throw boom;
    }),
    boom,
  );
  await db.run('INSERT INTO items VALUES (2)');
  t.same(await db.all('SELECT id FROM items'), [{ id: 2 }]);
});

t.test('reads outside a transaction see only committed rows', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  await db.transaction(async (tx) => {
    await tx.run('INSERT INTO items VALUES (1)');
    t.same(await tx.all('SELECT id FROM items'), [{ id: 1 }], 'the transaction sees its own row');
    t.same(await db.all('SELECT id FROM items'), [], 'other readers do not, yet');
  });
  t.same(await db.all('SELECT id FROM items'), [{ id: 1 }]);
});

t.test('a row is readable right after its commit while other reads keep the reader busy', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE kv (k TEXT PRIMARY KEY)');
  await db.run("INSERT INTO kv VALUES ('seed')");
  // Slow single-row reads, 32 at a time: with the driver's own get() they overlapped into one long WAL snapshot.
  const slowRead = "SELECT k, (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT count(*) FROM c) AS n FROM kv WHERE k = 'seed'";
  let busy = true;
  const noise = (async () => {
    while (busy) await Promise.all(Array.from({ length: 32 }, () => db.get(slowRead)));
  })();
  const missing: string[] = [];
  for (let i = 0; i < 60; i++) {
    await db.run('INSERT INTO kv VALUES (?)', [`k${i}`]);
    if ((await db.get('SELECT k FROM kv WHERE k = ?', [`k${i}`])) === undefined) missing.push(`k${i}`);
  }
  busy = false;
  await noise;
  t.same(missing, [], 'every committed row read back at once');
});

t.test('a write started inside a transaction fails fast instead of deadlocking', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  await db.transaction(async () => {
    await t.rejects(db.run('INSERT INTO items VALUES (1)'), { code: 'HUB_ERR_DB', message: /inside a transaction/ });
  });
});

t.test('the transaction handle stops working once the transaction is over', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  const leaked = await db.transaction(async (tx) => Promise.resolve(tx));
  await t.rejects(leaked.run('INSERT INTO items VALUES (1)'), { code: 'HUB_ERR_DB', message: /already finished/ });
  t.same(await db.all('SELECT id FROM items'), []);
});

t.test('durability is chosen per write: FULL by default, NORMAL on request', async (t) => {
  const { db } = await openTempDatabase(t);
  const level = (options?: { durable: boolean }) =>
    db.transaction(async (tx) => (await tx.get<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous, options);
  t.equal(await level(), 2, 'FULL for acknowledged writes');
  t.equal(await level({ durable: false }), 1, 'NORMAL for heartbeats and the like');
  t.equal(await level({ durable: true }), 2, 'and back to FULL');
});

t.test('close() waits for queued writes, then refuses new ones', async (t) => {
  const { db, file } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  const pending = Array.from({ length: 50 }, (_, i) => db.run('INSERT INTO items VALUES (?)', [i], { durable: i % 2 === 0 }));
  await db.close();
  await Promise.all(pending);
  await t.rejects(db.run('INSERT INTO items VALUES (99)'), { code: 'HUB_ERR_DB', message: /closing/ });
  await db.close(); // idempotent

  const again = await openDatabase(file);
  t.teardown(() => again.close());
  t.same(await again.get('SELECT count(*) AS n FROM items'), { n: 50 }, 'every queued write reached the file');
});

t.test('driver errors become coded HubErrors carrying the SQLite code', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  await db.run('INSERT INTO items VALUES (1)');
  const err = await db.run('INSERT INTO items VALUES (1)').catch((e: unknown) => e);
  t.ok(isHubError(err, 'HUB_ERR_DB'));
  t.equal(sqliteCodeOf(err), 'SQLITE_CONSTRAINT');
  await t.rejects(db.get('SELECT * FROM nowhere'), { code: 'HUB_ERR_DB', details: { sqliteCode: 'SQLITE_ERROR' } });
});

t.test('a full disk is reported as HUB_ERR_DISK_FULL and the transaction rolls back', async (t) => {
  const { db } = await openTempDatabase(t);
  await db.run('CREATE TABLE blobs (data BLOB)');
  // max_page_count caps the file the way a full disk would: SQLite answers SQLITE_FULL.
  const pages = (await db.transaction(async (tx) => tx.get<{ page_count: number }>('PRAGMA page_count')))?.page_count ?? 0;
  await db.run(`PRAGMA max_page_count = ${pages + 2}`);
  await t.rejects(
    db.transaction(async (tx) => {
      await tx.run('INSERT INTO blobs VALUES (zeroblob(100))');
      await tx.run('INSERT INTO blobs VALUES (zeroblob(1000000))');
    }),
    { code: 'HUB_ERR_DISK_FULL', details: { sqliteCode: 'SQLITE_FULL' } },
  );
  t.same(await db.get('SELECT count(*) AS n FROM blobs'), { n: 0 });
});

t.test('integrityCheck lists what is wrong with a damaged file', async (t) => {
  const { db, file } = await openTempDatabase(t);
  t.same(await db.integrityCheck(), { ok: true, problems: [] });
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT)');
  await db.run('CREATE INDEX items_label ON items (label)');
  await db.insertMany('items', ['id', 'label'], Array.from({ length: 200 }, (_, i) => [i, `label ${i}`]));
  // Make the stored index disagree with its table: what a torn write leaves behind, without breaking the format.
  await db.transaction(async (tx) => {
    await tx.run('PRAGMA writable_schema = ON');
    await tx.run("UPDATE sqlite_master SET sql = 'CREATE INDEX items_label ON items (id)' WHERE name = 'items_label'");
  });
  await db.close();

  const damaged = await openDatabase(file);
  t.teardown(() => damaged.close());
  const report = await damaged.integrityCheck();
  t.equal(report.ok, false);
  t.match(report.problems.join('\n'), /items_label/);
});

t.test('integrityCheck answers not-ok, rather than throwing, when the file is too damaged to walk', async (t) => {
  const { db, file } = await openTempDatabase(t);
  await db.run('CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT)');
  await db.run('CREATE INDEX items_label ON items (label)');
  await db.insertMany('items', ['id', 'label'], Array.from({ length: 2000 }, (_, i) => [i, `label ${i}`]));
  const root = await db.get<{ rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE name = 'items_label'");
  const pageSize = (await db.get<{ page_size: number }>('PRAGMA page_size'))?.page_size ?? 4096;
  await db.close();

  // Scribble over the index's root page header, as a failing SD card might.
  const handle = await openFile(file, 'r+');
  await handle.write(Buffer.alloc(64, 0xab), 0, 64, ((root?.rootpage ?? 2) - 1) * pageSize);
  await handle.close();

  const damaged = await openDatabase(file);
  t.teardown(() => damaged.close());
  const report = await damaged.integrityCheck();
  t.equal(report.ok, false);
  t.match(report.problems.join('\n'), /malformed|corrupt/i);
});
