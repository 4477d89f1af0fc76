// The audit log a page at a time for an official reviewing it: AuditLog.query (area subtree, time, who, what),
// newest first, with whether an older page exists. One row more than the page is read to know.
import type { AuditLog, AuditQuery, AuditRecord } from '../audit/audit-log.js';

export type AuditSearchRow = Omit<AuditRecord, 'hash'>;

export async function searchAudit(log: AuditLog, q: AuditQuery & { readonly limit: number }): Promise<{ entries: AuditSearchRow[]; more: boolean }> {
  const rows = await log.query({ ...q, limit: q.limit + 1 });
  return { entries: rows.slice(0, q.limit).map(({ hash: _hash, ...entry }) => entry), more: rows.length > q.limit };
}
