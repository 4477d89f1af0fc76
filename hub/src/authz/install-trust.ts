// The one place every request is authenticated, authorised and audited (issue 4). Installed on the root instance
// before any route, so it covers every plugin registered after it:
//   onRoute    — each route must declare config.permission (route-access.ts), or the hub does not start;
//   onRequest  — who is calling (authenticate.ts): before the body is even parsed, a stranger learns nothing;
//   preHandler — may they, here (authorize.ts against the permission matrix and the target area);
//   onSend     — every state change, with before and after, into the hash-chained audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { auditEntryFor } from '../audit/audit-entry.js';
import { HubError } from '../errors.js';
import { authorize, type RoutePermission } from './authorize.js';
import { fetchMetadataOf } from './authenticate.js';
import { auditActor } from './principal.js';
import { fetchMetadataRefusal, isStateChanging } from './request-forgery.js';
import { routeEntries, type RouteAccess } from './route-access.js';
import { resolveTarget } from './route-targets.js';
import type { TrustLayer } from './trust-layer.js';

export interface InstallTrustOptions {
  /** Paths whose protocol authenticates by itself (MQTT over WebSocket). */
  readonly transportPaths?: readonly string[];
}

const NOT_A_PERMISSION = new Set<RouteAccess>(['self', 'public', 'device']);

/** The actor a guarded handler records (history, stop orders): the authenticated principal's name. */
export function actorOf(req: FastifyRequest): string {
  if (req.principal === undefined) throw new HubError('HUB_ERR_UNAUTHENTICATED');
  return req.principal.actor;
}

function accessOf(req: FastifyRequest): RouteAccess | undefined {
  return req.routeOptions.config.permission;
}

function restrictionError(req: FastifyRequest): HubError | undefined {
  const first = req.principal?.restrictions[0];
  if (first === undefined || req.routeOptions.config.allowRestricted === true) return undefined;
  return first === 'password-change'
    ? new HubError('HUB_ERR_PASSWORD_CHANGE_REQUIRED', 'change the password first')
    : new HubError('HUB_ERR_TOTP_REQUIRED', 'set up TOTP first');
}

function jsonPayload(reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').includes('json')) return undefined;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}

export function installTrustLayer(app: FastifyInstance, trust: TrustLayer, options: InstallTrustOptions = {}): void {
  const transport = new Set(options.transportPaths ?? []);
  app.decorate('trustLayer', trust);

  app.addHook('onRoute', (route: RouteOptions) => {
    // Fastify adds a HEAD twin to every GET with the same options: it needs no entry of its own.
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length === 0) return;
    trust.routes.push(...routeEntries({ ...route, method: methods }, transport));
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.is404) return;
    const access = accessOf(req);
    if (access === undefined) {
      if (transport.has(req.routeOptions.url ?? '')) return;
      throw new HubError('HUB_ERR_ROUTE_UNGUARDED', `${req.method} ${req.routeOptions.url ?? req.url}`);
    }
    if (access === 'public' || access === 'device') {
      // Login CSRF: a cross-site page must not sign a browser into an attacker's account either; nor use device
      // credentials a technician's browser cached for Basic auth. Devices themselves send no Fetch Metadata.
      const refusal = fetchMetadataRefusal(req.method, fetchMetadataOf(req));
      if (refusal !== undefined) throw new HubError(refusal, 'Sec-Fetch-Site');
      return;
    }
    const auth = await trust.authenticator.authenticate(req);
    req.principal = auth.principal;
    if (auth.session !== undefined) req.authSession = auth.session;
    if (auth.setCookie !== undefined) void reply.header('set-cookie', auth.setCookie);
    if (access === 'self') {
      const blocked = restrictionError(req);
      if (blocked !== undefined) throw blocked;
    }
  });

  app.addHook('preHandler', async (req) => {
    const access = accessOf(req);
    if (access === undefined || NOT_A_PERMISSION.has(access)) return;
    const principal = req.principal;
    if (principal === undefined) throw new HubError('HUB_ERR_UNAUTHENTICATED');
    const target = await resolveTarget(req.routeOptions.config.target ?? { kind: 'none' }, req, trust.targets);
    const decision = authorize(principal, access as RoutePermission, await trust.areas.tree(), target);
    if (!decision.ok) throw new HubError(decision.code, decision.detail);
    req.authzTarget = target;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.is404 || !isStateChanging(req.method)) return payload;
    const config = req.routeOptions.config;
    if (config.permission === undefined) return payload;
    const ok = reply.statusCode < 400;
    // Refusals are not changes; only sign-in refusals are kept, to show guessing. Unauthenticated noise is not.
    // A throttled flood (429) is not written either: the log must not become the flood's amplifier.
    if (!ok && (config.auditFailures !== true || reply.statusCode === 429)) return payload;
    const note = req.auditNote ?? {};
    const principal = req.principal;
    const area = note.area ?? req.authzTarget?.areas[0] ?? principal?.area ?? undefined;
    const before = note.before ?? req.authzTarget?.before;
    const entry = auditEntryFor({
      method: req.method,
      route: req.routeOptions.url ?? req.url,
      params: (req.params ?? {}) as Record<string, string>,
      ip: req.ip,
      status: reply.statusCode,
      body: req.body,
      response: jsonPayload(reply, payload),
      actor: note.actor ?? (principal === undefined ? 'anonymous' : auditActor(principal)),
      ...(area === undefined ? {} : { area }),
      ...(note.target === undefined ? {} : { target: note.target }),
      ...(before === undefined ? {} : { before }),
    });
    try {
      await trust.audit.append(entry);
    } catch (err) {
      // The change has happened; failing the reply would only make the caller repeat it. Loud in the log instead.
      req.log.error({ err, action: entry.action }, 'audit entry not written');
    }
    return payload;
  });
}
