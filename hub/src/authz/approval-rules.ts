// Who must approve a bulletin before it is published (design.md "Bulletin life cycle"; issue 4). Each area has a
// policy, inherited down the tree like operating windows: which roles approve which priority, how many distinct
// approvers, whether an emergency may be sent by one trained operator, and who appraises sensitive bulletins
// (thẩm định, Điều 14.5). decideApproval is pure and model-tested (test/hub/authz/approval-model.test.ts).
import { Type, type Static } from '@sinclair/typebox';
import type { Priority } from '@tinnguon/protocol';
import { validate } from '@tinnguon/protocol';
import type { HubErrorCode } from '../errors.js';
import { HubError } from '../errors.js';
import { PRIORITIES, prioritised, roleHas } from './permission-matrix.js';
import { ROLES, type Role } from './roles.js';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Rule = Type.Object(
  {
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true }),
    /** Distinct people who must approve. */
    approvals: Type.Integer({ minimum: 1, maximum: 5 }),
  },
  { additionalProperties: false },
);

export const ApprovalPolicyDoc = Type.Object(
  {
    rules: Type.Object({ emergency: Rule, priority: Rule, normal: Rule }, { additionalProperties: false }),
    /**
     * Emergencies need two different people, the initiator and an approver. Only an area that says so explicitly
     * lets one trained operator do both (a remote commune with one official on duty at night).
     */
    singleOperatorEmergency: Type.Boolean(),
    /** Who appraises bulletins marked sensitive (Điều 14.5): at least one of the approvals must come from them. */
    reviewRoles: Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ApprovalPolicyDoc = Static<typeof ApprovalPolicyDoc>;

const APPROVERS: Role[] = ['province_admin', 'approver', 'district_officer', 'commune_officer'];

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicyDoc = Object.freeze<ApprovalPolicyDoc>({
  rules: {
    emergency: { roles: APPROVERS, approvals: 1 },
    priority: { roles: APPROVERS, approvals: 1 },
    normal: { roles: APPROVERS, approvals: 1 },
  },
  singleOperatorEmergency: false,
  reviewRoles: ['approver'],
});

/** Shape and meaning: every role named must hold the matching permission in the matrix (a policy only narrows). */
export function checkApprovalPolicy(raw: unknown): ApprovalPolicyDoc {
  const result = validate(ApprovalPolicyDoc, raw);
  if (!result.ok) throw new HubError('HUB_ERR_APPROVAL_POLICY_INVALID', result.error.reason);
  const doc = result.value;
  const problems: string[] = [];
  for (const p of PRIORITIES) {
    for (const role of doc.rules[p].roles) {
      if (!roleHas(role, prioritised('bulletin.approve', p))) problems.push(`${role} may not approve ${p} bulletins (permission matrix)`);
    }
  }
  for (const role of doc.reviewRoles) if (!roleHas(role, 'bulletin.review')) problems.push(`${role} is not a review role (permission matrix)`);
  if (problems.length > 0) throw new HubError('HUB_ERR_APPROVAL_POLICY_INVALID', problems.join('; '), { problems });
  return doc;
}

export interface ApprovalVote {
  readonly actor: string;
  readonly role: Role;
}

export interface ApprovalFacts {
  readonly priority: Priority;
  readonly sensitive: boolean;
  readonly actor: { readonly name: string; readonly role: Role; readonly breakGlass: boolean };
  /** Everyone who created, edited or submitted the bulletin. */
  readonly initiators: readonly string[];
  /** Approvals already given to this submission. */
  readonly votes: readonly ApprovalVote[];
  readonly policy: ApprovalPolicyDoc;
}

export interface ApprovalTally {
  readonly have: number;
  readonly need: number;
  /** For a sensitive bulletin: whether a review role has approved (always true otherwise). */
  readonly reviewed: boolean;
}

export type ApprovalOutcome =
  /** This approval completes the policy: the bulletin becomes approved. */
  | ({ readonly kind: 'approve' } & ApprovalTally)
  /** Counted; more approvals (or the review body's) are still needed. */
  | ({ readonly kind: 'vote'; readonly waitingFor: 'approvers' | 'review' } & ApprovalTally)
  | { readonly kind: 'refuse'; readonly code: HubErrorCode; readonly detail: string };

export function decideApproval(f: ApprovalFacts): ApprovalOutcome {
  const rule = f.policy.rules[f.priority];
  // The break-glass token holds the signing key's directory; no rule here could bind it (principal.ts). Audited.
  if (f.actor.breakGlass) return { kind: 'approve', have: rule.approvals, need: rule.approvals, reviewed: true };
  const reviewer = f.policy.reviewRoles.includes(f.actor.role);
  if (!rule.roles.includes(f.actor.role) && !(f.sensitive && reviewer)) {
    return { kind: 'refuse', code: 'HUB_ERR_APPROVAL_ROLE', detail: `${f.actor.role} may not approve ${f.priority} bulletins here` };
  }
  if (f.votes.some((v) => v.actor === f.actor.name)) {
    return { kind: 'refuse', code: 'HUB_ERR_APPROVAL_DUPLICATE', detail: f.actor.name };
  }
  if (f.priority === 'emergency' && !f.policy.singleOperatorEmergency && f.initiators.includes(f.actor.name)) {
    return { kind: 'refuse', code: 'HUB_ERR_APPROVAL_SAME_PERSON', detail: `${f.actor.name} initiated this emergency` };
  }
  const all = [...f.votes, { actor: f.actor.name, role: f.actor.role }];
  const tally: ApprovalTally = {
    have: all.length,
    need: rule.approvals,
    reviewed: !f.sensitive || all.some((v) => f.policy.reviewRoles.includes(v.role)),
  };
  if (tally.have < tally.need) return { kind: 'vote', waitingFor: 'approvers', ...tally };
  if (!tally.reviewed) return { kind: 'vote', waitingFor: 'review', ...tally };
  return { kind: 'approve', ...tally };
}
