// Account administration and self-service: create, change role or area, disable, reset and change passwords, set up
// TOTP. Checks first (pure helpers), then writes; every session of an account is cut when its credentials are reset
// or it is disabled.
import { randomInt, randomUUID } from 'node:crypto';
import type { AreaTree } from '../areas/index.js';
import { HubError } from '../errors.js';
import type { Role } from '../authz/roles.js';
import type { Account, AccountChange, AccountRepository } from './account-repository.js';
import type { PasswordHasher } from './password-hash.js';
import { passwordProblems } from './password-policy.js';
import type { RateLimiter } from './rate-limit.js';
import type { SessionStore } from './session-store.js';
import { base32Decode, base32Encode, otpauthUri, randomTotpSecret, verifyTotp } from './totp.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
/** Names history and the audit log already use for other actors. */
const RESERVED_USERNAMES = new Set(['admin', 'root', 'system', 'upstream', 'device', 'break-glass', 'anonymous']);
const TEMP_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface NewAccountInput {
  readonly username: string;
  readonly displayName: string;
  readonly agency?: string;
  readonly areaCode: string;
  readonly role: Role;
  /** When absent a temporary password is generated and returned once. Either way it must be changed at sign-in. */
  readonly password?: string;
}

export interface AccountServiceDeps {
  readonly accounts: AccountRepository;
  readonly sessions: SessionStore;
  readonly hasher: PasswordHasher;
  readonly areas: { tree(): Promise<AreaTree> };
  /** Wrong current passwords count against the account like wrong sign-ins. */
  readonly accountLimiter: RateLimiter;
  readonly now: () => number;
}

/** NFC, trimmed, inner runs of white space collapsed: "Nguyễn  Thị Ánh" typed on any keyboard compares equal. */
export function normaliseName(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function usernameProblem(username: string): string | undefined {
  if (!USERNAME_PATTERN.test(username)) return 'username: 3–32 of a–z, 0–9, ".", "_", "-", starting with a letter or digit';
  if (RESERVED_USERNAMES.has(username)) return `username ${username} is reserved`;
  return undefined;
}

function checkedName(text: string, field: string, max: number, required: boolean): string {
  const name = normaliseName(text);
  if ((required && name === '') || [...name].length > max || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new HubError('HUB_ERR_VALIDATION', `${field}: ${required ? '1' : '0'}–${max} printable characters`);
  }
  return name;
}

/** 16 characters people can read aloud over the phone without confusing l/1 or O/0. */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

function weak(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw new HubError('HUB_ERR_PASSWORD_WEAK', problems.map((p) => `${p.vi} / ${p.en}`).join('; '), { problems });
  }
}

export class AccountService {
  readonly #d: AccountServiceDeps;

  constructor(deps: AccountServiceDeps) {
    this.#d = deps;
  }

