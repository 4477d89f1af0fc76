// Carries out the approval policy: gathers the facts (the area's effective policy, who initiated the bulletin, the
// approvals given to this submission, the sensitive mark), asks decideApproval, records the approval, and only when
// the policy is satisfied lets the life cycle move the bulletin to approved. The bulletins' ApprovalPolicy hook
// (bulletins/approval-policy.ts) admits exactly those transitions, so no other path can approve.
import type { AreaTree } from '../areas/index.js';
import type { ApprovalPolicy, BulletinRecord, BulletinRepository, BulletinTransition } from '../bulletins/index.js';
import { HubError } from '../errors.js';
import { decideApproval, type ApprovalTally, type ApprovalVote } from './approval-rules.js';
import type { ApprovalStore, EffectivePolicy } from './approval-store.js';
import type { Principal } from './principal.js';

export interface ApprovalServiceDeps {
  readonly store: ApprovalStore;
  readonly bulletins: Pick<BulletinRepository, 'get' | 'history'>;
  readonly areas: { tree(): Promise<AreaTree> };
}

export interface ApprovalProgress extends ApprovalTally {
  /** True when this request moved the bulletin to approved. */
  readonly complete: boolean;
  readonly waitingFor?: 'approvers' | 'review';
}

export interface ApprovalStatus {
  readonly policy: EffectivePolicy;
  readonly sensitive: boolean;
  readonly submission: number;
  readonly initiators: readonly string[];
  readonly votes: readonly ApprovalVote[];
}

const INITIATING = new Set(['create', 'edit', 'submit']);

/** Pure: which submission the bulletin is in (a rejection and a new submission start the count again). */
export function submissionOf(history: readonly BulletinTransition[]): number {
  return history.filter((h) => h.action === 'submit').length;
}

/** Pure: everyone who created, edited or submitted it — none of them may be an emergency's second person. */
export function initiatorsOf(history: readonly BulletinTransition[]): string[] {
  return [...new Set(history.filter((h) => INITIATING.has(h.action)).map((h) => h.actor))];
}

export class ApprovalService {
  readonly #d: ApprovalServiceDeps;
  readonly #tickets = new Set<string>();

  constructor(deps: ApprovalServiceDeps) {
    this.#d = deps;
  }

  /** For BulletinWorkflow: only approvals this service has just counted as complete may pass. */
  readonly policyHook: ApprovalPolicy = ({ bulletin, actor }) =>
    this.#tickets.has(ticket(bulletin, actor))
      ? { allow: true }
      : { allow: false, code: 'HUB_ERR_APPROVAL_ROLE', detail: 'approvals are counted by the area’s approval policy' };

  async status(bulletin: BulletinRecord): Promise<ApprovalStatus> {
    const history = await this.#d.bulletins.history(bulletin.id);
    const submission = submissionOf(history);
    return {
      policy: await this.#d.store.effectivePolicy(await this.#d.areas.tree(), bulletin.originArea),
      sensitive: (await this.#d.store.sensitivity(bulletin.id))?.sensitive ?? false,
      submission,
      initiators: initiatorsOf(history),
      votes: submission === 0 ? [] : await this.#d.store.votes(bulletin.id, submission),
    };
  }

  /**
   * One approval by `principal`. `apply` performs the life-cycle step (workflow.approve) and runs only when the
   * policy is satisfied; otherwise the approval is recorded and the bulletin stays submitted.
   */
  async approve(id: string, principal: Principal, apply: (actor: string) => Promise<BulletinRecord>): Promise<{ bulletin: BulletinRecord; approval: ApprovalProgress }> {
    const bulletin = await this.#d.bulletins.get(id);
    if (bulletin === undefined) throw new HubError('HUB_ERR_BULLETIN_UNKNOWN', id);
    // Not awaiting approval: the life-cycle table gives the precise refusal.
    if (bulletin.state !== 'submitted') return { bulletin: await apply(principal.actor), approval: { have: 0, need: 0, reviewed: true, complete: false } };
    const s = await this.status(bulletin);
    const outcome = decideApproval({
      priority: bulletin.priority,
      sensitive: s.sensitive,
      actor: { name: principal.actor, role: principal.role, breakGlass: principal.kind === 'break-glass' },
      initiators: s.initiators,
      votes: s.votes,
      policy: s.policy.policy,
    });
    if (outcome.kind === 'refuse') throw new HubError(outcome.code, outcome.detail);
    await this.#d.store.addVote(id, s.submission, principal.actor, principal.role);
    const tally = { have: outcome.have, need: outcome.need, reviewed: outcome.reviewed };
    if (outcome.kind === 'vote') return { bulletin, approval: { ...tally, complete: false, waitingFor: outcome.waitingFor } };
    const key = ticket(bulletin, principal.actor);
    this.#tickets.add(key);
    try {
      return { bulletin: await apply(principal.actor), approval: { ...tally, complete: true } };
    } catch (err) {
      // The step did not happen (changed meanwhile): the approval must not count towards a later one.
      await this.#d.store.removeVote(id, s.submission, principal.actor);
      throw err;
    } finally {
      this.#tickets.delete(key);
    }
  }

  /**
   * Marks a draft or submitted bulletin sensitive (anyone who may classify) or clears the mark (only the review
   * body, Điều 14.5: an author cannot route around the appraisal by un-marking their own bulletin).
   */
  async setSensitive(bulletin: BulletinRecord, sensitive: boolean, principal: Principal, mayReview: boolean): Promise<boolean> {
    if (bulletin.state !== 'draft' && bulletin.state !== 'submitted') {
      throw new HubError('HUB_ERR_BULLETIN_STATE', `cannot re-classify a bulletin that is ${bulletin.state}`);
    }
    const current = (await this.#d.store.sensitivity(bulletin.id))?.sensitive ?? false;
    if (current && !sensitive && !mayReview) throw new HubError('HUB_ERR_REVIEW_REQUIRED', 'only the review body may clear the mark');
    await this.#d.store.setSensitive(bulletin.id, sensitive, principal.actor);
    return sensitive;
  }
}

function ticket(bulletin: Pick<BulletinRecord, 'id' | 'revision'>, actor: string): string {
  return `${bulletin.id}\u0000${bulletin.revision}\u0000${actor}`;
}
