import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubError } from '../errors.js';
import type { Connection } from './sqlite-connection.js';

/** hub/src/db/ and hub/dist/db/ both sit two levels below hub/, so the same relative path works for both. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d{4})_[A-Za-z0-9_-]+\.sql$/;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly path: string;
}

/** Numbered `NNNN_name.sql` files in order. A `.sql` file that breaks the pattern is an error, not skipped. */
export async function listMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const seen = new Map<number, string>();
  return names.map((name) => {
    const match = MIGRATION_FILE.exec(name);
    if (!match) throw new HubError('HUB_ERR_DB_MIGRATION', `${name}: expected NNNN_name.sql`);
    const version = Number(match[1]);
    const other = seen.get(version);
    if (other !== undefined) throw new HubError('HUB_ERR_DB_MIGRATION', `${name} and ${other} share number ${match[1]}`);
    seen.set(version, name);
    return { version, name, path: join(dir, name) };
  });
}

interface AppliedRow {
  version: number;
  name: string;
}

/**
 * Applies each pending migration in its own transaction and records it in `schema_migrations`. A failing file rolls
 * back completely and names itself. Migration files must not contain BEGIN/COMMIT, and cannot change
 * `PRAGMA foreign_keys` (a no-op inside a transaction). Returns the names applied now.
 */
export async function applyMigrations(conn: Connection, dir: string): Promise<string[]> {
  await conn.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const migrations = await listMigrations(dir);
  const applied = new Map((await conn.all<AppliedRow>('SELECT version, name FROM schema_migrations')).map((r) => [r.version, r.name]));
  const known = new Map(migrations.map((m) => [m.version, m.name]));
  for (const [version, name] of applied) {
    // Running older code on a newer database would write rows the newer schema does not expect: refuse to start.
    if (known.get(version) !== name) {
      throw new HubError('HUB_ERR_DB_MIGRATION', `the database has ${name} applied, which this hub does not have`);
    }
  }

  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    const sql = await readFile(m.path, 'utf8');
    await conn.exec('BEGIN IMMEDIATE');
    try {
      await conn.exec(sql);
      await conn.run(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        [m.version, m.name],
      );
      await conn.exec('COMMIT');
    } catch (err) {
      await conn.exec('ROLLBACK').catch(() => undefined);
      throw new HubError('HUB_ERR_DB_MIGRATION', `${m.name}: ${err instanceof Error ? err.message : String(err)}`, {
        file: m.name,
      });
    }
    done.push(m.name);
  }
  return done;
}
