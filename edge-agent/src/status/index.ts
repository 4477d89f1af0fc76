// Health reporting: heartbeat shape, board readings, and the timer that sends them.
export type { HeartbeatFacts } from './build-heartbeat.js';
export { buildHeartbeat } from './build-heartbeat.js';
export type { SystemProbeOptions, SystemProbes } from './system-probes.js';
export { systemProbes, virtualProbes } from './system-probes.js';
export type { HeartbeatReporterOptions } from './heartbeat-reporter.js';
export { HeartbeatReporter } from './heartbeat-reporter.js';
