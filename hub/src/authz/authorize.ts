// The one decision every guarded route goes through: may this principal use this permission on these areas? Pure:
// the route guard gathers the facts (who, which permission, which target areas and priorities, the tree) and carries
// the answer out. Table-tested against the matrix and walked over every route (test/hub/authz).
import type { Priority } from '@tinnguon/protocol';
import { areaChain, type AreaTree } from '../areas/index.js';
import type { HubErrorCode } from '../errors.js';
import {
  PERMISSION_MATRIX, isPrioritisedAction, prioritised, roleHas, type Permission, type PrioritisedAction, type Scope,
} from './permission-matrix.js';
import type { Principal } from './principal.js';

/** A route names a permission, or a per-priority family filled in from the bulletin it acts on. */
export type RoutePermission = Permission | PrioritisedAction;

export interface AuthzTarget {
  /** Areas the action touches; empty for actions without an area (a list filtered afterwards, a media upload). */
  readonly areas: readonly string[];
  /** For a per-priority family: the priorities involved (an edit may change one into another). */
  readonly priorities: readonly Priority[];
  /** For a bulletin: where it was issued and where it goes, which decides whether it reaches an area. */
  readonly reach?: { readonly origin: string; readonly targets: readonly string[] };
}

export type AuthzDecision =
  | { readonly ok: true; readonly permissions: readonly Permission[] }
  | { readonly ok: false; readonly code: HubErrorCode; readonly detail: string };

const NO_TARGET: AuthzTarget = { areas: [], priorities: [] };

function refuse(code: HubErrorCode, detail: string): AuthzDecision {
  return { ok: false, code, detail };
}

/** The concrete permissions a route's declaration stands for, given the priorities of what it acts on. */
export function expandPermission(permission: RoutePermission, priorities: readonly Priority[]): Permission[] {
  if (!isPrioritisedAction(permission)) return [permission];
  return [...new Set(priorities)].map((p) => prioritised(permission, p));
}

/** Whether the account's area (null: the whole tree) may act on `targets` under `scope`. */
export function inScope(
  tree: AreaTree, accountArea: string | null, scope: Scope, targets: readonly string[], reach?: AuthzTarget['reach'],
): boolean {
  if (accountArea === null) return true;
  const own = tree.nodes.get(accountArea);
  if (own === undefined) return false;
  if (scope === 'root') return own.depth === 0;
  // An unknown code belongs to nobody's subtree; a province-level account gets the handler's precise error instead.
  const below = (code: string): boolean => (tree.nodes.has(code) ? areaChain(tree, code).includes(accountArea) : own.depth === 0);
  if (scope === 'reach' && reach !== undefined) {
    // Issued here or below, or sent to this area, one above it (it reaches down) or one below it.
    const above = areaChain(tree, accountArea);
    return below(reach.origin) || reach.targets.some((t) => below(t) || above.includes(t));
  }
  return targets.every(below);
}

export function authorize(principal: Principal, permission: RoutePermission, tree: AreaTree, target: AuthzTarget = NO_TARGET): AuthzDecision {
  if (principal.restrictions.includes('password-change')) {
    return refuse('HUB_ERR_PASSWORD_CHANGE_REQUIRED', 'change the password first');
  }
  if (principal.restrictions.includes('totp-setup')) return refuse('HUB_ERR_TOTP_REQUIRED', `${principal.role} must set up TOTP first`);
  const permissions = expandPermission(permission, target.priorities);
  if (permissions.length === 0) return refuse('HUB_ERR_INTERNAL', `${permission}: no priority to check`);
  for (const p of permissions) {
    if (!roleHas(principal.role, p)) return refuse('HUB_ERR_FORBIDDEN', `${principal.role} may not ${p}`);
    if (principal.tokenScopes !== undefined && !principal.tokenScopes.includes(p)) {
      return refuse('HUB_ERR_TOKEN_SCOPE', `the token was not issued for ${p}`);
    }
    if (!inScope(tree, principal.area, PERMISSION_MATRIX[p].scope, target.areas, target.reach)) {
      const where = PERMISSION_MATRIX[p].scope === 'root' ? 'the whole province' : target.areas.join(', ');
      return refuse('HUB_ERR_AREA_SCOPE', `${principal.actor} (${principal.area ?? '*'}) may not ${p} in ${where}`);
    }
  }
  return { ok: true, permissions };
}

/** Areas a principal's lists are filtered to: its subtree, or undefined for the whole tree. */
export function visibleRoot(principal: Principal): string | undefined {
  return principal.area ?? undefined;
}
