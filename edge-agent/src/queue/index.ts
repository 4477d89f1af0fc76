// Preemption (design.md §9): the rule table, the pure decision and ordering, and the one executor.
export type { Decision, DropReason, InterruptedAction, QueueItem, QueueItemKind, Relation } from './queue-item.js';
export { assertQueueItem, relationOf } from './queue-item.js';
export type { ItemPattern, PreemptionRule } from './preemption-rules.js';
export { PREEMPTION_RULES } from './preemption-rules.js';
export { decide, ruleFor } from './decide.js';
export { compareQueueItems, nextItem, playOrder } from './next-item.js';
export type { LogExtra } from './playback-log-entry.js';
export { playbackLogEntry } from './playback-log-entry.js';
export type {
  ExecutorClock,
  ExecutorSnapshot,
  NowPlaying,
  PlaybackExecutorOptions,
  PlaybackRun,
  RunItem,
} from './playback-executor.js';
export { PlaybackExecutor } from './playback-executor.js';
