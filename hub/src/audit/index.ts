// The tamper-evident audit log (issue 4): hash chain, append and query, verification, routes.
export { GENESIS_HASH, auditHash, canonicalAuditEncoding } from './audit-hash.js';
export type { AuditFields, AuditRow } from './audit-hash.js';
export { auditEntryFor, bodyForAudit, redact } from './audit-entry.js';
export type { AuditedRequest } from './audit-entry.js';
export { AuditLog, MAX_AUDIT_JSON_CHARS, auditJson, verifyAuditLog } from './audit-log.js';
export type { AuditEntry, AuditQuery, AuditRecord } from './audit-log.js';
export { auditRoutes } from './audit-routes.js';
export { ChainVerifier, verifyAuditRows } from './verify-audit.js';
export type { AuditBreak, AuditVerification } from './verify-audit.js';
