// @tinnguon/edge-agent: the edge agent and its parts. createAgent + Agent are the entry points (simulators run them
// with virtual drivers); the parts are exported for tests, benches and tools.
export * from './errors.js';
export * from './runtime/index.js';
export * from './config/index.js';
export * from './link/index.js';
export * from './sync/index.js';
export * from './clock/index.js';
export * from './status/index.js';
export * from './audio/index.js';
export * from './led/index.js';
export * from './queue/index.js';
export * from './cache/index.js';
export * from './journal/index.js';
export * from './replay/index.js';
