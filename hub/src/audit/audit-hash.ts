// The audit log's hash chain (issue 4: tamper-evident). Each row's hash is SHA-256 over a canonical encoding of its
// fields and the previous row's hash. The encoding is a JSON array in a fixed order of strings, numbers and nulls,
// so it has exactly one form; before/after are hashed as the JSON text stored, never re-serialised.
import { createHash } from 'node:crypto';

/** The previous hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);
const VERSION = 'tn-audit-v1';

export interface AuditFields {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly actorIp: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly area: string | null;
  /** JSON text as stored, or null. */
  readonly before: string | null;
  readonly after: string | null;
  readonly prevHash: string;
}

export interface AuditRow extends AuditFields {
  readonly hash: string;
}

export function canonicalAuditEncoding(f: AuditFields): string {
  return JSON.stringify([VERSION, f.seq, f.at, f.actor, f.actorIp, f.action, f.target, f.area, f.before, f.after, f.prevHash]);
}

export function auditHash(fields: AuditFields): string {
  return createHash('sha256').update(canonicalAuditEncoding(fields)).digest('hex');
}
