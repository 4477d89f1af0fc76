// A real hub (HTTP, MQTT, SQLite) for trust-layer tests, with officials signed in by cookie session. Accounts are made
// through the trust layer at cheap scrypt parameters (dozens per test); sign-in itself is tested through HTTP.
import type { LightMyRequestResponse } from 'fastify';
import type { Account } from '../../../hub/src/accounts/account-repository.js';
import type { Role } from '../../../hub/src/authz/roles.js';
import { SESSION_COOKIE } from '../../../hub/src/authz/session-cookie.js';
import type { TrustLayer } from '../../../hub/src/authz/trust-layer.js';
import { startTestHub, type RunningHub } from '../../helpers/hub-instance.js';
import { CHEAP_HASHER, PASSWORD } from './trust-fixture.js';

export interface Caller {
  readonly account: Account;
  /** Cookie and CSRF headers, as the console sends them. */
  readonly headers: Record<string, string>;
  readonly cookie: string;
  readonly csrf: string;
}

export interface TrustHub {
  readonly h: RunningHub;
  readonly trust: TrustLayer;
  readonly admin: Record<string, string>;
  /** An account with a working console session (TOTP done where the role needs it). */
  official(username: string, role: Role, area: string, displayName?: string): Promise<Caller>;
  call(method: string, url: string, as: Record<string, string> | Caller | undefined, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function startTrustHub(t: { teardown(fn: () => unknown): void }): Promise<TrustHub> {
  const h = await startTestHub({ trust: { hasher: CHEAP_HASHER } });
  t.teardown(h.stop);
  const trust = h.hub.deps.trust!;
  return {
    h,
    trust,
    admin: h.auth,
    async official(username, role, area, displayName = `Cán bộ ${username}`) {
      const { account } = await trust.accountService.create({ username, displayName, areaCode: area, role, password: PASSWORD });
      await trust.accounts.setPassword(account.id, await CHEAP_HASHER.hash(PASSWORD), false);
      const fresh = await trust.accounts.require(account.id);
      const session = await trust.sessions.create({ accountId: fresh.id, authzVersion: fresh.authzVersion, mfa: true });
      const cookie = `${SESSION_COOKIE}=${session.id}`;
      return { account: fresh, cookie, csrf: session.csrfToken, headers: { cookie, 'x-csrf-token': session.csrfToken } };
    },
    async call(method, url, as, payload, headers = {}) {
      const auth = as === undefined ? {} : 'headers' in as ? (as.headers as Record<string, string>) : as;
      return h.hub.app.inject({
        method: method as 'GET', url, headers: { ...auth, ...headers },
        ...(payload === undefined ? {} : typeof payload === 'string' || Buffer.isBuffer(payload) ? { payload } : { payload: payload as object }),
      });
    },
  };
}
