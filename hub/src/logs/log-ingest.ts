// Playback-log ingest (design.md §8): rows are committed durably, idempotently by (device, seq), and only then is
// the application ack built; a resent batch stores nothing twice.
import type { LogAck, PlaybackLog } from '@tinnguon/protocol';
import type { Database } from '../db/index.js';

// One statement per batch with the entries as a single JSON parameter, unpacked by SQLite's json_each in C: binding
// 15 parameters per row from JavaScript cost more main-thread time than the insert itself (bench `ingest`).
// The entries were validated against the PlaybackLog schema before they reach this point.
const INSERT_BATCH = `
  INSERT OR IGNORE INTO playback_logs
    (device_id, seq, at, event, bulletin_id, revision, priority, mode, slot_at, started_at, ended_at, played_ms, reason, detail, received_at)
  SELECT ?1, value ->> '$.seq', value ->> '$.at', value ->> '$.event', value ->> '$.bulletinId', value ->> '$.revision',
         value ->> '$.priority', value ->> '$.mode', value ->> '$.slotAt', value ->> '$.startedAt', value ->> '$.endedAt',
         value ->> '$.playedMs', value ->> '$.reason', value ->> '$.detail', ?2
  FROM json_each(?3)`;

/** Pure: the ack for a committed batch. */
export function ackFor(entries: readonly PlaybackLog[], stored: number): LogAck {
  const seqs = entries.map((e) => e.seq);
  return { fromSeq: Math.min(...seqs), toSeq: Math.max(...seqs), stored, duplicates: entries.length - stored };
}

interface Pending {
  readonly deviceId: string;
  readonly entries: readonly PlaybackLog[];
  readonly resolve: (ack: LogAck) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: batches that arrive while a commit is in flight share the next transaction, so thousands of devices
 * cost one fsync per round instead of one each. Each batch is still its own multi-row INSERT, which yields its own
 * stored count for the ack.
 */
export class LogIngestor {
  readonly #db: Database;
  readonly #now: () => number;
  #waiting: Pending[] = [];
  #flushing: Promise<void> | undefined;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  submit(deviceId: string, entries: readonly PlaybackLog[]): Promise<LogAck> {
    return new Promise<LogAck>((resolve, reject) => {
      this.#waiting.push({ deviceId, entries, resolve, reject });
      this.#flushing ??= this.#drain();
    });
  }

  /** Resolves once everything submitted so far is committed. */
  async idle(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const round = this.#waiting;
      this.#waiting = [];
      const receivedAt = this.#now();
      try {
        const stored = await this.#db.transaction(async (tx) => {
          const counts: number[] = [];
          for (const p of round) {
            counts.push((await tx.run(INSERT_BATCH, [p.deviceId, receivedAt, JSON.stringify(p.entries)])).changes);
          }
          return counts;
        }, { durable: true });
        round.forEach((p, i) => p.resolve(ackFor(p.entries, stored[i]!)));
      } catch (err) {
        for (const p of round) p.reject(err);
      }
    }
    this.#flushing = undefined;
  }
}
