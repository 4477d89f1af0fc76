// Roles, the permission matrix, the route guard and the approval workflow policy (issue 4).
export { approvalRoutes, correctionDraft } from './approval-routes.js';
export { ApprovalPolicyDoc, DEFAULT_APPROVAL_POLICY, checkApprovalPolicy, decideApproval } from './approval-rules.js';
export type { ApprovalFacts, ApprovalOutcome, ApprovalTally, ApprovalVote } from './approval-rules.js';
export { ApprovalService, initiatorsOf, submissionOf } from './approval-service.js';
export type { ApprovalProgress, ApprovalServiceDeps, ApprovalStatus } from './approval-service.js';
export { ApprovalStore } from './approval-store.js';
export type { EffectivePolicy, SensitiveMark } from './approval-store.js';
export { Authenticator, fetchMetadataOf } from './authenticate.js';
export type { Authentication, AuthenticatorDeps, RequestFacts } from './authenticate.js';
export { authorize, expandPermission, inScope, visibleRoot } from './authorize.js';
export type { AuthzDecision, AuthzTarget, RoutePermission } from './authorize.js';
export { installTrustLayer } from './install-trust.js';
export type { InstallTrustOptions } from './install-trust.js';
export {
  PERMISSIONS, PERMISSION_MATRIX, PRIORITIES, PRIORITISED_ACTIONS, isPermission, isPrioritisedAction, matrixMarkdown, permissionsOf,
  prioritised, requiresTotp, roleHas,
} from './permission-matrix.js';
export type { MatrixRow, Permission, PrioritisedAction, Scope } from './permission-matrix.js';
export { BREAK_GLASS, BREAK_GLASS_ACTOR, auditActor } from './principal.js';
export type { Principal, Restriction } from './principal.js';
export { CSRF_HEADER, csrfRefusal, fetchMetadataRefusal, isStateChanging } from './request-forgery.js';
export type { FetchMetadata } from './request-forgery.js';
export { isRouteAccess, routeEntries } from './route-access.js';
export type { AuditNote, RouteAccess, RouteEntry } from './route-access.js';
export { bulletinSummary, resolveTarget } from './route-targets.js';
export type { RequestParts, ResolvedTarget, TargetSources, TargetSpec } from './route-targets.js';
export { ROLES, ROLE_LABEL, isRole } from './roles.js';
export type { Role } from './roles.js';
export { SESSION_COOKIE, clearedSessionCookie, parseCookies, sessionCookie } from './session-cookie.js';
export { createTrustLayer } from './trust-layer.js';
export type { TrustDeps, TrustLayer, TrustOptions } from './trust-layer.js';
