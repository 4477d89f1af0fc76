import { HubError } from '../errors.js';

/** Errors from the `sqlite3` driver carry the primary result code as a string, e.g. `SQLITE_CONSTRAINT`. */
interface SqliteDriverError extends Error {
  readonly code: string;
}

function isDriverError(err: unknown): err is SqliteDriverError {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * Maps a driver error to the catalogue. A full disk gets its own code because the operator's remedy differs
 * (free space, not restore a backup). The SQLite code travels in `details.sqliteCode` so callers can branch on it,
 * e.g. a UNIQUE violation becoming HUB_ERR_CONFLICT.
 */
export function toHubError(err: unknown): Error {
  if (err instanceof HubError) return err;
  if (!isDriverError(err)) return err instanceof Error ? err : new Error(String(err));
  const code = err.code === 'SQLITE_FULL' ? 'HUB_ERR_DISK_FULL' : 'HUB_ERR_DB';
  return new HubError(code, err.message, { sqliteCode: err.code });
}

/** The SQLite result code behind a mapped error (`'SQLITE_CONSTRAINT'`, ...), or undefined. */
export function sqliteCodeOf(err: unknown): string | undefined {
  if (!(err instanceof HubError)) return undefined;
  const details = err.details as { sqliteCode?: unknown } | undefined;
  return typeof details?.sqliteCode === 'string' ? details.sqliteCode : undefined;
}
