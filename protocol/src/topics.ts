// The topic tree. This is the only module that builds or parses topic strings (design.md, decision 2).
//   tn/v1/device/{deviceId}/down/{name}   hub → one device
//   tn/v1/device/{deviceId}/up/{name}     one device → hub
//   tn/v1/area/{areaCode}/urgent/{name}   hub → every device whose area chain holds the area (design.md §5)
import type { TSchema } from '@sinclair/typebox';
import { EnvelopeSchema } from './envelope.js';
import { CommandResult, DeviceStatus, Doorbell, Heartbeat, LogAck, LogBatch, TimeRequest, TimeResponse } from './messages.js';
import { AREA_CODE_PATTERN, DEVICE_ID_PATTERN } from './primitives.js';

export const TOPIC_ROOT = 'tn/v1';

export type Direction = 'down' | 'up' | 'urgent';

export interface TopicSpec {
  readonly direction: Direction;
  /** The last topic segment. */
  readonly leaf: string;
  readonly schema: TSchema;
  /** Envelope type carried, for signed topics. */
  readonly signed?: 'command' | 'bulletin' | 'stop';
  readonly maxBytes: number;
  readonly qos: 0 | 1;
  readonly retain: boolean;
  readonly description: string;
}

const KB = 1024;

export const TOPICS = {
  doorbell: { direction: 'down', leaf: 'doorbell', schema: Doorbell, maxBytes: 1 * KB, qos: 1, retain: false, description: 'Manifest version N is ready; fetch it over HTTP' },
  command: { direction: 'down', leaf: 'command', schema: EnvelopeSchema, signed: 'command', maxBytes: 16 * KB, qos: 1, retain: false, description: 'Signed command: volume, amplifier, playback, resync, reboot, snapshot' },
  logAck: { direction: 'down', leaf: 'log-ack', schema: LogAck, maxBytes: 1 * KB, qos: 1, retain: false, description: 'Application ack of a log batch, after commit' },
  timeResponse: { direction: 'down', leaf: 'time', schema: TimeResponse, maxBytes: 1 * KB, qos: 0, retain: false, description: 'Time-sync reply {t0, t1, t2}' },
  status: { direction: 'up', leaf: 'status', schema: DeviceStatus, maxBytes: 1 * KB, qos: 1, retain: true, description: 'Retained presence; the offline form is the Last Will' },
  heartbeat: { direction: 'up', leaf: 'heartbeat', schema: Heartbeat, maxBytes: 4 * KB, qos: 0, retain: false, description: 'Health: volume, playing, amplifier, power, clock, cache, disk' },
  logBatch: { direction: 'up', leaf: 'logs', schema: LogBatch, maxBytes: 256 * KB, qos: 1, retain: false, description: 'Playback-log batch with per-device sequence numbers' },
  commandResult: { direction: 'up', leaf: 'command-result', schema: CommandResult, maxBytes: 2 * KB, qos: 1, retain: false, description: 'Outcome of a signed command' },
  timeRequest: { direction: 'up', leaf: 'time', schema: TimeRequest, maxBytes: 1 * KB, qos: 0, retain: false, description: 'Time-sync request {t0}' },
  emergency: { direction: 'urgent', leaf: 'emergency', schema: EnvelopeSchema, signed: 'bulletin', maxBytes: 64 * KB, qos: 1, retain: false, description: 'Signed emergency bulletin: play at once (Điều 8.1)' },
  stop: { direction: 'urgent', leaf: 'stop', schema: EnvelopeSchema, signed: 'stop', maxBytes: 4 * KB, qos: 1, retain: false, description: 'Signed STOP or recall' },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = keyof typeof TOPICS;
export const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];
export type DeviceTopicName = { [K in TopicName]: (typeof TOPICS)[K]['direction'] extends 'urgent' ? never : K }[TopicName];
export type AreaTopicName = { [K in TopicName]: (typeof TOPICS)[K]['direction'] extends 'urgent' ? K : never }[TopicName];

