// The preemption decision (design.md §9): pure, answered by the first matching row of PREEMPTION_RULES.
import { PREEMPTION_RULES, type ItemPattern, type PreemptionRule } from './preemption-rules.js';
import { relationOf, type Decision, type QueueItem } from './queue-item.js';

function matches(pattern: ItemPattern | undefined, item: QueueItem): boolean {
  if (pattern === undefined) return true;
  if (pattern.priority !== undefined && !pattern.priority.includes(item.priority)) return false;
  return pattern.mode === undefined || pattern.mode === item.mode;
}

/** The row that governs `incoming` arriving while `current` plays (null: nothing plays). */
export function ruleFor(
  current: QueueItem | null,
  incoming: QueueItem,
  rules: readonly PreemptionRule[] = PREEMPTION_RULES,
): PreemptionRule {
  const relation = current === null ? undefined : relationOf(current, incoming);
  const rule = rules.find((r) => {
    if (r.current === 'idle') return current === null;
    if (current === null || relation === undefined) return false;
    if (r.relation !== undefined && !r.relation.includes(relation)) return false;
    return matches(r.current, current) && matches(r.incoming, incoming);
  });
  // Unreachable with PREEMPTION_RULES (its last rows match every priority); guards edited tables.
  if (rule === undefined) throw new Error(`no preemption rule for ${incoming.priority} during ${current?.priority}`);
  return rule;
}

export function decide(current: QueueItem | null, incoming: QueueItem): Decision {
  return ruleFor(current, incoming).decision;
}
