// The durable playback log (design.md §8) and the small durable-file helpers the agent's stores share.
export type { NewPlaybackLog, PlaybackRecorder } from './new-playback-log.js';
export type { JournalOptions, JournalStats } from './journal.js';
export { Journal } from './journal.js';
export { GroupCommit } from './group-commit.js';
export { appendDurably, fsyncDir, writeFileAtomic } from './durable-fs.js';
