// Aedes' in-memory persistence with retained messages indexed by topic (issue 8: reconnect storms).
//
// Every device keeps a retained presence message (design.md §7), and aedes-persistence answers each SUBSCRIBE by
// testing every retained topic against each filter (asyncPersistence.js, retainedMessagesByPattern). With N devices
// each subscribing to ~7 filters, a fleet reconnecting costs 7·N² topic tests: minutes of CPU at 10,000 devices,
// during which CONNACKs starve. Devices may only subscribe to exact topics (acl.ts), so a filter without wildcards
// is answered by one lookup; a wildcard filter (the hub, a future bridge) still scans, matching as Aedes does.
// Everything else (subscriptions, QoS queues, wills) is the library's own code.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

/** The fields of a retained PUBLISH that the store keeps and hands back to new subscribers. */
export interface RetainedPacket {
  readonly topic: string;
  readonly payload: Buffer;
  readonly [field: string]: unknown;
}

/** What this file overrides of aedes-persistence 11's in-memory store (asyncPersistence.js, the class Aedes uses). */
export interface MemoryPersistenceBase {
  storeRetained(packet: RetainedPacket): Promise<void>;
  createRetainedStream(pattern: string): Readable;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

// The package's types for this file live under types/, where NodeNext resolution does not look for them.
export const MemoryPersistence = createRequire(import.meta.url)('aedes-persistence/asyncPersistence.js') as new () => MemoryPersistenceBase;

const LEVEL_SEPARATOR = '/';

function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/**
 * Whether a topic name matches a topic filter, exactly as Aedes matches them everywhere else (Qlobber in mqemitter and
 * aedes-persistence), so a retained copy reaches the same subscribers a live one would: `+` is one level and not an
 * empty one (stricter than [MQTT-4.7.1.3]), `#` is the parent level and any number below it.
 */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  const want = filter.split(LEVEL_SEPARATOR);
  const have = topic.split(LEVEL_SEPARATOR);
  for (let i = 0; i < want.length; i++) {
    const level = want[i];
    if (level === '#') return true;
    const actual = have[i];
    if (actual === undefined) return false;
    if (level === '+' ? actual === '' : level !== actual) return false;
  }
  return want.length === have.length;
}

function* retainedFor(retained: ReadonlyMap<string, RetainedPacket>, filters: readonly string[]): Generator<RetainedPacket> {
  for (const filter of filters) {
    if (!hasWildcard(filter)) {
      const packet = retained.get(filter);
      if (packet !== undefined) yield packet;
      continue;
    }
    for (const [topic, packet] of retained) if (topicMatchesFilter(filter, topic)) yield packet;
  }
}

/** Drop-in for Aedes' default persistence (`new Aedes({ persistence })`); only the retained store differs. */
export class IndexedRetainedPersistence extends MemoryPersistence {
  readonly #retained = new Map<string, RetainedPacket>();

  // [MQTT-3.3.1-10], [MQTT-3.3.1-11]: an empty retained payload deletes the topic's retained message.
  override storeRetained(packet: RetainedPacket): Promise<void> {
    if (packet.payload.length === 0) this.#retained.delete(packet.topic);
    else this.#retained.set(packet.topic, { ...packet });
    return Promise.resolve();
  }

  override createRetainedStream(pattern: string): Readable {
    return Readable.from(retainedFor(this.#retained, [pattern]));
  }

  override createRetainedStreamCombi(patterns: string[]): Readable {
    return Readable.from(retainedFor(this.#retained, patterns));
  }
}
