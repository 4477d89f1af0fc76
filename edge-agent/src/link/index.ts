// The MQTT link and the gate for signed content.
export type { BackoffPolicy } from './backoff.js';
export { backoffCap, fullJitterDelay } from './backoff.js';
export type { LinkFailure, Outage, ReconnectDecision, ReconnectPolicy } from './reconnect-policy.js';
export { connackFailure, linkFailureOf, outageSince, reconnectDelay, REFUSED_RETRY_DEFAULTS } from './reconnect-policy.js';
export type { LinkConnectOptions, LinkConnection, LinkHandlers, LinkTransport, LinkWill } from './link-transport.js';
export { mqttTransport } from './mqtt-transport.js';
export { nodeHttpFetch } from './node-http-fetch.js';
export type { DeviceLinkOptions, LinkLogger, LinkStats, UpTopicName } from './device-link.js';
export { DeviceLink } from './device-link.js';
export type { IntakeClock, SignedIntakeOptions } from './signed-intake.js';
export { SignedIntake } from './signed-intake.js';
