import { HubError } from '../errors.js';
import { SqliteDatabase } from './database.js';
import type { Database } from './database.js';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from './migrate.js';
import { Connection } from './sqlite-connection.js';

export interface OpenDatabaseOptions {
  /** How long a statement waits for a lock held by another process (a backup, the sqlite3 shell). Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Defaults to hub/migrations, found relative to this module from both src/ and dist/. */
  readonly migrationsDir?: string;
}

function isMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

/**
 * Opens (creating if needed) the hub database: WAL, foreign keys on, pending migrations applied. A file database
 * gets a second, read-only connection so reads never wait for the writer and never see uncommitted rows.
 */
export async function openDatabase(file: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new HubError('HUB_ERR_DB', `busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
  }
  const writer = await Connection.open(file);
  let reader: Connection | undefined;
  try {
    await writer.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    const journal = await writer.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
    if (!isMemory(file) && journal?.journal_mode !== 'wal') {
      // Typically a network file system without shared memory: one writer, concurrent readers would not hold.
      throw new HubError('HUB_ERR_DB', `${file}: WAL journal mode unavailable (got ${journal?.journal_mode}); use a local disk`);
    }
    await writer.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL');
    await applyMigrations(writer, options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
    if (isMemory(file)) return new SqliteDatabase(writer, writer);
    reader = await Connection.open(file, true);
    await reader.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    return new SqliteDatabase(writer, reader);
  } catch (err) {
    await reader?.close().catch(() => undefined);
    await writer.close().catch(() => undefined);
    throw err;
  }
}
