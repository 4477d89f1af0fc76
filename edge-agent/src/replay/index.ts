// Replay protection that survives restarts (design.md §6).
export type { ReplayStoreOptions, ReplayStoreStats } from './replay-store.js';
export { ReplayStore } from './replay-store.js';
