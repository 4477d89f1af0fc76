// Officials' accounts in SQLite. Reads return the public view (no secrets); the sign-in and TOTP paths ask for the
// secrets explicitly, so a route cannot hand a password hash to the console by accident.
import type { Database } from '../db/index.js';
import { sqliteCodeOf } from '../db/index.js';
import { HubError } from '../errors.js';
import type { Role } from '../authz/roles.js';

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly agency: string;
  readonly areaCode: string;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  readonly totpEnabled: boolean;
  readonly disabled: boolean;
  /** Raised on every change of role, area or disabled state; sessions from before are rotated. */
  readonly authzVersion: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly passwordChangedAt?: number;
}

export interface AccountSecrets {
  readonly passwordHash: string;
  readonly totpSecret?: string;
  readonly totpPendingSecret?: string;
  readonly totpLastStep?: number;
}

export interface NewAccountRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly agency: string;
  readonly areaCode: string;
  readonly role: Role;
  readonly passwordHash: string;
}

export interface AccountChange {
  readonly displayName?: string;
  readonly agency?: string;
  readonly areaCode?: string;
  readonly role?: Role;
  readonly disabled?: boolean;
}

interface Row {
  id: string;
  username: string;
  display_name: string;
  agency: string;
  area_code: string;
  role: Role;
  password_hash: string;
  must_change_password: number;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  disabled: number;
  authz_version: number;
  created_at: number;
  updated_at: number;
  password_changed_at: number | null;
}

function fromRow(r: Row): Account {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    agency: r.agency,
    areaCode: r.area_code,
    role: r.role,
    mustChangePassword: r.must_change_password === 1,
    totpEnabled: r.totp_secret !== null,
    disabled: r.disabled === 1,
    authzVersion: r.authz_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.password_changed_at === null ? {} : { passwordChangedAt: r.password_changed_at }),
  };
}

function secretsFromRow(r: Row): AccountSecrets {
  return {
    passwordHash: r.password_hash,
    ...(r.totp_secret === null ? {} : { totpSecret: r.totp_secret }),
    ...(r.totp_pending_secret === null ? {} : { totpPendingSecret: r.totp_pending_secret }),
    ...(r.totp_last_step === null ? {} : { totpLastStep: r.totp_last_step }),
  };
}

export class AccountRepository {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async insert(a: NewAccountRow): Promise<Account> {
    const now = this.#now();
    try {
      await this.#db.run(
        `INSERT INTO accounts (id, username, display_name, agency, area_code, role, password_hash, must_change_password, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        [a.id, a.username, a.displayName, a.agency, a.areaCode, a.role, a.passwordHash, now, now],
      );
    } catch (err) {
      if (sqliteCodeOf(err) === 'SQLITE_CONSTRAINT') throw new HubError('HUB_ERR_ACCOUNT_EXISTS', a.username);
      throw err;
    }
    return (await this.get(a.id))!;
  }

  async get(id: string): Promise<Account | undefined> {
    const row = await this.#db.get<Row>('SELECT * FROM accounts WHERE id = ?', [id]);
    return row === undefined ? undefined : fromRow(row);
  }

  async require(id: string): Promise<Account> {
    const account = await this.get(id);
    if (account === undefined) throw new HubError('HUB_ERR_ACCOUNT_UNKNOWN', id);
    return account;
  }

  /** The account and its secrets, for sign-in and TOTP checks only. Usernames are compared in lower case. */
  async withSecrets(by: { id: string } | { username: string }): Promise<{ account: Account; secrets: AccountSecrets } | undefined> {
    const row = 'id' in by
      ? await this.#db.get<Row>('SELECT * FROM accounts WHERE id = ?', [by.id])
      : await this.#db.get<Row>('SELECT * FROM accounts WHERE username = ?', [by.username.trim().toLowerCase()]);
    return row === undefined ? undefined : { account: fromRow(row), secrets: secretsFromRow(row) };
  }

  /** Accounts in the given areas (a subtree), or all; by username. */
  async list(areaCodes?: readonly string[]): Promise<Account[]> {
    if (areaCodes !== undefined && areaCodes.length === 0) return [];
    const where = areaCodes === undefined ? '' : `WHERE area_code IN (${areaCodes.map(() => '?').join(',')})`;
    const rows = await this.#db.all<Row>(`SELECT * FROM accounts ${where} ORDER BY username`, areaCodes ?? []);
    return rows.map(fromRow);
  }

  async count(): Promise<number> {
    return (await this.#db.get<{ n: number }>('SELECT count(*) AS n FROM accounts'))?.n ?? 0;
  }

  /** Applies the change; a new role, area or disabled state raises authz_version so sessions rotate. */
  async update(id: string, change: AccountChange): Promise<{ before: Account; after: Account }> {
    const before = await this.require(id);
    const authzChanged =
      (change.role !== undefined && change.role !== before.role) ||
      (change.areaCode !== undefined && change.areaCode !== before.areaCode) ||
      (change.disabled !== undefined && change.disabled !== before.disabled);
    await this.#db.run(
      `UPDATE accounts SET display_name = ?, agency = ?, area_code = ?, role = ?, disabled = ?,
         authz_version = authz_version + ?, updated_at = ? WHERE id = ?`,
      [
        change.displayName ?? before.displayName, change.agency ?? before.agency, change.areaCode ?? before.areaCode,
        change.role ?? before.role, (change.disabled ?? before.disabled) ? 1 : 0, authzChanged ? 1 : 0, this.#now(), id,
      ],
    );
    return { before, after: await this.require(id) };
  }

  async setPassword(id: string, passwordHash: string, mustChange: boolean): Promise<void> {
    const now = this.#now();
    await this.#db.run(
      'UPDATE accounts SET password_hash = ?, must_change_password = ?, password_changed_at = ?, updated_at = ? WHERE id = ?',
      [passwordHash, mustChange ? 1 : 0, now, now, id],
    );
  }

  async setTotpPending(id: string, secret: string | null): Promise<void> {
    await this.#db.run('UPDATE accounts SET totp_pending_secret = ?, updated_at = ? WHERE id = ?', [secret, this.#now(), id]);
  }

  /** The pending secret becomes the active one, with the step of the code that confirmed it already used. */
  async activateTotp(id: string, secret: string, step: number): Promise<void> {
    await this.#db.run(
      'UPDATE accounts SET totp_secret = ?, totp_pending_secret = NULL, totp_last_step = ?, updated_at = ? WHERE id = ?',
      [secret, step, this.#now(), id],
    );
  }

  async clearTotp(id: string): Promise<void> {
    await this.#db.run(
      'UPDATE accounts SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = ? WHERE id = ?',
      [this.#now(), id],
    );
  }

  /**
   * Records a used TOTP step, only if it is later than the last one: two requests racing with the same code cannot
   * both win. Returns whether this one did.
   */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.#db.run(
      'UPDATE accounts SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
      [step, id, step],
    );
    return r.changes === 1;
  }
}
