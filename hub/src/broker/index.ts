// The hub's embedded MQTT broker: device ACL, credential check, limits, TCP and WebSocket transports.

export type { AclDecision, AclReason, DevicePrincipal, HubPrincipal, Principal, PublishFacts, WillFacts } from './acl.js';
export { canPublish, canSetWill, canSubscribe, HUB_PRINCIPAL } from './acl.js';
export type { BrokerLimits } from './broker-limits.js';
export { DEFAULT_BROKER_LIMITS, resolveBrokerLimits } from './broker-limits.js';
export type { ConnectGateLimits, GateTimers } from './connect-gate.js';
export { ConnectGate } from './connect-gate.js';
export type {
  ConnackRefusalCode, ConnectDecision, ConnectRefusal, ConnectRefusalReason, ConnectRequest, DeviceAuthenticator, DeviceIdentity,
} from './connect-policy.js';
export { CONNACK, decideConnect, MAX_PASSWORD_BYTES, MAX_USERNAME_LENGTH, precheckConnect } from './connect-policy.js';
export type { FrameLimits, FrameRefusalReason, FrameVerdict } from './frame-guard.js';
export { FrameScanner, guardFrames } from './frame-guard.js';
export type { BrokerCounters, BrokerEvents, BrokerLogger, MessageMeta, Refusal } from './broker-events.js';
export type { HubPublishOptions, StartOptions } from './device-broker.js';
export { DeviceBroker } from './device-broker.js';
export type { MqttOverWebSocketOptions, WebSocketBrokerPort } from './mqtt-over-websocket.js';
export { MQTT_WEBSOCKET_PATH, mqttOverWebSocket } from './mqtt-over-websocket.js';
export type { CreateBrokerOptions } from './create-broker.js';
export { createBroker } from './create-broker.js';
