// Who may approve a bulletin is the area's policy (design.md: who, how many approvers; emergencies need two distinct
// people unless the area says otherwise). Accounts arrive in issue 4; until then the hook exists and lets any holder
// of the admin token approve, so the rule can plug in without touching the workflow.
import type { HubErrorCode } from '../errors.js';
import type { BulletinRecord, BulletinTransition } from './bulletin-record.js';

export interface ApprovalRequest {
  readonly bulletin: BulletinRecord;
  readonly actor: string;
  /** Everything that happened to the bulletin so far, oldest first (who created, submitted, approved before). */
  readonly history: readonly BulletinTransition[];
}

export type ApprovalDecision =
  | { readonly allow: true }
  | { readonly allow: false; readonly code: HubErrorCode; readonly detail: string };

export type ApprovalPolicy = (request: ApprovalRequest) => ApprovalDecision;

/** The interim rule: the admin token is the only identity there is. */
export const anyAdminMayApprove: ApprovalPolicy = () => ({ allow: true });
