// Who is calling, once authenticated: an account through a console session or a personal API token, or the
// break-glass admin token. Built fresh from the account row on every request, so a role change or a disabled account
// takes effect at once.
import type { Permission } from './permission-matrix.js';
import type { Role } from './roles.js';

/** What still stands between a signed-in account and its work (the console shows the matching form). */
export type Restriction = 'password-change' | 'totp-setup';

export interface Principal {
  readonly kind: 'session' | 'token' | 'break-glass';
  /** Absent for the break-glass token. */
  readonly accountId?: string;
  /** What history and the audit log record: the username, or 'admin' for the break-glass token. */
  readonly actor: string;
  readonly displayName: string;
  readonly role: Role;
  /** The root of the account's scope; null is the whole tree (break-glass only). */
  readonly area: string | null;
  /** For API tokens: the subset of the role's permissions the token was issued with. */
  readonly tokenScopes?: readonly Permission[];
  readonly tokenId?: string;
  readonly sessionId?: string;
  readonly restrictions: readonly Restriction[];
}

/** The actor name the break-glass token has always had in bulletin history (issue 3). */
export const BREAK_GLASS_ACTOR = 'admin';

/**
 * The admin token from the data directory keeps working as a break-glass credential: a province administrator at the
 * root of the whole tree, audited as break-glass. Whoever holds it can read the data directory, signing key included,
 * so the two-person rule cannot bind it anyway (see approval-rules.ts).
 */
export const BREAK_GLASS: Principal = Object.freeze({
  kind: 'break-glass',
  actor: BREAK_GLASS_ACTOR,
  displayName: 'Mã quản trị khẩn (break-glass)',
  role: 'province_admin',
  area: null,
  restrictions: [],
});

/** How the audit log names the caller: the actor plus the credential used. */
export function auditActor(p: Principal): string {
  if (p.kind === 'break-glass') return `${p.actor} [break-glass]`;
  if (p.kind === 'token') return `${p.actor} [token ${p.tokenId ?? '?'}]`;
  return p.actor;
}
