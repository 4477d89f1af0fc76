import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { openDatabase } from '../../../hub/src/db/index.js';
import { isHubError } from '../../../hub/src/errors.js';
import { openTempDatabase, tempDir } from './temp-database.js';
import type { Teardown } from './temp-database.js';

async function migrationsDir(t: Teardown, files: Record<string, string>): Promise<string> {
  const dir = join(await tempDir(t), 'migrations');
  await mkdir(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return dir;
}

t.test('the shipped migrations create the areas tables, in WAL mode with foreign keys on', async (t) => {
  const { db } = await openTempDatabase(t);
  const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  t.ok(tables.some((r) => r.name === 'areas'));
  t.ok(tables.some((r) => r.name === 'area_windows'));
  t.same(await db.get('PRAGMA journal_mode'), { journal_mode: 'wal' });
  await t.rejects(db.run("INSERT INTO areas (code, name, parent_code) VALUES ('x', 'X', 'missing')"), {
    code: 'HUB_ERR_DB',
    details: { sqliteCode: 'SQLITE_CONSTRAINT' },
  }, 'a dangling parent is refused: foreign keys are enforced');
});

t.test('an in-memory database works on one connection (for tests of other parts)', async (t) => {
  const db = await openDatabase(':memory:');
  t.teardown(() => db.close());
  await db.run("INSERT INTO areas (code, name) VALUES ('67', 'Tỉnh Đắk Nông')");
  t.same(await db.all('SELECT code, name, time_zone FROM areas'), [{ code: '67', name: 'Tỉnh Đắk Nông', time_zone: 'Asia/Ho_Chi_Minh' }]);
});

t.test('a nonsensical busy timeout or an unopenable path is refused with a coded error', async (t) => {
  await t.rejects(openDatabase(':memory:', { busyTimeoutMs: -1 }), { code: 'HUB_ERR_DB', message: /busyTimeoutMs/ });
  const missing = join(await tempDir(t), 'no-such-dir', 'hub.db');
  await t.rejects(openDatabase(missing), { code: 'HUB_ERR_DB', details: { sqliteCode: 'SQLITE_CANTOPEN' } });
});

t.test('migrations apply once and are not re-run when the database is reopened', async (t) => {
  const dir = await migrationsDir(t, {
    '0001_first.sql': 'CREATE TABLE a (x INTEGER);',
    '0002_second.sql': 'INSERT INTO a VALUES (1);',
  });
  const file = join(await tempDir(t), 'hub.db');
  for (let i = 0; i < 3; i++) {
    const db = await openDatabase(file, { migrationsDir: dir });
    t.same(await db.all('SELECT x FROM a'), [{ x: 1 }], `open #${i + 1}: the INSERT ran exactly once`);
    t.same(await db.all('SELECT version, name FROM schema_migrations ORDER BY version'), [
      { version: 1, name: '0001_first.sql' },
      { version: 2, name: '0002_second.sql' },
    ]);
    await db.close();
  }
});

t.test('a new migration added later is applied on the next open', async (t) => {
  const dir = await migrationsDir(t, { '0001_first.sql': 'CREATE TABLE a (x INTEGER);' });
  const file = join(await tempDir(t), 'hub.db');
  await (await openDatabase(file, { migrationsDir: dir })).close();
  await writeFile(join(dir, '0002_more.sql'), 'CREATE TABLE b (y INTEGER);');
  const db = await openDatabase(file, { migrationsDir: dir });
  t.teardown(() => db.close());
  t.ok(await db.get("SELECT 1 AS found FROM sqlite_master WHERE name = 'b'"));
});

t.test('a failing migration rolls back completely and names its file', async (t) => {
  const dir = await migrationsDir(t, {
    '0001_ok.sql': 'CREATE TABLE a (x INTEGER);',
    '0002_broken.sql': 'CREATE TABLE b (y INTEGER);\nINSERT INTO a VALUES (1);\nINSERT INTO nowhere VALUES (2);',
  });
  const file = join(await tempDir(t), 'hub.db');
  const err = await openDatabase(file, { migrationsDir: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(isHubError(err, 'HUB_ERR_DB_MIGRATION'), 'coded as a migration failure');
  t.match((err as Error).message, /0002_broken\.sql/);

  // Fix the file: reopening applies 0002 from scratch, proving nothing of the failed attempt was left behind.
  await writeFile(join(dir, '0002_broken.sql'), 'CREATE TABLE b (y INTEGER);\nINSERT INTO a VALUES (1);');
  const db = await openDatabase(file, { migrationsDir: dir });
  t.teardown(() => db.close());
  t.same(await db.all('SELECT x FROM a'), [{ x: 1 }], 'the half-applied INSERT was rolled back');
  t.equal((await db.all('SELECT version FROM schema_migrations')).length, 2);
});

t.test('refuses to run against a database migrated by a newer hub', async (t) => {
  const dir = await migrationsDir(t, { '0001_first.sql': 'CREATE TABLE a (x INTEGER);', '0002_new.sql': 'SELECT 1;' });
  const file = join(await tempDir(t), 'hub.db');
  await (await openDatabase(file, { migrationsDir: dir })).close();
  const older = await migrationsDir(t, { '0001_first.sql': 'CREATE TABLE a (x INTEGER);' });
  await t.rejects(openDatabase(file, { migrationsDir: older }), { code: 'HUB_ERR_DB_MIGRATION', message: /0002_new\.sql/ });
});

t.test('badly named or duplicate-numbered files are errors, not silently skipped', async (t) => {
  const file = join(await tempDir(t), 'hub.db');
  const misnamed = await migrationsDir(t, { '1_init.sql': 'SELECT 1;' });
  await t.rejects(openDatabase(file, { migrationsDir: misnamed }), { code: 'HUB_ERR_DB_MIGRATION', message: /1_init\.sql/ });
  const twice = await migrationsDir(t, { '0002_a.sql': 'SELECT 1;', '0002_b.sql': 'SELECT 1;' });
  await t.rejects(openDatabase(file, { migrationsDir: twice }), { code: 'HUB_ERR_DB_MIGRATION', message: /share number 0002/ });
});