/** The largest payload any topic accepts; brokers use it as their packet size limit. */
export const MAX_MESSAGE_BYTES = Math.max(...Object.values(TOPICS).map((t) => t.maxBytes));

const deviceIdRe = new RegExp(DEVICE_ID_PATTERN);
const areaCodeRe = new RegExp(AREA_CODE_PATTERN);

export function isDeviceId(s: string): boolean {
  return deviceIdRe.test(s);
}

export function isAreaCode(s: string): boolean {
  return areaCodeRe.test(s);
}

export function deviceTopic(name: DeviceTopicName, deviceId: string): string {
  if (!isDeviceId(deviceId)) throw new RangeError(`invalid device id: ${deviceId}`);
  return `${TOPIC_ROOT}/device/${deviceId}/${TOPICS[name].direction}/${TOPICS[name].leaf}`;
}

export function areaTopic(name: AreaTopicName, areaCode: string): string {
  if (!isAreaCode(areaCode)) throw new RangeError(`invalid area code: ${areaCode}`);
  return `${TOPIC_ROOT}/area/${areaCode}/urgent/${TOPICS[name].leaf}`;
}

export type ParsedTopic =
  | { readonly name: DeviceTopicName; readonly deviceId: string; readonly direction: 'down' | 'up' }
  | { readonly name: AreaTopicName; readonly areaCode: string; readonly direction: 'urgent' };

const byPath = new Map<string, TopicName>(TOPIC_NAMES.map((n) => [`${TOPICS[n].direction}/${TOPICS[n].leaf}`, n]));

/** Parses a concrete topic (no wildcards). Returns undefined for anything outside the tree. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length !== 6 || parts[0] !== 'tn' || parts[1] !== 'v1') return undefined;
  const [, , scope, id, direction, leaf] = parts as [string, string, string, string, string, string];
  const name = byPath.get(`${direction}/${leaf}`);
  if (name === undefined) return undefined;
  if (scope === 'device' && direction !== 'urgent' && isDeviceId(id)) {
    return { name: name as DeviceTopicName, deviceId: id, direction: direction as 'down' | 'up' };
  }
  if (scope === 'area' && direction === 'urgent' && isAreaCode(id)) {
    return { name: name as AreaTopicName, areaCode: id, direction: 'urgent' };
  }
  return undefined;
}

/** Every topic a device subscribes to: its own down-topics and the urgent topics of its area chain. */
export function deviceSubscriptions(deviceId: string, areaChain: readonly string[]): string[] {
  const down = TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'down').map((n) => deviceTopic(n as DeviceTopicName, deviceId));
  const urgent = areaChain.flatMap((area) =>
    TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'urgent').map((n) => areaTopic(n as AreaTopicName, area)),
  );
  return [...down, ...urgent];
}

/** A Markdown table of the tree, used by protocol/README.md (a test keeps the README in step with this). */
export function topicTableMarkdown(): string {
  const rows = TOPIC_NAMES.map((n) => {
    const t: TopicSpec = TOPICS[n];
    const pattern =
      t.direction === 'urgent' ? `${TOPIC_ROOT}/area/{areaCode}/urgent/${t.leaf}` : `${TOPIC_ROOT}/device/{deviceId}/${t.direction}/${t.leaf}`;
    const flow = t.direction === 'up' ? 'device → hub' : t.direction === 'down' ? 'hub → device' : 'hub → area';
    const extras = [t.signed !== undefined ? `signed ${t.signed}` : 'unsigned', `QoS ${t.qos}`, t.retain ? 'retained' : '', `≤ ${t.maxBytes / KB} KiB`]
      .filter(Boolean)
      .join(', ');
    return `| \`${pattern}\` | ${n} | ${flow} | ${extras} | ${t.description} |`;
  });
  return ['| topic | name | flow | delivery | carries |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
