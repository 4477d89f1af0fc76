// Bulletins (bản tin): authoring, the life cycle, commune selections and the upstream emergency path.
export { anyAdminMayApprove } from './approval-policy.js';
export type { ApprovalDecision, ApprovalPolicy, ApprovalRequest } from './approval-policy.js';
export { AuthoredContent, BulletinPatch, NewBulletin, authoredMedia } from './bulletin-input.js';
export { toProtocolBulletin } from './bulletin-record.js';
export type { BulletinRecord, BulletinTransition } from './bulletin-record.js';
export { BulletinRepository } from './bulletin-repository.js';
export type { BulletinFilter, StopRecord, TransitionWrite } from './bulletin-repository.js';
export type { BulletinFields } from './bulletin-rows.js';
export { BulletinWorkflow } from './bulletin-workflow.js';
export type { BulletinWorkflowDeps, DispatchOutcome, Dispatched } from './bulletin-workflow.js';
export { checkAreas, checkSchedule, localDate, schedulePlacementProblems, scheduleProblems } from './check-bulletin.js';
export type { ScheduleFacts } from './check-bulletin.js';
export {
  BULLETIN_ACTIONS, BULLETIN_STATES, BULLETIN_STATE_LABEL, allowedActions, effectiveState, transition,
} from './life-cycle.js';
export type { BulletinAction, BulletinState, StoredBulletinState, TransitionResult } from './life-cycle.js';
export { checkAuthoredMedia, localiseContent, resolveContent } from './resolve-content.js';
export type { ContentResolverDeps } from './resolve-content.js';
export { acceptUpstreamEmergency } from './upstream-emergency.js';
export type { UpstreamEmergencyDeps } from './upstream-emergency.js';
