// Sign-in (issue 4): throttled per IP and per account before any password is checked, scrypt verification that takes
// as long for unknown usernames as for real ones, a TOTP code whenever the account has one (never the same time
// step twice), and a fresh session id every time.
import { requiresTotp } from '../authz/permission-matrix.js';
import type { Restriction } from '../authz/principal.js';
import { HubError } from '../errors.js';
import type { Account, AccountRepository } from './account-repository.js';
import { rateLimited } from './account-service.js';
import type { PasswordHasher } from './password-hash.js';
import type { RateLimiter } from './rate-limit.js';
import type { IssuedSession, SessionStore } from './session-store.js';
import { base32Decode, verifyTotp } from './totp.js';

export interface SignInRequest {
  readonly username: string;
  readonly password: string;
  readonly totp?: string;
  readonly ip: string;
  readonly userAgent?: string;
}

export interface SignInResult {
  readonly account: Account;
  readonly session: IssuedSession;
  readonly restrictions: readonly Restriction[];
}

export interface SignInDeps {
  readonly accounts: AccountRepository;
  readonly sessions: SessionStore;
  readonly hasher: PasswordHasher;
  readonly ipLimiter: RateLimiter;
  readonly accountLimiter: RateLimiter;
  readonly now: () => number;
}

/** Pure: what a signed-in account must do before it may work (the console shows the matching form). */
export function restrictionsFor(account: Pick<Account, 'mustChangePassword' | 'role'>, mfa: boolean): Restriction[] {
  const out: Restriction[] = [];
  if (account.mustChangePassword) out.push('password-change');
  if (requiresTotp(account.role) && !mfa) out.push('totp-setup');
  return out;
}

export class SignInService {
  readonly #d: SignInDeps;

  constructor(deps: SignInDeps) {
    this.#d = deps;
  }

  async signIn(req: SignInRequest): Promise<SignInResult> {
    const byIp = this.#d.ipLimiter.take(req.ip);
    if (!byIp.allowed) throw rateLimited(byIp.retryAfterMs);
    // Keyed by the name typed, so unknown usernames are throttled exactly like real ones.
    const key = req.username.trim().toLowerCase();
    const byAccount = this.#d.accountLimiter.peek(key);
    if (!byAccount.allowed) throw rateLimited(byAccount.retryAfterMs);

    const found = await this.#d.accounts.withSecrets({ username: key });
    const passwordOk = found === undefined
      ? await this.#d.hasher.verifyNobody(req.password)
      : await this.#d.hasher.verify(req.password, found.secrets.passwordHash);
    if (found === undefined || !passwordOk) {
      this.#d.accountLimiter.take(key);
      throw new HubError('HUB_ERR_SIGN_IN_FAILED');
    }
    const { account, secrets } = found;
    if (account.disabled) throw new HubError('HUB_ERR_ACCOUNT_DISABLED', account.username);

    let mfa = false;
    if (secrets.totpSecret !== undefined) {
      if (req.totp === undefined || req.totp === '') throw new HubError('HUB_ERR_TOTP_NEEDED');
      const check = verifyTotp(base32Decode(secrets.totpSecret)!, req.totp, this.#d.now(), secrets.totpLastStep ?? null);
      if (!check.ok || !(await this.#d.accounts.useTotpStep(account.id, check.step))) {
        this.#d.accountLimiter.take(key);
        throw new HubError('HUB_ERR_TOTP_INVALID');
      }
      mfa = true;
    }
    this.#d.accountLimiter.reset(key);
    if (this.#d.hasher.needsRehash(secrets.passwordHash)) {
      await this.#d.accounts.setPassword(account.id, await this.#d.hasher.hash(req.password), account.mustChangePassword);
    }
    const session = await this.#d.sessions.create({
      accountId: account.id, authzVersion: account.authzVersion, mfa, ip: req.ip, ...(req.userAgent === undefined ? {} : { userAgent: req.userAgent }),
    });
    return { account, session, restrictions: restrictionsFor(account, mfa) };
  }
}
