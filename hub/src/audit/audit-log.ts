// The append-only audit log in SQLite (issue 4). append() reads the chain's head and inserts the next row in one
// transaction, so concurrent requests cannot fork the chain (the database has one writer, design.md §12).
import type { Database, Reader } from '../db/index.js';
import { HubError } from '../errors.js';
import { GENESIS_HASH, auditHash, type AuditRow } from './audit-hash.js';
import { ChainVerifier, type AuditVerification } from './verify-audit.js';

export interface AuditEntry {
  /** Who: a username, 'admin [break-glass]', 'name [token id]', or 'device:<id>'. */
  readonly actor: string;
  readonly actorIp?: string;
  /** What, e.g. 'POST /api/bulletins/:id/approve' or 'session.sign-in-failed'. */
  readonly action: string;
  /** The object acted on, e.g. a bulletin, device or account id. */
  readonly target?: string;
  /** Where: the area the action concerns; the audit query filters on it. */
  readonly area?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditRecord {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly actorIp: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly area: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly hash: string;
}

export interface AuditQuery {
  /** Area codes to include (a subtree); undefined for all. */
  readonly areas?: readonly string[];
  readonly from?: number;
  readonly to?: number;
  /** Newest first, older than this seq (paging). */
  readonly beforeSeq?: number;
  /** Case-insensitive substring of the actor ('can.bo', 'break-glass'). */
  readonly actor?: string;
  /** Case-insensitive substring of the action ('approve', 'POST /api/accounts'). */
  readonly action?: string;
  readonly limit?: number;
}

/** LIKE with its own wildcards escaped, so a search for "a_b" does not match "axb". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const substring = (text: string | undefined): string | undefined => (text === undefined || text.trim() === '' ? undefined : likePattern(text.trim()));

/** Larger before/after values are replaced by their size: the log must not become a copy of every upload. */
export const MAX_AUDIT_JSON_CHARS = 64 * 1024;
const PAGE = 1000;

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
  prev_hash: string;
  hash: string;
}

export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  return text.length <= MAX_AUDIT_JSON_CHARS ? text : JSON.stringify({ omitted: true, chars: text.length });
}

function toAuditRow(r: Row): AuditRow {
  return {
    seq: r.seq, at: r.at, actor: r.actor, actorIp: r.actor_ip, action: r.action, target: r.target, area: r.area,
    before: r.before, after: r.after, prevHash: r.prev_hash, hash: r.hash,
  };
}

function toRecord(r: Row): AuditRecord {
  const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
  return {
    seq: r.seq, at: r.at, actor: r.actor, actorIp: r.actor_ip, action: r.action, target: r.target, area: r.area,
    before: parse(r.before), after: parse(r.after), hash: r.hash,
  };
}

async function issuedSeq(reader: Reader): Promise<number> {
  const row = await reader.get<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
  return row?.seq ?? 0;
}

export class AuditLog {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async append(entry: AuditEntry): Promise<AuditRow> {
    try {
      return await this.#db.transaction(async (tx) => {
        const last = await tx.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
        // Never reuse a number SQLite has issued, even if the row holding it is gone: verification would miss it.
        const seq = Math.max(last?.seq ?? 0, await issuedSeq(tx)) + 1;
        const fields = {
          seq,
          at: this.#now(),
          actor: entry.actor,
          actorIp: entry.actorIp ?? null,
          action: entry.action,
          target: entry.target ?? null,
          area: entry.area ?? null,
          before: auditJson(entry.before),
          after: auditJson(entry.after),
          prevHash: last?.hash ?? GENESIS_HASH,
        };
        const row: AuditRow = { ...fields, hash: auditHash(fields) };
        await tx.run(
          'INSERT INTO audit_log (seq, at, actor, actor_ip, action, target, area, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [row.seq, row.at, row.actor, row.actorIp, row.action, row.target, row.area, row.before, row.after, row.prevHash, row.hash],
        );
        return row;
      });
    } catch (err) {
      throw new HubError('HUB_ERR_AUDIT_WRITE', err instanceof Error ? err.message : String(err));
    }
  }

  async query(q: AuditQuery = {}): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.areas !== undefined) {
      if (q.areas.length === 0) return [];
      where.push(`area IN (${q.areas.map(() => '?').join(',')})`);
      params.push(...q.areas);
    }
    const filters = [
      ['at >= ?', q.from],
      ['at < ?', q.to],
      ['seq < ?', q.beforeSeq],
      ["actor LIKE ? ESCAPE '\\'", substring(q.actor)],
      ["action LIKE ? ESCAPE '\\'", substring(q.action)],
    ] as const;
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      params.push(value);
    }
    const rows = await this.#db.all<Row>(
      `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
      [...params, Math.min(q.limit ?? 200, 5000)],
    );
    return rows.map(toRecord);
  }

  verify(): Promise<AuditVerification> {
    return verifyAuditLog(this.#db);
  }
}

/** Walks the whole chain in seq order, a page at a time, and names the first broken link. Only reads. */
export async function verifyAuditLog(reader: Reader): Promise<AuditVerification> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await reader.all<Row>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [after, PAGE]);
    let intact = true;
    for (const r of rows) {
      intact = verifier.push(toAuditRow(r));
      if (!intact) break;
    }
    const lastRow = rows[rows.length - 1];
    if (!intact || lastRow === undefined) break;
    after = lastRow.seq;
  }
  return verifier.finish(await issuedSeq(reader));
}
