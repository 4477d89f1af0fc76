// Time (design.md §11): the NTP-style exchange with the hub, trust, and hub time on the monotonic clock.
export type { TimeSample } from './ntp-sample.js';
export { bestSample, sampleOf } from './ntp-sample.js';
export type { ClockTrust, ClockTrustInput } from './clock-trust.js';
export { clockTrust } from './clock-trust.js';
export type { AgentClock, ClockStatus, HubClockOptions } from './hub-clock.js';
export { HubClock, TIMESYNCD_FLAG, systemAgentClock } from './hub-clock.js';
export type { TimeSyncOptions } from './time-sync.js';
export { TimeSync } from './time-sync.js';
