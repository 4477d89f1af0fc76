// Every revision of a bulletin as its author saved it, for the approval queue's diff (issue 9: "with diff and
// history"). The hub keeps only a bulletin's current row, but the hash-chained audit log holds each create and edit
// with the bulletin as the hub answered (install-trust.ts), so the revisions are read from there: one source of
// truth, already tamper-evident, nothing new to keep in step.
import type { Database } from '../db/index.js';

/** The fields an approver compares between revisions. */
export const REVISION_FIELDS = [
  'title', 'summary', 'author', 'source', 'priority', 'mode', 'originArea', 'targetAreas', 'content', 'schedule', 'repeat', 'validFrom', 'validUntil',
] as const;

export interface BulletinRevision {
  readonly revision: number;
  readonly at: number;
  readonly actor: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

interface Row {
  seq: number;
  at: number;
  actor: string;
  after: string | null;
}

const ACTIONS = ['POST /api/bulletins', 'PATCH /api/bulletins/:id'];

function savedBulletin(after: string | null): Record<string, unknown> | undefined {
  if (after === null) return undefined;
  try {
    const parsed = JSON.parse(after) as { status?: unknown; response?: { bulletin?: unknown } };
    const b = parsed.response?.bulletin;
    const ok = parsed.status === 200 || parsed.status === 201;
    return ok && typeof b === 'object' && b !== null ? (b as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function bulletinRevisions(db: Database, bulletinId: string): Promise<BulletinRevision[]> {
  const rows = await db.all<Row>(
    `SELECT seq, at, actor, after FROM audit_log WHERE target = ? AND action IN (${ACTIONS.map(() => '?').join(',')}) ORDER BY seq`,
    [bulletinId, ...ACTIONS],
  );
  const out: BulletinRevision[] = [];
  for (const r of rows) {
    const b = savedBulletin(r.after);
    // An entry too large for the log keeps only its size (audit-log.ts): that revision cannot be shown, the rest can.
    if (b === undefined || typeof b.revision !== 'number') continue;
    const fields = Object.fromEntries(REVISION_FIELDS.filter((f) => b[f] !== undefined).map((f) => [f, b[f]]));
    out.push({ revision: b.revision, at: r.at, actor: r.actor, fields });
  }
  return out;
}
