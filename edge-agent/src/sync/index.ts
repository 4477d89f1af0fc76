// The manifest: fetch, verify, keep, and what the cache must hold for it.
export type { ManifestDecision } from './judge-manifest.js';
export { judgeManifest } from './judge-manifest.js';
export type { LoadedManifest, ManifestStoreOptions } from './manifest-store.js';
export { ManifestStore } from './manifest-store.js';
export type { ManifestRequest } from './fetch-manifest.js';
export { basicAuthHeader, fetchManifest } from './fetch-manifest.js';
export type { SlotStart } from './cache-wants.js';
export { cacheWants } from './cache-wants.js';
export type { ManifestSyncOptions, SyncOutcome } from './manifest-sync.js';
export { ManifestSync } from './manifest-sync.js';
