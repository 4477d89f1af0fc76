// Who may subscribe to and publish on which topic: a pure function of a principal and a topic (style.md §4, §6).
// The broker hooks only translate these decisions into Aedes callbacks, so the whole policy is table-tested here.
//
// The rules (protocol/README.md, design.md §5 and §7):
// - a device subscribes to exact topics only: its own down-topics and the urgent topics of its own area chain;
// - a device publishes only on its own up-topics; only the hub publishes on down and urgent topics;
// - nobody publishes on `$SYS` or outside the `tn/v1` tree, and nobody but the hub subscribes outside it;
// - retain only where the topic table says so (the status topic), QoS 0 or 1 only, payload within the topic's limit;
// - a device's Last Will is its own status topic and nothing else.
import { deviceTopic, parseTopic, TOPIC_ROOT, TOPICS } from '@tinnguon/protocol';

export interface DevicePrincipal {
  readonly kind: 'device';
  readonly deviceId: string;
  /** Area codes from the province down to the device's own area (design.md §5). */
  readonly areaChain: readonly string[];
}

/** The hub itself: its publishes are made in-process and never cross the wire. */
export interface HubPrincipal {
  readonly kind: 'hub';
}

export type Principal = DevicePrincipal | HubPrincipal;

export const HUB_PRINCIPAL: HubPrincipal = Object.freeze({ kind: 'hub' });

export type AclReason =
  | 'sys-topic'
  | 'outside-tree'
  | 'wildcard'
  | 'wrong-direction'
  | 'foreign-device'
  | 'foreign-area'
  | 'retain-not-allowed'
  | 'qos-not-allowed'
  | 'too-large'
  | 'will-topic'
  | 'rate-limited';

export type AclDecision = { readonly allow: true } | { readonly allow: false; readonly reason: AclReason };

/** What the broker knows about a PUBLISH besides its topic. Omitted facts are not checked. */
export interface PublishFacts {
  readonly retain?: boolean;
  readonly qos?: number;
  readonly payloadBytes?: number;
}

export interface WillFacts extends PublishFacts {
  readonly topic: string;
}

const ALLOW: AclDecision = Object.freeze({ allow: true });

function deny(reason: AclReason): AclDecision {
  return { allow: false, reason };
}

const TREE_PREFIX = `${TOPIC_ROOT}/`;

function hasWildcard(s: string): boolean {
  return s.includes('+') || s.includes('#');
}

export function canSubscribe(principal: Principal, filter: string): AclDecision {
  // [MQTT-4.7.2-1]: `$` topics are the server's; a device has no business with them.
  if (filter.startsWith('$')) return deny('sys-topic');
  if (principal.kind === 'hub') return filter.startsWith(TREE_PREFIX) ? ALLOW : deny('outside-tree');
  // Exact topics only: one `+` in the device segment would hand a stolen credential every device's commands.
  if (hasWildcard(filter)) return deny('wildcard');
  const parsed = parseTopic(filter);
  if (parsed === undefined) return deny('outside-tree');
  if ('areaCode' in parsed) return principal.areaChain.includes(parsed.areaCode) ? ALLOW : deny('foreign-area');
  if (parsed.direction === 'up') return deny('wrong-direction');
  return parsed.deviceId === principal.deviceId ? ALLOW : deny('foreign-device');
}

export function canPublish(principal: Principal, topic: string, facts: PublishFacts = {}): AclDecision {
  if (topic.startsWith('$')) return deny('sys-topic');
  // [MQTT-3.3.2-2]: wildcards are not allowed in a PUBLISH topic; Aedes refuses them too, this keeps the table total.
  if (hasWildcard(topic)) return deny('wildcard');
  const parsed = parseTopic(topic);
  if (parsed === undefined) return deny('outside-tree');
  if (principal.kind === 'hub') {
    if (parsed.direction === 'up') return deny('wrong-direction');
  } else {
    if (parsed.direction !== 'up') return deny('wrong-direction');
    if (parsed.deviceId !== principal.deviceId) return deny('foreign-device');
  }
  const spec = TOPICS[parsed.name];
  // A retained heartbeat or command would be replayed to every later subscriber; only presence is retained (§7).
  if (facts.retain === true && !spec.retain) return deny('retain-not-allowed');
  // The protocol uses QoS 0 and 1 only; QoS 2 would only add broker state a hostile client could pile up.
  if (facts.qos !== undefined && facts.qos !== 0 && facts.qos !== 1) return deny('qos-not-allowed');
  if (facts.payloadBytes !== undefined && facts.payloadBytes > spec.maxBytes) return deny('too-large');
  return ALLOW;
}

/** The Last Will a device may leave behind: its own presence, retained or not, within the status limits. */
export function canSetWill(principal: Principal, will: WillFacts): AclDecision {
  if (principal.kind === 'device' && will.topic !== deviceTopic('status', principal.deviceId)) return deny('will-topic');
  return canPublish(principal, will.topic, will);
}
