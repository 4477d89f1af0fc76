import sqlite3 from 'sqlite3';
import { toHubError } from './db-error.js';

/**
 * What the driver binds faithfully. `bigint` is left out on purpose: sqlite3 v6 binds it as NULL, silently.
 * Booleans are stored as 0/1.
 */
export type SqlValue = string | number | boolean | null | Buffer;
/** Positional (`?`) or named (`$name`, `:name`, `@name`: the key includes the prefix) parameters. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/**
 * SQLITE_MAX_VARIABLE_NUMBER: 32766 since SQLite 3.32, 999 before. sqlite3 v6 bundles a recent SQLite; filling
 * statements to the limit measured about 25% faster than 999-value chunks (50,000 five-column rows: ~190 vs ~300 ms).
 */
export const MAX_BOUND_PARAMS = sqlite3.VERSION_NUMBER >= 3_032_000 ? 32_766 : 999;

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  readonly changes: number;
  readonly lastId: number;
}

/** One promise-wrapped `sqlite3.Database`. Every driver error comes out as a HubError (see db-error.ts). */
export class Connection {
  readonly #raw: sqlite3.Database;

  constructor(raw: sqlite3.Database) {
    this.#raw = raw;
  }

  static open(file: string, readOnly = false): Promise<Connection> {
    const mode = readOnly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    return new Promise((resolve, reject) => {
      const raw: sqlite3.Database = new sqlite3.Database(file, mode, (err) => {
        if (err) reject(toHubError(err));
        else resolve(new Connection(raw));
      });
    });
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.#raw.run(sql, params, function (err) {
        if (err) reject(toHubError(err));
        else resolve({ changes: this.changes, lastId: this.lastID });
      });
    });
  }

  /**
   * The first row. Runs through `all`, not the driver's `get`: `get` steps once and leaves the statement active until
   * it is finalised later, and while it is active every other read on this connection shares its WAL snapshot. Under
   * load that chain of overlapping reads kept a snapshot alive, so a row read back just after its commit was missing
   * (seen as 500s from bulletin submit with a 200-device fleet). `all` steps to SQLITE_DONE, which ends the read.
   * Callers select by key, aggregate or LIMIT, so reading to the end costs nothing.
   */
  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.#raw.all<T>(sql, params, (err, rows) => {
        if (err) reject(toHubError(err));
        else resolve(rows);
      });
    });
  }

  /** Several statements, no parameters: migrations. */
  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#raw.exec(sql, (err) => {
        if (err) reject(toHubError(err));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#raw.close((err) => {
        if (err) reject(toHubError(err));
        else resolve();
      });
    });
  }
}
