// The hub's public surface, for benchmarks, simulators and an upstream integration.
export * from './errors.js';
export { createHub, type Hub, type HubOptions } from './hub.js';
export { HUB_NODE_FLAGS } from './hub-node-flags.js';
export { loadConfig, resolveConfig, publicUrls, type HubConfig } from './config/config.js';
export { backlogAdvice, parseSomaxconn, readSomaxconn } from './config/listen-backlog.js';
export { buildAreaTree, areaChain, subtree, DEMO_PROVINCE, type Area, type AreaTree } from './areas/index.js';
export { computeManifest, manifestFingerprint, type ManifestInputs } from './dispatch/compute-manifest.js';
export { openDatabase, type Database } from './db/index.js';
export { LogIngestor } from './logs/log-ingest.js';
