// Playback-log ingest (design.md §8): rows are committed durably, idempotently by (device, seq), and only then is
// the application ack built; a resent batch stores nothing twice.
import type { LogAck, PlaybackLog } from '@tinnguon/protocol';
import type { Database } from '../db/index.js';
import { COUNT_NEW_ROWS, INSERT_ROUND, roundBatch, roundParameter, rowCount, storedCounts, type RoundBatch } from './log-round.js';

/** Pure: the ack for a committed batch. */
function ackFor(batch: RoundBatch, stored: number): LogAck {
  return { fromSeq: batch.fromSeq, toSeq: batch.toSeq, stored, duplicates: batch.count - stored };
}

export interface LogIngestOptions {
  /**
   * A round stops taking batches once it holds this many rows (it always takes at least one). Smaller rounds start
   * committing sooner while a flood is still arriving, and hand out fewer acks at once; each costs one fsync.
   */
  readonly maxRoundRows?: number;
  /**
   * Acks handed out per turn of the event loop; each ack is published by its waiter before the loop moves on, and
   * written to its device's socket on the next turn (~50 µs each, both halves). 32 keeps a slice near 2 ms beside the
   * paced reads and decoding of the same turn (bench `ingest`, hub loop p99 ≤ 20 ms), and still acks thousands of
   * batches a second.
   */
  readonly acksPerTurn?: number;
  /** Lets the event loop run (timers, sockets) between slices of acks. */
  readonly yieldToLoop?: () => Promise<void>;
}

const DEFAULTS = {
  maxRoundRows: 20_000,
  acksPerTurn: 32,
  yieldToLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
} satisfies Required<LogIngestOptions>;

interface Pending extends RoundBatch {
  readonly resolve: (ack: LogAck) => void;
  readonly reject: (err: unknown) => void;
}

type Outcome = { readonly round: readonly Pending[] } & ({ readonly stored: readonly number[] } | { readonly error: unknown });

/** The optimistic insert met a row that was already stored (or twice in the round): roll back, count exactly, redo. */
class SomeDuplicate extends Error {}

/**
 * Group commit: batches that arrive while a commit is in flight share the next transaction, so thousands of devices
 * cost one fsync per round instead of one each. The next round goes to SQLite before the acks of the last one are
 * handed out, so the database works while the event loop publishes them.
 */
export class LogIngestor {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #options: Required<LogIngestOptions>;
  #waiting: Pending[] = [];
  #flushing: Promise<void> | undefined;

  constructor(db: Database, now: () => number = Date.now, options: LogIngestOptions = {}) {
    this.#db = db;
    this.#now = now;
    this.#options = { ...DEFAULTS, ...options };
  }

  submit(deviceId: string, entries: readonly PlaybackLog[]): Promise<LogAck> {
    return new Promise<LogAck>((resolve, reject) => {
      this.#waiting.push({ ...roundBatch(deviceId, entries), resolve, reject });
      this.#flushing ??= this.#drain();
    });
  }

  /** Resolves once everything submitted so far is committed. */
  async idle(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
  }

  async #drain(): Promise<void> {
    let committing = this.#nextRound();
    while (committing !== undefined) {
      const outcome = await committing;
      committing = this.#nextRound();
      await this.#settle(outcome);
      committing ??= this.#nextRound();
    }
    this.#flushing = undefined;
  }

  #nextRound(): Promise<Outcome> | undefined {
    if (this.#waiting.length === 0) return undefined;
    let rows = 0;
    let taken = 0;
    while (taken < this.#waiting.length && (taken === 0 || rows < this.#options.maxRoundRows)) {
      rows += this.#waiting[taken]!.count;
      taken++;
    }
    const round = this.#waiting.splice(0, taken);
    return this.#store(round).then(
      (stored): Outcome => ({ round, stored }),
      (error: unknown): Outcome => ({ round, error }),
    );
  }

  /** Stored rows per batch, committed. Rows are read once, by SQLite, from one JSON parameter per round. */
  async #store(round: readonly Pending[]): Promise<readonly number[]> {
    const params = [this.#now(), roundParameter(round)];
    const rows = rowCount(round);
    try {
      // Fast path: when the insert changes every row, every batch stored all of its entries.
      return await this.#db.transaction(async (tx) => {
        if ((await tx.run(INSERT_ROUND, params)).changes !== rows) throw new SomeDuplicate();
        return round.map((b) => b.count);
      }, { durable: true });
    } catch (err) {
      if (!(err instanceof SomeDuplicate)) throw err;
    }
    // A resend (or a repeat inside the round): count per batch first, then insert, in one transaction.
    return this.#db.transaction(async (tx) => {
      const counts = storedCounts(round.length, await tx.all<{ i: number; n: number }>(COUNT_NEW_ROWS, params));
      await tx.run(INSERT_ROUND, params);
      return counts;
    }, { durable: true });
  }

  /** Acks in slices, so a round of thousands does not hold the event loop while their publishes go out. */
  async #settle(outcome: Outcome): Promise<void> {
    const { round } = outcome;
    const step = this.#options.acksPerTurn;
    for (let i = 0; i < round.length; i += step) {
      if (i > 0) await this.#options.yieldToLoop();
      for (let k = i; k < Math.min(i + step, round.length); k++) {
        const p = round[k]!;
        if ('error' in outcome) p.reject(outcome.error);
        else p.resolve(ackFor(p, outcome.stored[k]!));
      }
    }
  }
}
