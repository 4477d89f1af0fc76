// Who is calling: a Bearer credential (the break-glass admin token or a personal API token) or the console's session
// cookie, checked for Fetch Metadata, time-outs and CSRF. The principal is rebuilt from the account row every time,
// so a role change, a disabled account or a password reset counts from the very next request.
import { bearerMatches } from '../app/admin-token.js';
import type { AccountRepository, Account } from '../accounts/account-repository.js';
import { API_TOKEN_PREFIX, type ApiTokenStore } from '../accounts/api-token-store.js';
import { sessionStatus, type Session, type SessionStore } from '../accounts/session-store.js';
import { restrictionsFor } from '../accounts/sign-in.js';
import { HubError } from '../errors.js';
import { BREAK_GLASS, type Principal } from './principal.js';
import { CSRF_HEADER, csrfRefusal, fetchMetadataRefusal } from './request-forgery.js';
import { SESSION_COOKIE, parseCookies, sessionCookie } from './session-cookie.js';

export interface RequestFacts {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Authentication {
  readonly principal: Principal;
  /** The live session for cookie requests (sign-out and password change act on it). */
  readonly session?: Session;
  /** Set when the session id was rotated: the reply must carry the new cookie. */
  readonly setCookie?: string;
}

export interface AuthenticatorDeps {
  readonly accounts: AccountRepository;
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
  readonly adminToken: string;
  readonly now: () => number;
}

function header(facts: RequestFacts, name: string): string | undefined {
  const value = facts.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function fetchMetadataOf(facts: RequestFacts): { site?: string; mode?: string; dest?: string } {
  const site = header(facts, 'sec-fetch-site');
  const mode = header(facts, 'sec-fetch-mode');
  const dest = header(facts, 'sec-fetch-dest');
  return { ...(site === undefined ? {} : { site }), ...(mode === undefined ? {} : { mode }), ...(dest === undefined ? {} : { dest }) };
}

function accountPrincipal(account: Account, extra: Pick<Principal, 'kind' | 'restrictions'> & Partial<Principal>): Principal {
  return {
    accountId: account.id, actor: account.username, displayName: account.displayName, role: account.role, area: account.areaCode,
    ...extra,
  };
}

export class Authenticator {
  readonly #d: AuthenticatorDeps;

  constructor(deps: AuthenticatorDeps) {
    this.#d = deps;
  }

  /** Throws HUB_ERR_UNAUTHENTICATED, _SESSION_EXPIRED, _CROSS_SITE, _CSRF or _ACCOUNT_DISABLED. */
  async authenticate(facts: RequestFacts): Promise<Authentication> {
    const authorization = header(facts, 'authorization');
    if (authorization !== undefined) return this.#bearer(authorization);
    const id = parseCookies(header(facts, 'cookie')).get(SESSION_COOKIE);
    if (id === undefined) throw new HubError('HUB_ERR_UNAUTHENTICATED');
    return this.#session(id, facts);
  }

  async #bearer(authorization: string): Promise<Authentication> {
    if (bearerMatches(authorization, this.#d.adminToken)) return { principal: BREAK_GLASS };
    const value = authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    if (!value.startsWith(API_TOKEN_PREFIX)) throw new HubError('HUB_ERR_UNAUTHENTICATED');
    const token = await this.#d.tokens.authenticate(value);
    const account = token === undefined ? undefined : await this.#d.accounts.get(token.accountId);
    if (token === undefined || account === undefined) throw new HubError('HUB_ERR_UNAUTHENTICATED', 'unknown, revoked or expired API token');
    if (account.disabled) throw new HubError('HUB_ERR_ACCOUNT_DISABLED', account.username);
    return {
      principal: accountPrincipal(account, {
        kind: 'token', tokenId: token.id, tokenScopes: token.permissions,
        restrictions: account.mustChangePassword ? ['password-change'] : [],
      }),
    };
  }

  async #session(id: string, facts: RequestFacts): Promise<Authentication> {
    const refusal = fetchMetadataRefusal(facts.method, fetchMetadataOf(facts));
    if (refusal !== undefined) throw new HubError(refusal, `Sec-Fetch-Site: ${header(facts, 'sec-fetch-site') ?? ''}`);
    const session = await this.#d.sessions.find(id);
    if (session === undefined) throw new HubError('HUB_ERR_SESSION_EXPIRED');
    const now = this.#d.now();
    const status = sessionStatus(session, now, this.#d.sessions.timeouts);
    if (status !== 'active') {
      await this.#d.sessions.revoke(session);
      throw new HubError('HUB_ERR_SESSION_EXPIRED', status);
    }
    const csrf = csrfRefusal(facts.method, header(facts, CSRF_HEADER), session.csrfToken);
    if (csrf !== undefined) throw new HubError(csrf, `send the session's token in the ${CSRF_HEADER} header`);
    const account = await this.#d.accounts.get(session.accountId);
    if (account === undefined || account.disabled) {
      await this.#d.sessions.revoke(session);
      throw new HubError('HUB_ERR_ACCOUNT_DISABLED', account?.username ?? session.accountId);
    }
    let live = session;
    let setCookie: string | undefined;
    if (account.authzVersion !== session.authzVersion) {
      // Role or area changed since this id was issued: a new id, so one seen before the change is worth nothing.
      const issued = await this.#d.sessions.rotate(session, account.authzVersion);
      live = (await this.#d.sessions.find(issued.id))!;
      setCookie = sessionCookie(issued.id, issued.expiresAt, now);
    } else {
      await this.#d.sessions.touch(session);
    }
    return {
      principal: accountPrincipal(account, { kind: 'session', sessionId: live.digest, restrictions: restrictionsFor(account, live.mfa) }),
      session: live,
      ...(setCookie === undefined ? {} : { setCookie }),
    };
  }
}
