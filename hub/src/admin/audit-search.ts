// Audit entries with the filters an official reviewing the log needs: area subtree and time (as GET /api/audit),
// plus who and what (a part of the actor's name, a part of the action), newest first, a page at a time by seq.
import type { Reader } from '../db/index.js';

export interface AuditSearch {
  /** Area codes to include (a subtree); undefined for every entry, those without an area included. */
  readonly areas?: readonly string[];
  readonly from?: number;
  readonly to?: number;
  /** Entries older than this seq: the next page. */
  readonly beforeSeq?: number;
  /** Case-insensitive substring of the actor ('can.bo', 'break-glass'). */
  readonly actor?: string;
  /** Case-insensitive substring of the action ('approve', 'POST /api/accounts'). */
  readonly action?: string;
  readonly limit: number;
}

export interface AuditSearchRow {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly actorIp: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly area: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

/** LIKE with its own wildcards escaped, so a search for "a_b" does not match "axb". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Pure: the WHERE clause and parameters for a search. */
export function auditWhere(q: AuditSearch): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.areas !== undefined) {
    where.push('area IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.areas));
  }
  const filters: [string, string | number | undefined][] = [
    ['at >= ?', q.from],
    ['at < ?', q.to],
    ['seq < ?', q.beforeSeq],
    ["actor LIKE ? ESCAPE '\\'", q.actor === undefined || q.actor.trim() === '' ? undefined : likePattern(q.actor.trim())],
    ["action LIKE ? ESCAPE '\\'", q.action === undefined || q.action.trim() === '' ? undefined : likePattern(q.action.trim())],
  ];
  for (const [clause, value] of filters) {
    if (value === undefined) continue;
    where.push(clause);
    params.push(value);
  }
  return { sql: where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`, params };
}

interface Row {
  seq: number;
  at: number;
  actor: string;
  actor_ip: string | null;
  action: string;
  target: string | null;
  area: string | null;
  before: string | null;
  after: string | null;
}

/** One page, plus whether an older page exists (one row more is read to know). */
export async function searchAudit(db: Reader, q: AuditSearch): Promise<{ entries: AuditSearchRow[]; more: boolean }> {
  const { sql, params } = auditWhere(q);
  const rows = await db.all<Row>(
    `SELECT seq, at, actor, actor_ip, action, target, area, before, after FROM audit_log ${sql} ORDER BY seq DESC LIMIT ?`,
    [...params, q.limit + 1],
  );
  const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
  return {
    entries: rows.slice(0, q.limit).map((r) => ({
      seq: r.seq, at: r.at, actor: r.actor, actorIp: r.actor_ip, action: r.action, target: r.target, area: r.area,
      before: parse(r.before), after: parse(r.after),
    })),
    more: rows.length > q.limit,
  };
}
