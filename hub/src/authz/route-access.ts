// Every route declares who may call it, in its own options (issue 4: enforcement in one place, no route unguarded):
//   config: { permission: 'device.manage', target: { kind: 'device', param: 'id' } }
// checked once at start-up: a route without a declaration, with an unknown permission, or with a per-priority
// permission but no way to learn the priority, stops the hub from starting.
import type { RouteOptions } from 'fastify';
import type { Session } from '../accounts/session-store.js';
import { HubError } from '../errors.js';
import type { RoutePermission } from './authorize.js';
import { isPermission, isPrioritisedAction } from './permission-matrix.js';
import type { Principal } from './principal.js';
import type { ResolvedTarget, TargetSpec } from './route-targets.js';
import type { TrustLayer } from './trust-layer.js';

/**
 * - a matrix permission or per-priority family: an official's route, authorised against the matrix and the area;
 * - 'self': any signed-in caller acting on their own account or session;
 * - 'public': no credentials (sign-in, health, device enrolment by one-time code);
 * - 'device': the handler authenticates the device's own credentials (HTTP Basic, as for MQTT).
 */
export type RouteAccess = RoutePermission | 'self' | 'public' | 'device';

/** What a handler may add to its audit entry (the central hook writes it). */
export interface AuditNote {
  actor?: string;
  area?: string;
  target?: string;
  before?: unknown;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RouteAccess;
    /** How to find the area(s) the route acts on; default none. */
    target?: TargetSpec;
    /** 'self' routes still open to an account that must first change its password or set up TOTP. */
    allowRestricted?: boolean;
    /** Audit refusals too (sign-in), not only changes. */
    auditFailures?: boolean;
  }
  interface FastifyInstance {
    /** Present once the trust layer is installed (install-trust.ts); route plugins reach accounts and approvals through it. */
    trustLayer: TrustLayer;
  }
  interface FastifyRequest {
    principal?: Principal;
    authSession?: Session;
    authzTarget?: ResolvedTarget;
    auditNote?: AuditNote;
  }
}

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly permission: RouteAccess;
  readonly target: TargetSpec;
}

const PRIORITY_TARGETS = new Set<TargetSpec['kind']>(['bulletin', 'newBulletin', 'bulletinEdit']);

export function isRouteAccess(value: unknown): value is RouteAccess {
  return value === 'self' || value === 'public' || value === 'device' || isPermission(value) || isPrioritisedAction(value);
}

/**
 * The declaration of one route, or a HUB_ERR_ROUTE_UNGUARDED error naming it. `transport` lists paths whose
 * protocol authenticates on its own (MQTT over WebSocket: the broker checks CONNECT credentials).
 */
export function routeEntries(route: Pick<RouteOptions, 'method' | 'url' | 'config'>, transport: ReadonlySet<string>): RouteEntry[] {
  const methods = (Array.isArray(route.method) ? route.method : [route.method]) as string[];
  const config = route.config as { permission?: unknown; target?: TargetSpec } | undefined;
  const permission = config?.permission ?? (transport.has(route.url) ? 'device' : undefined);
  if (!isRouteAccess(permission)) {
    throw new HubError('HUB_ERR_ROUTE_UNGUARDED', `${methods.join(',')} ${route.url}: config.permission ${permission === undefined ? 'missing' : `unknown (${typeof permission === 'string' ? permission : JSON.stringify(permission)})`}`);
  }
  const target = config?.target ?? { kind: 'none' };
  if (isPrioritisedAction(permission) && !PRIORITY_TARGETS.has(target.kind)) {
    throw new HubError('HUB_ERR_ROUTE_UNGUARDED', `${route.url}: ${permission} needs a bulletin target to learn the priority`);
  }
  return methods.map((method) => ({ method, url: route.url, permission, target }));
}
