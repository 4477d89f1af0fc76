// Cross-site request forgery defences for cookie-authenticated requests (issue 4; OWASP CSRF Prevention Cheat
// Sheet): a synchronizer token tied to the session in the `X-CSRF-Token` header of every state-changing request, and
// Fetch Metadata (`Sec-Fetch-Site`) so browsers that send it refuse cross-site requests before any token is looked at.
// Bearer requests (API tokens, the break-glass token) are exempt: a browser never attaches them on its own.
import { timingSafeEqual } from 'node:crypto';
import type { HubErrorCode } from '../errors.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export interface FetchMetadata {
  readonly site?: string;
  readonly mode?: string;
  readonly dest?: string;
}

/**
 * Resource isolation policy (web.dev "Fetch Metadata"): no header (older browsers, scripts) or same-origin / none
 * passes; a cross-site request passes only as a top-level GET navigation (a link to the console). State changes
 * accept nothing but the console's own origin: not even a sibling sub-domain (same-site).
 */
export function fetchMetadataRefusal(method: string, meta: FetchMetadata): HubErrorCode | undefined {
  const site = meta.site?.toLowerCase();
  if (site === undefined || site === 'same-origin' || site === 'none') return undefined;
  if (isStateChanging(method)) return 'HUB_ERR_CROSS_SITE';
  if (site === 'same-site') return undefined;
  const navigation = meta.mode === 'navigate' && (meta.dest === 'document' || meta.dest === undefined) && method.toUpperCase() === 'GET';
  return navigation ? undefined : 'HUB_ERR_CROSS_SITE';
}

/** The session's token must come back in the header, compared in constant time. Safe methods need none. */
export function csrfRefusal(method: string, presented: string | undefined, expected: string): HubErrorCode | undefined {
  if (!isStateChanging(method)) return undefined;
  if (presented === undefined || presented.length === 0) return 'HUB_ERR_CSRF';
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : 'HUB_ERR_CSRF';
}