  async create(input: NewAccountInput): Promise<{ account: Account; temporaryPassword?: string }> {
    const username = input.username.trim().toLowerCase();
    const problem = usernameProblem(username);
    if (problem !== undefined) throw new HubError('HUB_ERR_VALIDATION', problem);
    const displayName = checkedName(input.displayName, 'displayName', 120, true);
    const agency = checkedName(input.agency ?? '', 'agency', 200, false);
    await this.#knownArea(input.areaCode);
    const generated = input.password === undefined ? temporaryPassword() : undefined;
    const password = input.password ?? generated!;
    weak(password, username);
    const account = await this.#d.accounts.insert({
      id: `acc-${randomUUID()}`, username, displayName, agency, areaCode: input.areaCode, role: input.role,
      passwordHash: await this.#d.hasher.hash(password),
    });
    return generated === undefined ? { account } : { account, temporaryPassword: generated };
  }

  /** Role, area and disabled changes rotate the account's sessions (authz version); disabling signs it out. */
  async update(id: string, change: AccountChange): Promise<{ before: Account; after: Account }> {
    const clean: AccountChange = {
      ...change,
      ...(change.displayName === undefined ? {} : { displayName: checkedName(change.displayName, 'displayName', 120, true) }),
      ...(change.agency === undefined ? {} : { agency: checkedName(change.agency, 'agency', 200, false) }),
    };
    if (clean.areaCode !== undefined) await this.#knownArea(clean.areaCode);
    const result = await this.#d.accounts.update(id, clean);
    if (result.after.disabled) await this.#d.sessions.revokeAll(id);
    return result;
  }

  /** An administrator's reset: a temporary password shown once, changed at the next sign-in; all sessions end. */
  async resetPassword(id: string): Promise<{ account: Account; temporaryPassword: string }> {
    const account = await this.#d.accounts.require(id);
    const password = temporaryPassword();
    await this.#d.accounts.setPassword(id, await this.#d.hasher.hash(password), true);
    await this.#d.sessions.revokeAll(id);
    return { account: await this.#d.accounts.require(account.id), temporaryPassword: password };
  }

  /** The account holder's own change; the caller rotates the current session and ends the others. */
  async changePassword(accountId: string, current: string, next: string): Promise<Account> {
    const found = await this.#d.accounts.withSecrets({ id: accountId });
    if (found === undefined) throw new HubError('HUB_ERR_ACCOUNT_UNKNOWN', accountId);
    const limit = this.#d.accountLimiter.peek(accountId);
    if (!limit.allowed) throw rateLimited(limit.retryAfterMs);
    if (!(await this.#d.hasher.verify(current, found.secrets.passwordHash))) {
      this.#d.accountLimiter.take(accountId);
      throw new HubError('HUB_ERR_SIGN_IN_FAILED', 'the current password is wrong');
    }
    weak(next, found.account.username);
    if (next.normalize('NFC') === current.normalize('NFC')) throw new HubError('HUB_ERR_PASSWORD_WEAK', 'the new password must differ from the current one');
    await this.#d.accounts.setPassword(accountId, await this.#d.hasher.hash(next), false);
    return this.#d.accounts.require(accountId);
  }

  /** Step 1 of TOTP set-up: a new secret, pending until a code from it is confirmed. */
  async beginTotp(accountId: string): Promise<{ secret: string; otpauthUri: string }> {
    const account = await this.#d.accounts.require(accountId);
    const secret = randomTotpSecret();
    await this.#d.accounts.setTotpPending(accountId, base32Encode(secret));
    return { secret: base32Encode(secret), otpauthUri: otpauthUri(secret, account.username) };
  }

  /** Step 2: a correct code proves the app holds the secret; only then does it replace any earlier one. */
  async confirmTotp(accountId: string, code: string): Promise<Account> {
    const found = await this.#d.accounts.withSecrets({ id: accountId });
    const pending = found?.secrets.totpPendingSecret;
    if (found === undefined || pending === undefined) throw new HubError('HUB_ERR_TOTP_INVALID', 'start the set-up first');
    const check = verifyTotp(base32Decode(pending)!, code, this.#d.now(), null);
    if (!check.ok) throw new HubError('HUB_ERR_TOTP_INVALID');
    await this.#d.accounts.activateTotp(accountId, pending, check.step);
    return this.#d.accounts.require(accountId);
  }

  /** An administrator removes a lost second factor; the holder must set it up again before working. */
  async clearTotp(id: string): Promise<Account> {
    await this.#d.accounts.require(id);
    await this.#d.accounts.clearTotp(id);
    await this.#d.sessions.revokeAll(id);
    return this.#d.accounts.require(id);
  }

  async #knownArea(code: string): Promise<void> {
    if (!(await this.#d.areas.tree()).nodes.has(code)) throw new HubError('HUB_ERR_AREA_UNKNOWN', code);
  }
}

export function rateLimited(retryAfterMs: number): HubError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HubError('HUB_ERR_RATE_LIMITED', `retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
