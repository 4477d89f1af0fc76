// Playback logs go up in batches and leave the journal only on the hub's application ack, which the hub sends after
// the rows are committed (design.md §8: Aedes acks QoS 1 before the hub has stored anything). One batch in flight; a
// lost ack or a dropped link means the batch is sent again, which the hub stores once by (device, seq).
import type { LogAck, LogBatch, PlaybackLog } from '@tinnguon/protocol';
import { fullJitterDelay, type BackoffPolicy } from '../link/backoff.js';
import type { AgentTimers } from './agent-timers.js';

export interface UploadJournal {
  pending(limit?: number): PlaybackLog[];
  acknowledge(fromSeq: number, toSeq: number): Promise<number>;
}

export interface LogUploaderOptions {
  readonly journal: UploadJournal;
  readonly publish: (batch: LogBatch) => Promise<void>;
  readonly connected: () => boolean;
  readonly timers: AgentTimers;
  readonly ackTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly random?: () => number;
  readonly onError: (err: unknown, context: string) => void;
}

export interface UploadStats {
  readonly batchesSent: number;
  readonly entriesAcked: number;
  readonly retries: number;
}

export class LogUploader {
  readonly #o: LogUploaderOptions;
  #inflight: { from: number; to: number } | undefined;
  #timer: unknown;
  #failures = 0;
  #running = false;
  #batchesSent = 0;
  #entriesAcked = 0;
  #retries = 0;

  constructor(options: LogUploaderOptions) {
    this.#o = options;
  }

  start(): void {
    this.#running = true;
    this.kick();
  }

  stop(): void {
    this.#running = false;
    this.#clearTimer();
    this.#inflight = undefined;
  }

  stats(): UploadStats {
    return { batchesSent: this.#batchesSent, entriesAcked: this.#entriesAcked, retries: this.#retries };
  }

  /** Something new is durable, or the link came up: send if nothing is in flight. */
  kick(): void {
    if (!this.#running || this.#inflight !== undefined || this.#timer !== undefined || !this.#o.connected()) return;
    const batch = this.#o.journal.pending();
    const first = batch[0];
    const last = batch[batch.length - 1];
    if (first === undefined || last === undefined) return;
    const inflight = { from: first.seq, to: last.seq };
    this.#inflight = inflight;
    this.#batchesSent++;
    this.#timer = this.#o.timers.setTimeout(() => this.#retry(inflight, 'no ack'), this.#o.ackTimeoutMs);
    this.#o.publish({ entries: batch }).catch((err: unknown) => this.#retry(inflight, (err as Error).message));
  }

  /** The link came back: a batch in flight on the old connection is resent now, not after its timeout. */
  connected(): void {
    this.#clearTimer();
    this.#inflight = undefined;
    this.#failures = 0;
    this.kick();
  }

  /** The hub's ack: whatever range it names is committed there, even a late ack of an earlier send. */
  async acknowledged(ack: LogAck): Promise<void> {
    try {
      this.#entriesAcked += await this.#o.journal.acknowledge(ack.fromSeq, ack.toSeq);
    } catch (err) {
      this.#o.onError(err, 'log ack');
    }
    const inflight = this.#inflight;
    if (inflight !== undefined && ack.fromSeq <= inflight.from && ack.toSeq >= inflight.to) {
      this.#clearTimer();
      this.#inflight = undefined;
      this.#failures = 0;
      this.kick();
    }
  }

  #retry(inflight: { from: number; to: number }, why: string): void {
    if (this.#inflight !== inflight) return;
    this.#clearTimer();
    this.#inflight = undefined;
    this.#retries++;
    const delay = fullJitterDelay(this.#failures++, this.#o.backoff, this.#o.random);
    this.#o.onError(new Error(`log batch ${inflight.from}..${inflight.to}: ${why}; retry in ${delay} ms`), 'log upload');
    if (!this.#running) return;
    this.#timer = this.#o.timers.setTimeout(() => {
      this.#timer = undefined;
      this.kick();
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    this.#o.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
