// Signing in and out of the console, the caller's own session, password change and TOTP set-up. The cookie is
// `__Host-tn_session` (Secure, HttpOnly, SameSite=Strict); the console sends the CSRF token it receives here in the
// X-CSRF-Token header of every change.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { permissionsOf } from '../authz/permission-matrix.js';
import type { Principal } from '../authz/principal.js';
import { SESSION_COOKIE, clearedSessionCookie, parseCookies, sessionCookie } from '../authz/session-cookie.js';
import type { TrustLayer } from '../authz/trust-layer.js';
import { HubError, isHubError } from '../errors.js';
import type { Account } from './account-repository.js';
import { restrictionsFor } from './sign-in.js';

const SignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totp: Type.Optional(Type.String({ maxLength: 12 })),
  },
  { additionalProperties: false },
);
const PasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
const CodeBody = Type.Object({ code: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

/** What the console learns about the caller: never a secret, always what it may do. */
export function principalView(p: Principal) {
  const role = permissionsOf(p.role);
  return {
    kind: p.kind,
    actor: p.actor,
    displayName: p.displayName,
    role: p.role,
    area: p.area,
    restrictions: p.restrictions,
    permissions: p.tokenScopes === undefined ? role : role.filter((x) => p.tokenScopes!.includes(x)),
  };
}

/** Self-service that changes credentials needs the account's own console session, not a script token. */
export function sessionAccount(req: FastifyRequest): { accountId: string; principal: Principal } {
  const p = req.principal;
  if (p?.accountId === undefined || p.kind !== 'session' || req.authSession === undefined) {
    throw new HubError('HUB_ERR_FORBIDDEN', 'only an account signed in to the console can do this');
  }
  return { accountId: p.accountId, principal: p };
}

export function sessionRoutes(trust: TrustLayer) {
  return async (app: FastifyInstance): Promise<void> => {
    const docs = (summary: string, isPublic = false) => ({ summary, tags: ['accounts'], ...(isPublic ? { public: true } : {}) });
    const setCookie = (reply: FastifyReply, id: string, expiresAt: number) => reply.header('set-cookie', sessionCookie(id, expiresAt, trust.now()));

    app.post<{ Body: Static<typeof SignInBody> }>(
      '/api/session',
      { schema: { body: SignInBody }, config: { permission: 'public', auditFailures: true, docs: docs('Sign in: sets the session cookie, returns the CSRF token', true) } },
      async (req, reply) => {
        req.auditNote = { actor: req.body.username.trim().toLowerCase().slice(0, 64) };
        let result;
        try {
          result = await trust.signIn.signIn({
            username: req.body.username, password: req.body.password, ip: req.ip,
            ...(req.body.totp === undefined ? {} : { totp: req.body.totp }),
            ...(req.headers['user-agent'] === undefined ? {} : { userAgent: req.headers['user-agent'] }),
          });
        } catch (err) {
          if (isHubError(err, 'HUB_ERR_RATE_LIMITED')) void reply.header('retry-after', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
          throw err;
        }
        // Whatever session this browser had before is ended: an id planted before sign-in is worth nothing after.
        const previous = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
        const old = previous === undefined ? undefined : await trust.sessions.find(previous);
        if (old !== undefined) await trust.sessions.revoke(old);
        req.auditNote = { actor: result.account.username, area: result.account.areaCode, target: result.account.id };
        setCookie(reply, result.session.id, result.session.expiresAt);
        return {
          account: result.account, restrictions: result.restrictions, csrfToken: result.session.csrfToken, expiresAt: result.session.expiresAt,
          permissions: permissionsOf(result.account.role),
        };
      },
    );

    app.get('/api/session', { config: { permission: 'self', allowRestricted: true, docs: docs('Who am I: account, permissions, CSRF token') } }, async (req) => {
      const p = req.principal!;
      const account = p.accountId === undefined ? undefined : await trust.accounts.get(p.accountId);
      return {
        principal: principalView(p),
        ...(account === undefined ? {} : { account }),
        ...(req.authSession === undefined ? {} : { csrfToken: req.authSession.csrfToken, expiresAt: req.authSession.expiresAt }),
      };
    });

    app.delete('/api/session', { config: { permission: 'self', allowRestricted: true, docs: docs('Sign out') } }, async (req, reply) => {
      if (req.authSession !== undefined) await trust.sessions.revoke(req.authSession);
      return reply.header('set-cookie', clearedSessionCookie()).send({ ok: true });
    });

    app.post<{ Body: Static<typeof PasswordBody> }>(
      '/api/session/password',
      { schema: { body: PasswordBody }, config: { permission: 'self', allowRestricted: true, docs: docs('Change my password (signs out my other sessions)') } },
      async (req, reply) => {
        const { accountId } = sessionAccount(req);
        const account = await trust.accountService.changePassword(accountId, req.body.currentPassword, req.body.newPassword);
        await trust.sessions.revokeAll(accountId, req.authSession);
        return rotated(trust, req, reply, account);
      },
    );

    app.post('/api/session/totp', { config: { permission: 'self', allowRestricted: true, docs: docs('Start TOTP set-up: a secret and otpauth URI for the app') } }, async (req) => {
      const { accountId } = sessionAccount(req);
      const account = await trust.accounts.require(accountId);
      // Replacing a working second factor needs that factor: a stolen password alone must not swap it.
      if (account.totpEnabled && req.authSession?.mfa !== true) throw new HubError('HUB_ERR_TOTP_REQUIRED', 'ask an administrator to reset the second factor');
      return trust.accountService.beginTotp(accountId);
    });

    app.post<{ Body: Static<typeof CodeBody> }>(
      '/api/session/totp/confirm',
      { schema: { body: CodeBody }, config: { permission: 'self', allowRestricted: true, docs: docs('Finish TOTP set-up with a code from the app') } },
      async (req, reply) => {
        const { accountId } = sessionAccount(req);
        const account = await trust.accountService.confirmTotp(accountId, req.body.code);
        return rotated(trust, req, reply, account, true);
      },
    );
  };
}

/** A credential change is a privilege change: the session gets a new id (and, after TOTP, its second factor). */
async function rotated(trust: TrustLayer, req: FastifyRequest, reply: FastifyReply, account: Account, mfa?: boolean) {
  const session = req.authSession!;
  const issued = await trust.sessions.rotate(session, account.authzVersion, mfa ?? session.mfa);
  void reply.header('set-cookie', sessionCookie(issued.id, issued.expiresAt, trust.now()));
  return { account, restrictions: restrictionsFor(account, mfa ?? session.mfa), csrfToken: issued.csrfToken, expiresAt: issued.expiresAt };
}
