// What the preemption queue holds and what `decide` answers (design.md §9). Plain data: the programme and the urgent
// path build items, the executor carries them out.
import type { BroadcastMode, Priority } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';

/** An attention tone is played before the emergency it announces and carries that bulletin's id (design.md §5). */
export type QueueItemKind = 'bulletin' | 'attentionTone';

export interface QueueItem {
  readonly bulletinId: string;
  readonly revision: number;
  readonly priority: Priority;
  /** live | test (exercise); signed, so a drill is never mistaken for the real thing (design.md §6). */
  readonly mode: BroadcastMode;
  readonly kind: QueueItemKind;
  /** Depth of the issuing area, 0 = province root; Điều 8.2 plays province before district before commune. */
  readonly originDepth: number;
  /** The scheduled slot this play accounts for (UTC ms); for an emergency, when the order arrived. */
  readonly slotAt: number;
  /** The commune chair's order among clashing priority bulletins (Điều 8.2, second paragraph); lower plays first. */
  readonly order?: number;
  /** Plays per slot, back to back (Bulletin.repeat). */
  readonly repeat: number;
  /** Plays still owed for this slot, counting the next one; 1 ≤ remaining ≤ repeat. */
  readonly remaining: number;
  /** Where to start in the media: late start, or resume after a pause. */
  readonly startOffsetMs?: number;
  /** Latest start (UTC ms); an item reached later is logged as missed (Điều 10: windows end). */
  readonly notAfter?: number;
}

/** What becomes of the item that was playing when something preempts it. */
export type InterruptedAction = 'restart' | 'resume' | 'drop';

export type DropReason = 'AGENT_ERR_DUPLICATE' | 'AGENT_ERR_STALE_REVISION';

export type Decision =
  | { readonly action: 'preempt'; readonly interrupted: InterruptedAction }
  | { readonly action: 'enqueue' }
  | { readonly action: 'drop'; readonly reason: DropReason };

/** How an incoming item relates to another with the same bulletin id. */
export type Relation = 'duplicate' | 'prelude' | 'newerRevision' | 'olderRevision' | 'unrelated';

/** The relation of `incoming` to `other` (the item playing, or one already queued). */
export function relationOf(other: QueueItem, incoming: QueueItem): Relation {
  if (other.bulletinId !== incoming.bulletinId) return 'unrelated';
  if (incoming.revision > other.revision) return 'newerRevision';
  if (incoming.revision < other.revision) return 'olderRevision';
  // An emergency re-published on the urgent path gets a new arrival time but is the same broadcast; a recurring
  // bulletin's next slot is a new play.
  const sameSlot = other.slotAt === incoming.slotAt || (other.priority === 'emergency' && incoming.priority === 'emergency');
  if (!sameSlot) return 'unrelated';
  if (other.kind === 'attentionTone' && incoming.kind === 'bulletin') return 'prelude';
  return 'duplicate';
}

const PRIORITY_VALUES = new Set(['emergency', 'priority', 'normal']);
const MODE_VALUES = new Set(['live', 'test']);
const KIND_VALUES = new Set(['bulletin', 'attentionTone']);

function isCount(n: unknown, min: number, max: number): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

function isInstant(n: unknown): boolean {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

/** Throws AGENT_ERR_QUEUE_ITEM_INVALID naming every problem; items come from our own code, so this guards bugs. */
export function assertQueueItem(item: QueueItem): void {
  const problems: string[] = [];
  if (typeof item.bulletinId !== 'string' || item.bulletinId.length === 0) problems.push('bulletinId');
  if (!isCount(item.revision, 1, Number.MAX_SAFE_INTEGER)) problems.push('revision');
  if (!PRIORITY_VALUES.has(item.priority)) problems.push('priority');
  if (!MODE_VALUES.has(item.mode)) problems.push('mode');
  if (!KIND_VALUES.has(item.kind)) problems.push('kind');
  if (!isCount(item.originDepth, 0, 7)) problems.push('originDepth');
  if (!isInstant(item.slotAt)) problems.push('slotAt');
  if (item.order !== undefined && !isCount(item.order, 0, 10_000)) problems.push('order');
  if (!isCount(item.repeat, 1, 50)) problems.push('repeat');
  if (!isCount(item.remaining, 1, isCount(item.repeat, 1, 50) ? item.repeat : 50)) problems.push('remaining');
  if (item.startOffsetMs !== undefined && !isInstant(item.startOffsetMs)) problems.push('startOffsetMs');
  if (item.notAfter !== undefined && !isInstant(item.notAfter)) problems.push('notAfter');
  if (problems.length > 0) throw new AgentError('AGENT_ERR_QUEUE_ITEM_INVALID', problems.join(', '));
}
