// Limits that keep one frozen or hostile client from stalling delivery to everyone else (style.md, anti-patterns:
// "one frozen client stalling the broker for everyone"). Defaults suit a province: a few thousand devices on 4G.
import { MAX_MESSAGE_BYTES } from '@tinnguon/protocol';
import { HubError } from '../errors.js';

export interface BrokerLimits {
  /**
   * Aedes `drainTimeout`: how long a write to one client may wait for its socket to drain before that client is
   * disconnected. Without it a client that stops reading keeps its pending deliveries (and their bytes) forever.
   * (The broker's emitter has no global bound on messages in flight: device-broker.ts says why.)
   */
  readonly drainTimeoutMs: number;
  /** Aedes `connectTimeout`: a socket that sends no CONNECT within this time is closed. */
  readonly connectTimeoutMs: number;
  /** Aedes `keepaliveLimit`: largest keepalive accepted, in seconds. A device must send one, so a dead 4G link is noticed. */
  readonly keepaliveMaxSec: number;
  /** Aedes `queueLimit`: packets a client may send before its CONNACK; more closes the connection. */
  readonly queueLimit: number;
  /** Aedes `maxInflightInbound`: unreleased inbound QoS 2 packets per client (QoS 2 is refused anyway). */
  readonly maxInflightInbound: number;
  /** Largest MQTT remaining length accepted after CONNECT: the largest payload plus room for topic and id. */
  readonly maxPacketBytes: number;
  /** Largest CONNECT: credentials, client id and a will, which is a status message of at most 1 KiB. */
  readonly maxConnectBytes: number;
  /** Credential lookups running at once; beyond it a CONNECT waits for a slot (connect-gate.ts). */
  readonly maxPendingAuthentications: number;
  /** CONNECTs waiting for a lookup slot at once; beyond it CONNACK 3 (server unavailable) and the device retries later. */
  readonly maxQueuedAuthentications: number;
  /** How long a CONNECT may wait for a lookup slot before CONNACK 3; well inside the agent's 15 s CONNACK timeout. */
  readonly authenticationWaitMs: number;
  /** Aedes `heartbeatInterval` ($SYS heartbeat; stale wills are swept every fourth beat). */
  readonly heartbeatIntervalMs: number;
  /** A device's publishes per second, sustained, and in a burst (publish-rate.ts); beyond them it is disconnected. */
  readonly publishPerSec: number;
  readonly publishBurst: number;
}

/** Topic (2 + up to ~120 bytes), packet id (2): a KiB is ample room around the payload. */
const PACKET_OVERHEAD_BYTES = 1024;

export const DEFAULT_BROKER_LIMITS: BrokerLimits = Object.freeze({
  drainTimeoutMs: 15_000,
  connectTimeoutMs: 10_000,
  keepaliveMaxSec: 900,
  queueLimit: 16,
  maxInflightInbound: 64,
  maxPacketBytes: MAX_MESSAGE_BYTES + PACKET_OVERHEAD_BYTES,
  maxConnectBytes: 8 * 1024,
  maxPendingAuthentications: 64,
  maxQueuedAuthentications: 2048,
  authenticationWaitMs: 5000,
  heartbeatIntervalMs: 60_000,
  publishPerSec: 20,
  publishBurst: 500,
});

/** Defaults overlaid with `overrides`; every value must be a positive integer. */
export function resolveBrokerLimits(overrides: Partial<BrokerLimits> = {}): BrokerLimits {
  const limits: BrokerLimits = { ...DEFAULT_BROKER_LIMITS, ...overrides };
  const problems = Object.entries(limits)
    .filter(([, value]) => !Number.isSafeInteger(value) || (value as number) <= 0)
    .map(([key, value]) => `${key}=${String(value)}`);
  if (limits.maxConnectBytes > limits.maxPacketBytes) problems.push('maxConnectBytes > maxPacketBytes');
  if (problems.length > 0) throw new HubError('HUB_ERR_CONFIG_INVALID', `broker limits: ${problems.join(', ')}`, problems);
  return Object.freeze(limits);
}
