// What the central audit hook writes for one state-changing request: who (principal or the name a sign-in gave),
// from where, what (method and route), on what, where (area), before (the record the route guard loaded) and after
// (the request and the response). Pure; secrets are redacted before anything is written (style.md §11).
import type { AuditEntry } from './audit-log.js';

/** Keys whose values never reach the log, wherever they appear. */
const SECRET_KEYS = new Set([
  'password', 'currentPassword', 'newPassword', 'temporaryPassword', 'token', 'secret', 'mqttPassword', 'enrolmentCode',
  'csrfToken', 'otpauthUri', 'totp', 'passwordHash', 'authorization', 'cookie',
]);
/** In request bodies `code` is an enrolment or TOTP code; in responses it is an error code worth keeping. */
const REQUEST_SECRET_KEYS = new Set([...SECRET_KEYS, 'code']);
const MAX_DEPTH = 8;

export function redact(value: unknown, keys: ReadonlySet<string> = SECRET_KEYS, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((v) => redact(v, keys, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = keys.has(k) ? '[redacted]' : redact(v, keys, depth + 1);
  return out;
}

/** A request or response body as the log keeps it: JSON redacted, anything else by its size only. */
export function bodyForAudit(body: unknown, keys: ReadonlySet<string>): unknown {
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return { bytes: body.length };
  if (typeof body === 'string') return { chars: body.length };
  return redact(body, keys);
}

export interface AuditedRequest {
  readonly method: string;
  /** The route pattern, e.g. /api/bulletins/:id/approve. */
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  readonly ip: string;
  readonly status: number;
  readonly body?: unknown;
  /** The reply as sent, when it was JSON. */
  readonly response?: unknown;
  readonly actor: string;
  readonly area?: string;
  readonly target?: string;
  readonly before?: unknown;
}

/** The id a create returns, so the entry names what was created. */
function createdId(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const r = response as Record<string, { id?: unknown } | undefined> & { stopId?: unknown; deviceId?: unknown };
  for (const key of ['bulletin', 'device', 'account', 'apiToken', 'media'] as const) {
    const id = r[key]?.id ?? (key === 'media' ? (r[key] as { sha256?: unknown } | undefined)?.sha256 : undefined);
    if (typeof id === 'string') return id;
  }
  if (typeof r.stopId === 'string') return r.stopId;
  return typeof r.deviceId === 'string' ? r.deviceId : undefined;
}

export function auditEntryFor(r: AuditedRequest): AuditEntry {
  const params = Object.values(r.params);
  const target = r.target ?? (params.length > 0 ? params.join('/') : createdId(r.response));
  const request = bodyForAudit(r.body, REQUEST_SECRET_KEYS);
  const response = bodyForAudit(r.response, SECRET_KEYS);
  return {
    actor: r.actor,
    actorIp: r.ip,
    action: `${r.method} ${r.route}`,
    ...(target === undefined ? {} : { target }),
    ...(r.area === undefined ? {} : { area: r.area }),
    ...(r.before === undefined ? {} : { before: redact(r.before) }),
    after: { status: r.status, ...(request === undefined ? {} : { request }), ...(response === undefined ? {} : { response }) },
  };
}
