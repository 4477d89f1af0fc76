import { HubError } from '../errors.js';
import { MAX_BOUND_PARAMS } from './sqlite-connection.js';
import type { RunResult, SqlParams, SqlValue } from './sqlite-connection.js';

/**
 * What to do when a row hits a UNIQUE/PRIMARY KEY constraint:
 * - 'abort' (default): the statement fails, and the enclosing transaction rolls back.
 * - 'ignore': skip the row; it is not counted.
 * - 'replace': SQLite's REPLACE, which DELETES the old row first (cascades fire). Prefer `update`.
 * - `{ target, update }`: `ON CONFLICT (target) DO UPDATE SET col = excluded.col` for each `update` column;
 *   updated rows are counted like inserted ones.
 */
export type OnConflict =
  | 'abort'
  | 'ignore'
  | 'replace'
  | { readonly target: readonly string[]; readonly update: readonly string[] };

export interface InsertManyOptions {
  readonly onConflict?: OnConflict;
}

export interface Statement {
  readonly sql: string;
  readonly params: SqlValue[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quote(name: string): string {
  // Identifiers are interpolated into SQL, so only plain names are accepted: no injection through a column list.
  if (!IDENTIFIER.test(name)) throw new HubError('HUB_ERR_DB', `insertMany: invalid identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function conflictClauses(onConflict: OnConflict): { verb: string; suffix: string } {
  if (onConflict === 'abort') return { verb: 'INSERT', suffix: '' };
  if (onConflict === 'ignore') return { verb: 'INSERT OR IGNORE', suffix: '' };
  if (onConflict === 'replace') return { verb: 'INSERT OR REPLACE', suffix: '' };
  if (onConflict.target.length === 0 || onConflict.update.length === 0) {
    throw new HubError('HUB_ERR_DB', 'insertMany: onConflict needs a target and at least one column to update');
  }
  const set = onConflict.update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ');
  return { verb: 'INSERT', suffix: ` ON CONFLICT (${onConflict.target.map(quote).join(', ')}) DO UPDATE SET ${set}` };
}

/** Builds multi-row INSERTs, each with at most `maxParams` bound values. Pure: no database needed. */
export function buildInsertStatements(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: InsertManyOptions = {},
  maxParams = MAX_BOUND_PARAMS,
): Statement[] {
  if (columns.length === 0) throw new HubError('HUB_ERR_DB', 'insertMany: no columns');
  if (columns.length > maxParams) throw new HubError('HUB_ERR_DB', 'insertMany: more columns than bound values allowed');
  const { verb, suffix } = conflictClauses(options.onConflict ?? 'abort');
  const head = `${verb} INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = Math.floor(maxParams / columns.length);
  const sqlFor = new Map<number, string>();

  const statements: Statement[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: SqlValue[] = [];
    chunk.forEach((row, i) => {
      if (row.length !== columns.length) {
        throw new HubError('HUB_ERR_DB', `insertMany: row ${start + i} has ${row.length} values for ${columns.length} columns`);
      }
      params.push(...row);
    });
    let sql = sqlFor.get(chunk.length);
    if (sql === undefined) {
      sql = head + Array.from({ length: chunk.length }, () => tuple).join(', ') + suffix;
      sqlFor.set(chunk.length, sql);
    }
    statements.push({ sql, params });
  }
  return statements;
}

/** Runs the statements in order on a connection already inside a transaction; returns rows actually written. */
export async function runInsertStatements(
  run: (sql: string, params: SqlParams) => Promise<RunResult>,
  statements: readonly Statement[],
): Promise<number> {
  let written = 0;
  for (const { sql, params } of statements) written += (await run(sql, params)).changes;
  return written;
}
