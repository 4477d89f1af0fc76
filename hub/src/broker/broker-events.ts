// What the broker lets the rest of the hub observe: events, refusals, counters and the logger it writes to.
import type { AclReason } from './acl.js';
import type { ConnectRefusalReason } from './connect-policy.js';
import type { FrameRefusalReason } from './frame-guard.js';

/** The slice of pino the broker uses. */
export interface BrokerLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: BrokerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface MessageMeta {
  readonly qos: number;
  readonly retain: boolean;
}

/** Why something was turned away, for the security log (Điều 12: incidents are reported and handled). */
export type Refusal =
  | { readonly stage: 'connect'; readonly clientId: string; readonly reason: ConnectRefusalReason; readonly returnCode: number }
  | { readonly stage: 'subscribe' | 'publish' | 'forward'; readonly deviceId: string; readonly topic: string; readonly reason: AclReason }
  | { readonly stage: 'frame'; readonly reason: FrameRefusalReason; readonly declaredBytes?: number; readonly remoteAddress?: string };

export type BrokerEvents = {
  /** An authenticated device session began (before its CONNACK); a takeover reports the old session gone first. */
  deviceConnected: [deviceId: string];
  deviceDisconnected: [deviceId: string];
  /** A device's publish on one of its own up-topics (its Last Will included), past the ACL, not yet decoded. */
  message: [deviceId: string, topic: string, payload: Buffer, meta: MessageMeta];
  refused: [refusal: Refusal];
};

export interface BrokerCounters {
  /** Device publishes accepted on up-topics, wills included. */
  messagesIn: number;
  /** Hub publishes handed to the broker. */
  messagesOut: number;
  /** Copies written to device connections. */
  deliveries: number;
  refusedConnections: number;
  refusedSubscriptions: number;
  refusedPublishes: number;
  refusedFrames: number;
  /** Copies withheld by authorizeForward; anything but 0 means a subscription slipped past the ACL. */
  blockedForwards: number;
  /** Clients disconnected because their socket did not drain within `drainTimeoutMs`. */
  slowClientsDropped: number;
}

export function zeroCounters(): BrokerCounters {
  return {
    messagesIn: 0, messagesOut: 0, deliveries: 0, refusedConnections: 0, refusedSubscriptions: 0,
    refusedPublishes: 0, refusedFrames: 0, blockedForwards: 0, slowClientsDropped: 0,
  };
}

const REFUSAL_COUNTER = {
  connect: 'refusedConnections',
  subscribe: 'refusedSubscriptions',
  publish: 'refusedPublishes',
  forward: 'blockedForwards',
  frame: 'refusedFrames',
} as const satisfies Record<Refusal['stage'], keyof BrokerCounters>;

export function countRefusal(counters: BrokerCounters, refusal: Refusal): void {
  counters[REFUSAL_COUNTER[refusal.stage]] += 1;
}
