// Personal API tokens for scripts (issue 4): `tn_pat_<id>_<secret>`, shown once, stored as a digest, scoped to a subset
// of the owner's permissions, revocable, optionally expiring. Sent as `Authorization: Bearer …`; a bearer header is not
// ambient authority, so token requests need no CSRF token.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/index.js';
import { HubError } from '../errors.js';
import { isPermission, type Permission } from '../authz/permission-matrix.js';
import { matchesDigest, digest, newSecret } from './secret-token.js';

export const API_TOKEN_PREFIX = 'tn_pat_';
const TOKEN_PATTERN = /^tn_pat_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const USED_EVERY_MS = 60_000;

export interface ApiToken {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly permissions: readonly Permission[];
  readonly createdAt: number;
  readonly expiresAt?: number;
  readonly lastUsedAt?: number;
  readonly revokedAt?: number;
}

interface Row {
  id: string;
  account_id: string;
  name: string;
  secret_digest: string;
  permissions: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

function fromRow(r: Row): ApiToken {
  const permissions = (JSON.parse(r.permissions) as unknown[]).filter(isPermission);
  return {
    id: r.id, accountId: r.account_id, name: r.name, permissions, createdAt: r.created_at,
    ...(r.expires_at === null ? {} : { expiresAt: r.expires_at }),
    ...(r.last_used_at === null ? {} : { lastUsedAt: r.last_used_at }),
    ...(r.revoked_at === null ? {} : { revokedAt: r.revoked_at }),
  };
}

export interface NewApiToken {
  readonly accountId: string;
  readonly name: string;
  readonly permissions: readonly Permission[];
  readonly expiresAt?: number;
}

export class ApiTokenStore {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Returns the token text: the only time it exists outside the caller's hands. */
  async create(t: NewApiToken): Promise<{ token: string; record: ApiToken }> {
    const id = randomUUID().replace(/-/g, '').slice(0, 12);
    const secret = newSecret();
    await this.#db.run(
      'INSERT INTO api_tokens (id, account_id, name, secret_digest, permissions, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [id, t.accountId, t.name.trim(), digest(secret), JSON.stringify([...new Set(t.permissions)]), this.#now(), t.expiresAt ?? null],
    );
    return { token: `${API_TOKEN_PREFIX}${id}_${secret}`, record: (await this.get(id))! };
  }

  async get(id: string): Promise<ApiToken | undefined> {
    const row = await this.#db.get<Row>('SELECT * FROM api_tokens WHERE id = ?', [id]);
    return row === undefined ? undefined : fromRow(row);
  }

  async list(accountId: string): Promise<ApiToken[]> {
    const rows = await this.#db.all<Row>('SELECT * FROM api_tokens WHERE account_id = ? ORDER BY created_at DESC, id', [accountId]);
    return rows.map(fromRow);
  }

  async revoke(accountId: string, id: string): Promise<ApiToken> {
    const r = await this.#db.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL', [this.#now(), id, accountId]);
    const token = await this.get(id);
    if (token === undefined || token.accountId !== accountId || (r.changes === 0 && token.revokedAt === undefined)) {
      throw new HubError('HUB_ERR_TOKEN_UNKNOWN', id);
    }
    return token;
  }

  /** The live token behind a bearer value, or undefined (unknown, wrong secret, revoked, expired). */
  async authenticate(text: string): Promise<ApiToken | undefined> {
    const match = TOKEN_PATTERN.exec(text);
    if (match === null) return undefined;
    const row = await this.#db.get<Row>('SELECT * FROM api_tokens WHERE id = ?', [match[1] as string]);
    if (row === undefined || !matchesDigest(match[2] as string, row.secret_digest)) return undefined;
    const now = this.#now();
    if (row.revoked_at !== null || (row.expires_at !== null && now >= row.expires_at)) return undefined;
    if (row.last_used_at === null || now - row.last_used_at >= USED_EVERY_MS) {
      await this.#db.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [now, row.id], { durable: false });
    }
    return fromRow(row);
  }
}
