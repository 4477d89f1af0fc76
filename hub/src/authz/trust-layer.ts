// The hub's trust layer, built once by the composition root (style.md §1): accounts, sessions, API tokens, sign-in
// throttling, the approval policy and the audit log. Constructing it only wires objects; nothing runs until requests
// arrive.
import { AccountRepository } from '../accounts/account-repository.js';
import { AccountService } from '../accounts/account-service.js';
import { ApiTokenStore } from '../accounts/api-token-store.js';
import { PasswordHasher } from '../accounts/password-hash.js';
import { RateLimiter, SIGN_IN_LIMITS, type BucketPolicy } from '../accounts/rate-limit.js';
import { SessionStore, SESSION_TIMEOUTS, type SessionTimeouts } from '../accounts/session-store.js';
import { SignInService } from '../accounts/sign-in.js';
import type { AreaRepository } from '../areas/index.js';
import { AuditLog } from '../audit/audit-log.js';
import type { BulletinRepository } from '../bulletins/index.js';
import type { Database } from '../db/index.js';
import type { DeviceRepository } from '../devices/device-repository.js';
import { ApprovalService } from './approval-service.js';
import { ApprovalStore } from './approval-store.js';
import { Authenticator } from './authenticate.js';
import type { RouteEntry } from './route-access.js';
import type { TargetSources } from './route-targets.js';

export interface TrustDeps {
  readonly db: Database;
  readonly areas: AreaRepository;
  readonly bulletins: BulletinRepository;
  readonly devices: DeviceRepository;
  /** The admin token from the data directory: the break-glass credential. */
  readonly adminToken: string;
  readonly now: () => number;
}

export interface TrustOptions {
  /** Default STRONG_SCRYPT; tests that create many accounts pass cheaper parameters. */
  readonly hasher?: PasswordHasher;
  readonly sessionTimeouts?: SessionTimeouts;
  readonly signInLimits?: { readonly ip: BucketPolicy; readonly account: BucketPolicy };
}

export interface TrustLayer {
  readonly accounts: AccountRepository;
  readonly accountService: AccountService;
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
  readonly signIn: SignInService;
  readonly authenticator: Authenticator;
  readonly limiters: { readonly ip: RateLimiter; readonly account: RateLimiter };
  readonly approvals: ApprovalService;
  readonly approvalStore: ApprovalStore;
  readonly audit: AuditLog;
  readonly areas: AreaRepository;
  readonly targets: TargetSources;
  readonly now: () => number;
  /** Every route the guard has seen, with its declaration: what the authorisation tests walk. */
  readonly routes: RouteEntry[];
}

export function createTrustLayer(deps: TrustDeps, options: TrustOptions = {}): TrustLayer {
  const { db, now } = deps;
  const accounts = new AccountRepository(db, now);
  const sessions = new SessionStore(db, now, options.sessionTimeouts ?? SESSION_TIMEOUTS);
  const tokens = new ApiTokenStore(db, now);
  const hasher = options.hasher ?? new PasswordHasher();
  const limits = options.signInLimits ?? SIGN_IN_LIMITS;
  const limiters = { ip: new RateLimiter(limits.ip, now), account: new RateLimiter(limits.account, now) };
  const approvalStore = new ApprovalStore(db, now);
  return {
    accounts,
    accountService: new AccountService({ accounts, sessions, hasher, areas: deps.areas, accountLimiter: limiters.account, now }),
    sessions,
    tokens,
    signIn: new SignInService({ accounts, sessions, hasher, ipLimiter: limiters.ip, accountLimiter: limiters.account, now }),
    authenticator: new Authenticator({ accounts, sessions, tokens, adminToken: deps.adminToken, now }),
    limiters,
    approvals: new ApprovalService({ store: approvalStore, bulletins: deps.bulletins, areas: deps.areas }),
    approvalStore,
    audit: new AuditLog(db, now),
    areas: deps.areas,
    targets: { bulletins: deps.bulletins, devices: deps.devices, accounts, areas: deps.areas },
    now,
    routes: [],
  };
}
