// A pass-through around the agent's MQTT transport that lets the simulator see the playback logs a device reports
// ("last log" in the live summary, the recent logs in technician mode) without a second code path: every byte the
// agent publishes still goes through the agent's own transport. Only logBatch publishes are read, after they are sent.
import { decode, parseTopic, type PlaybackLog } from '@tinnguon/protocol';
import type { LinkConnection, LinkTransport } from '@tinnguon/edge-agent';

export interface LogTap {
  /** Entries of a batch the broker accepted (resends included; the hub de-duplicates by seq). */
  onLogsSent(entries: readonly PlaybackLog[]): void;
  /** Each successful connect (CONNACK, before subscribing). */
  onConnect?(): void;
}

export function logTapTransport(inner: LinkTransport, tap: LogTap): LinkTransport {
  return {
    async connect(options, handlers): Promise<LinkConnection> {
      const connection = await inner.connect(options, handlers);
      tap.onConnect?.();
      return {
        subscribe: (topics) => connection.subscribe(topics),
        end: () => connection.end(),
        async publish(topic, payload, opts) {
          await connection.publish(topic, payload, opts);
          if (parseTopic(topic)?.name !== 'logBatch') return;
          const decoded = decode(topic, payload);
          if (decoded.ok && decoded.value.name === 'logBatch') tap.onLogsSent(decoded.value.message.entries);
        },
      };
    },
  };
}
