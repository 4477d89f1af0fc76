// "What is waiting for me" (issue 9, approval queue): the area's policy in force for the bulletin decides, as the
// hub will (hub/src/authz/approval-rules.ts decideApproval) — the right role (or the review body for a sensitive
// bulletin, Điều 14.5), not already approved by me, and for an emergency not initiated by me (two people). Pure.
import type { ApprovalStatus, BulletinView } from './wf-types.js';

export interface Me {
  readonly actor: string;
  readonly role: string;
}

export type Turn =
  | { readonly kind: 'mine' }
  /** Counted already; others must add theirs. */
  | { readonly kind: 'voted' }
  /** Two people (Điều 8.1 emergencies, issue 4): the initiator waits for someone else. */
  | { readonly kind: 'initiator' }
  | { readonly kind: 'role' };

export function turnOf(me: Me, b: Pick<BulletinView, 'priority'>, s: ApprovalStatus): Turn {
  const policy = s.policy.policy;
  const rule = policy.rules[b.priority];
  const reviewer = policy.reviewRoles.includes(me.role);
  if (!rule.roles.includes(me.role) && !(s.sensitive && reviewer)) return { kind: 'role' };
  if (s.votes.some((v) => v.actor === me.actor)) return { kind: 'voted' };
  if (b.priority === 'emergency' && !policy.singleOperatorEmergency && s.initiators.includes(me.actor)) return { kind: 'initiator' };
  return { kind: 'mine' };
}

/** Emergencies first, then the oldest waiting: what has waited longest is answered first. */
export function queueOrder(a: Pick<BulletinView, 'priority' | 'updatedAt'>, b: Pick<BulletinView, 'priority' | 'updatedAt'>): number {
  const rank = { emergency: 0, priority: 1, normal: 2 } as const;
  return rank[a.priority] - rank[b.priority] || a.updatedAt - b.updatedAt;
}
