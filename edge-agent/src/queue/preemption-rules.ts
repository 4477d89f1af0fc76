// Điều 8 QĐ 993/2024 as data. `decide` takes the first row that matches; every row cites its rule and says why.
// The table is complete: the last two rows match any incoming item.
import type { BroadcastMode, Priority } from '@tinnguon/protocol';
import type { Decision, Relation } from './queue-item.js';

export interface ItemPattern {
  readonly priority?: readonly Priority[];
  readonly mode?: BroadcastMode;
}

export interface PreemptionRule {
  readonly id: string;
  readonly cite: string;
  readonly why: string;
  /** 'idle' matches when nothing is playing; a pattern matches the playing item; absent matches anything playing. */
  readonly current?: ItemPattern | 'idle';
  readonly incoming?: ItemPattern;
  /** How the incoming item relates to the playing one (same bulletin id or not). */
  readonly relation?: readonly Relation[];
  readonly decision: Decision;
}

const ENQUEUE: Decision = { action: 'enqueue' };

export const PREEMPTION_RULES: readonly PreemptionRule[] = [
  {
    id: 'idle',
    cite: 'Điều 8.1',
    why: 'Nothing is playing: the executor starts the best queued item at once, so an emergency plays immediately.',
    current: 'idle',
    decision: ENQUEUE,
  },
  {
    id: 'duplicate',
    cite: 'Điều 8.1; design.md §6 (replay)',
    why:
      'The same bulletin re-sent while it plays (a re-published emergency, a second doorbell) must neither cut itself ' +
      'off and start over nor play the slot twice.',
    relation: ['duplicate'],
    decision: { action: 'drop', reason: 'AGENT_ERR_DUPLICATE' },
  },
  {
    id: 'stale-revision',
    cite: 'design.md §6',
    why: 'An older revision of what is playing was replaced by the hub; it never plays again.',
    relation: ['olderRevision'],
    decision: { action: 'drop', reason: 'AGENT_ERR_STALE_REVISION' },
  },
  {
    id: 'correction',
    cite: 'domain.md, incidents (Hawaii 2018: 38 minutes to correct a false alert)',
    why:
      'A newer revision of the playing bulletin is its correction: it replaces the playing one at once, and the ' +
      'wrong text must not finish or come back.',
    relation: ['newerRevision'],
    decision: { action: 'preempt', interrupted: 'drop' },
  },
  {
    id: 'attention-tone-first',
    cite: 'design.md §5',
    why: 'The attention tone announces its emergency; the emergency follows the tone, it does not cut it.',
    relation: ['prelude'],
    decision: ENQUEUE,
  },
  {
    id: 'live-emergency-over-exercise',
    cite: 'Điều 8.1; design.md §6 (test/exercise)',
    why:
      'A real emergency interrupts anything, drills included. The drill is dropped, not replayed afterwards, so ' +
      'listeners do not take the real alert for part of the exercise.',
    current: { mode: 'test' },
    incoming: { priority: ['emergency'], mode: 'live' },
    decision: { action: 'preempt', interrupted: 'drop' },
  },
  {
    id: 'exercise-never-cuts-live',
    cite: 'design.md §6 (test/exercise)',
    why: 'An exercise never interrupts real content, whatever its level; it waits its turn.',
    current: { mode: 'live' },
    incoming: { mode: 'test' },
    decision: ENQUEUE,
  },
  {
    id: 'emergency-during-emergency',
    cite: 'Điều 8.1',
    why:
      'Cutting one life-safety message with another leaves both half heard; the second plays right after the first ' +
      '(its repeats included).',
    current: { priority: ['emergency'] },
    incoming: { priority: ['emergency'] },
    decision: ENQUEUE,
  },
  {
    id: 'emergency-over-priority',
    cite: 'Điều 8.1, 8.2',
    why:
      'Emergency plays immediately. The interrupted priority bulletin restarts from the beginning afterwards: a ' +
      'half-heard announcement is useless, and Điều 8.2 bulletins must be broadcast.',
    current: { priority: ['priority'] },
    incoming: { priority: ['emergency'] },
    decision: { action: 'preempt', interrupted: 'restart' },
  },
  {
    id: 'emergency-over-normal',
    cite: 'Điều 8.1, 8.3',
    why:
      'Emergency plays immediately. The interrupted normal bulletin is dropped and logged as interrupted: playing it ' +
      'was the commune’s choice (Điều 8.3), and the commune can re-schedule it.',
    current: { priority: ['normal'] },
    incoming: { priority: ['emergency'] },
    decision: { action: 'preempt', interrupted: 'drop' },
  },
  {
    id: 'priority-waits',
    cite: 'Điều 8.2',
    why: 'Priority bulletins play within the programme, in order; they never interrupt what is playing.',
    incoming: { priority: ['priority'] },
    decision: ENQUEUE,
  },
  {
    id: 'normal-waits',
    cite: 'Điều 8.3',
    why: 'Normal bulletins play where the commune scheduled them; they never interrupt what is playing.',
    incoming: { priority: ['normal'] },
    decision: ENQUEUE,
  },
];
