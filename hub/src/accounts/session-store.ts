// Console sessions (issue 4): a random id in the `__Host-tn_session` cookie, stored only as its SHA-256 digest, with an
// idle and an absolute time-out (OWASP Session Management: 15–30 min idle, 4–8 h absolute for high-value apps; an
// officials' working day is kept to 12 h). The id is replaced at sign-in, at a password change and after a change of
// role or area, so an id fixed or seen before the change is worth nothing after it.
import type { Database } from '../db/index.js';
import { digest, newSecret } from './secret-token.js';

export interface SessionTimeouts {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export const SESSION_TIMEOUTS: SessionTimeouts = Object.freeze({ idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 });
/** last_seen_at is written at most this often: one write per request would make every read a write. */
const TOUCH_EVERY_MS = 60_000;

export interface Session {
  readonly digest: string;
  readonly accountId: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly authzVersion: number;
  readonly mfa: boolean;
}

/** What the cookie carries; `id` exists only here and in the browser. */
export interface IssuedSession {
  readonly id: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

export type SessionStatus = 'active' | 'idle-expired' | 'expired';

/** Pure: whether a session may still be used at `now`. */
export function sessionStatus(s: Pick<Session, 'lastSeenAt' | 'expiresAt'>, now: number, timeouts: SessionTimeouts = SESSION_TIMEOUTS): SessionStatus {
  if (now >= s.expiresAt) return 'expired';
  if (now - s.lastSeenAt >= timeouts.idleMs) return 'idle-expired';
  return 'active';
}

interface Row {
  id_digest: string;
  account_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  authz_version: number;
  mfa: number;
}

function fromRow(r: Row): Session {
  return {
    digest: r.id_digest, accountId: r.account_id, csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at, authzVersion: r.authz_version, mfa: r.mfa === 1,
  };
}

export interface NewSession {
  readonly accountId: string;
  readonly authzVersion: number;
  readonly mfa: boolean;
  readonly ip?: string;
  readonly userAgent?: string;
}

export class SessionStore {
  readonly #db: Database;
  readonly #now: () => number;
  readonly timeouts: SessionTimeouts;

  constructor(db: Database, now: () => number = Date.now, timeouts: SessionTimeouts = SESSION_TIMEOUTS) {
    this.#db = db;
    this.#now = now;
    this.timeouts = timeouts;
  }

  async create(s: NewSession): Promise<IssuedSession> {
    const now = this.#now();
    // Expired rows are worthless; clearing them here keeps the table small without a timer.
    await this.#db.run('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?', [now, now - this.timeouts.idleMs]);
    const id = newSecret();
    const csrfToken = newSecret();
    const expiresAt = now + this.timeouts.absoluteMs;
    await this.#db.run(
      `INSERT INTO sessions (id_digest, account_id, csrf_token, created_at, last_seen_at, expires_at, authz_version, mfa, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [digest(id), s.accountId, csrfToken, now, now, expiresAt, s.authzVersion, s.mfa ? 1 : 0, s.ip ?? null, s.userAgent?.slice(0, 300) ?? null],
    );
    return { id, csrfToken, expiresAt };
  }

  /** The session behind a cookie value, whatever its status (the caller decides with sessionStatus). */
  async find(id: string): Promise<Session | undefined> {
    if (id.length < 20 || id.length > 100) return undefined;
    const row = await this.#db.get<Row>('SELECT * FROM sessions WHERE id_digest = ?', [digest(id)]);
    return row === undefined ? undefined : fromRow(row);
  }

  /** Records activity for the idle time-out, at most once a minute. */
  async touch(s: Session): Promise<void> {
    const now = this.#now();
    if (now - s.lastSeenAt < TOUCH_EVERY_MS) return;
    await this.#db.run('UPDATE sessions SET last_seen_at = ? WHERE id_digest = ?', [now, s.digest], { durable: false });
  }

  /**
   * A new id for the same sign-in: same CSRF token (the open console keeps working), same absolute expiry (rotation
   * never extends a session), the account's current authz version. The old id stops working at once.
   */
  async rotate(s: Session, authzVersion: number, mfa = s.mfa): Promise<IssuedSession> {
    const id = newSecret();
    const now = this.#now();
    await this.#db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO sessions (id_digest, account_id, csrf_token, created_at, last_seen_at, expires_at, authz_version, mfa, ip, user_agent)
         SELECT ?, account_id, csrf_token, created_at, ?, expires_at, ?, ?, ip, user_agent FROM sessions WHERE id_digest = ?`,
        [digest(id), now, authzVersion, mfa ? 1 : 0, s.digest],
      );
      await tx.run('DELETE FROM sessions WHERE id_digest = ?', [s.digest]);
    });
    return { id, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
  }

  async revoke(s: Pick<Session, 'digest'>): Promise<void> {
    await this.#db.run('DELETE FROM sessions WHERE id_digest = ?', [s.digest]);
  }

  /** Signs the account out everywhere (password reset, disabled account), except the session given. */
  async revokeAll(accountId: string, except?: Pick<Session, 'digest'>): Promise<number> {
    const r = await this.#db.run('DELETE FROM sessions WHERE account_id = ? AND id_digest <> ?', [accountId, except?.digest ?? '']);
    return r.changes;
  }

  async countFor(accountId: string): Promise<number> {
    return (await this.#db.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE account_id = ?', [accountId]))?.n ?? 0;
  }
}
