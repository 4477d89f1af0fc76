import { AsyncLocalStorage } from 'node:async_hooks';
import { HubError } from '../errors.js';
import { sqliteCodeOf } from './db-error.js';
import { buildInsertStatements, runInsertStatements } from './insert-many.js';
import type { InsertManyOptions } from './insert-many.js';
import type { Connection, RunResult, SqlParams, SqlValue } from './sqlite-connection.js';
import { WriteQueue } from './write-queue.js';

/**
 * Durability of one write. `durable: true` (the default) commits with `synchronous=FULL`: the WAL is fsynced before
 * the promise resolves, so anything acknowledged to a user, a device or an upstream hub survives a power cut.
 * `durable: false` uses `synchronous=NORMAL`: still atomic and never corrupting, but the last commits may be lost on
 * power failure. Use it only for data that is re-sent anyway (heartbeats, presence).
 */
export interface WriteOptions {
  readonly durable?: boolean;
}

/** Reads. Row types are the caller's claim about the SELECT, not validated. */
export interface Reader {
  get<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>;
}

/** The handle inside `db.transaction()`. It stops working when the transaction ends. */
export interface Transaction extends Reader {
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  /** Multi-row INSERTs in chunks under the bound-value limit; returns rows actually written (ignored ones excluded). */
  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], options?: InsertManyOptions): Promise<number>;
}

export interface IntegrityReport {
  readonly ok: boolean;
  /** PRAGMA integrity_check's findings; empty when ok. */
  readonly problems: readonly string[];
}

export interface Database extends Reader {
  /** One statement in autocommit mode, queued behind other writes. */
  run(sql: string, params?: SqlParams, options?: WriteOptions): Promise<RunResult>;
  /** Like Transaction.insertMany, all chunks in one transaction. */
  insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
    options?: InsertManyOptions & WriteOptions,
  ): Promise<number>;
  /**
   * Runs `fn` inside BEGIN IMMEDIATE ... COMMIT, after every write queued before it. A throw rolls back and is
   * rethrown. Read through `tx` inside: `db.get` reads the last committed state on another connection.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options?: WriteOptions): Promise<T>;
  integrityCheck(): Promise<IntegrityReport>;
  /** Rejects new writes, waits for the queued ones, then closes. Idempotent. */
  close(): Promise<void>;
}

interface Scope {
  active: boolean;
}

class TransactionHandle implements Transaction {
  readonly #conn: Connection;
  readonly #scope: Scope;

  constructor(conn: Connection, scope: Scope) {
    this.#conn = conn;
    this.#scope = scope;
  }

  #live(): Connection {
    if (!this.#scope.active) throw new HubError('HUB_ERR_DB', 'the transaction has already finished');
    return this.#conn;
  }

  async get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.#live().get<T>(sql, params);
  }

  async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.#live().all<T>(sql, params);
  }

  async run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.#live().run(sql, params);
  }

  async insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
    options?: InsertManyOptions,
  ): Promise<number> {
    const statements = buildInsertStatements(table, columns, rows, options);
    return runInsertStatements((sql, params) => this.run(sql, params), statements);
  }
}

type Synchronous = 'FULL' | 'NORMAL';

export class SqliteDatabase implements Database {
  readonly #writer: Connection;
  readonly #reader: Connection;
  readonly #queue = new WriteQueue();
  readonly #inside = new AsyncLocalStorage<Scope>();
  #synchronous: Synchronous = 'FULL';
  #closing: Promise<void> | undefined;

  /** `writer` must already be set to synchronous=FULL; `reader` may be the same connection (`:memory:`). */
  constructor(writer: Connection, reader: Connection) {
    this.#writer = writer;
    this.#reader = reader;
  }

  get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.#reader.get<T>(sql, params);
  }

  all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.#reader.all<T>(sql, params);
  }

  run(sql: string, params?: SqlParams, options: WriteOptions = {}): Promise<RunResult> {
    return this.#write(options, () => this.#writer.run(sql, params));
  }

  insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
    options: InsertManyOptions & WriteOptions = {},
  ): Promise<number> {
    return this.transaction((tx) => tx.insertMany(table, columns, rows, options), options);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    return this.#write(options, async () => {
      const scope: Scope = { active: true };
      await this.#writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.#inside.run(scope, () => fn(new TransactionHandle(this.#writer, scope)));
        await this.#writer.exec('COMMIT');
        return result;
      } catch (err) {
        // SQLite may already have rolled back (e.g. SQLITE_FULL); the original error is the one worth reporting.
        await this.#writer.exec('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        scope.active = false;
      }
    });
  }

  async integrityCheck(): Promise<IntegrityReport> {
    let rows: { integrity_check: string }[];
    try {
      rows = await this.#reader.all<{ integrity_check: string }>('PRAGMA integrity_check');
    } catch (err) {
      // Damage bad enough that the check cannot even walk the file is still an answer, not a crash.
      const code = sqliteCodeOf(err);
      if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return { ok: false, problems: [(err as Error).message] };
      throw err;
    }
    const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    return { ok: problems.length === 0, problems };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#queue.drained();
      if (this.#reader !== this.#writer) await this.#reader.close();
      await this.#writer.close();
    })();
    return this.#closing;
  }

  #write<T>(options: WriteOptions, job: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new HubError('HUB_ERR_DB', 'the database is closing'));
    if (this.#inside.getStore()?.active) {
      // Queued behind the running transaction, this write would wait for it while it waits for the write.
      return Promise.reject(new HubError('HUB_ERR_DB', 'write started inside a transaction: use the transaction handle'));
    }
    const wanted: Synchronous = options.durable === false ? 'NORMAL' : 'FULL';
    return this.#queue.push(async () => {
      if (this.#synchronous !== wanted) {
        await this.#writer.exec(`PRAGMA synchronous = ${wanted}`);
        this.#synchronous = wanted;
      }
      return job();
    });
  }
}
