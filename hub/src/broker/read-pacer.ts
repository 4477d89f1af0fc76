// Inbound MQTT bytes of every connection, handed to the parser a few milliseconds' worth per turn of the event loop
// (issue 8, bench `ingest`: hub event-loop p99 ≤ 20 ms). libuv runs the read callback of every socket that is ready
// in one poll phase, and Aedes parses and handles every packet of a read inside it (aedes lib/client.js `nextBatch`:
// `parse(conn.read(null))`; each QoS 1 PUBLISH is authorised and its PUBACK written there): 200 devices sending log
// batches at once held the loop 20–50 ms per poll phase. With the pacer a read only queues its bytes and pauses its
// socket; the bytes reach Aedes later, one connection after another, until the turn's budget is spent. A paused
// socket is not read, so its kernel receive window fills and TCP flow control holds the device back: the hub buffers
// at most about one socket read per connection.

/** A connection with inbound bytes waiting for their turn. */
export interface PacedReader {
  /** Hands the waiting bytes to the parser; a no-op once the connection is gone. */
  deliverPaced(): void;
}

export interface ReadPacerOptions {
  /** Wall time one turn may spend handing bytes over, including the parsing and handling they set off. */
  readonly budgetMs?: number;
  /** Monotonic milliseconds. */
  readonly now?: () => number;
  /** Runs `fn` on a later turn of the event loop, after the poll phase (so after the timers it let through). */
  readonly nextTurn?: (fn: () => void) => void;
  /**
   * Runs `fn` once the work a delivery queued as next-ticks has run: a Readable announces pushed bytes on a next
   * tick, and Aedes parses them there, so a delivery's cost is known only after its ticks.
   */
  readonly afterTicks?: (fn: () => void) => void;
  /** Hears of a delivery that threw; the pacer goes on with the next (style.md §8). */
  readonly onError?: (err: unknown) => void;
}

/**
 * 2 ms: the hub's event-loop metric samples a 10 ms timer, so a turn must stay well under 10 ms for its p99 to stay
 * under 20 ms, and the log decoding (logs/budgeted-queue.ts), the acks and Aedes' own immediates share the turn.
 * Bench `ingest`, alternating runs: 2 ms gave a loop p99 of 19.9 / 27.6 ms where 3 ms gave 24.7 / 33.8 ms, at the
 * same rate (126–142k rows/s).
 */
export const READ_BUDGET_MS = 2;

const DEFAULTS = {
  budgetMs: READ_BUDGET_MS,
  now: () => performance.now(),
  nextTurn: (fn: () => void) => void setImmediate(fn),
  afterTicks: (fn: () => void) => process.nextTick(fn),
  onError: () => undefined,
} satisfies Required<ReadPacerOptions>;

/** Delivers waiting readers in arrival order, at most `budgetMs` of them per turn, and always at least one. */
export class ReadPacer {
  readonly #options: Required<ReadPacerOptions>;
  #queue: (PacedReader | undefined)[] = [];
  #head = 0;
  #scheduled = false;
  #until = 0;

  constructor(options: ReadPacerOptions = {}) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /** Readers waiting for a turn. */
  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  /** The reader is delivered on a later turn, never inside this call; enqueue it once per batch of waiting bytes. */
  enqueue(reader: PacedReader): void {
    this.#queue.push(reader);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#options.nextTurn(this.#turn);
  }

  readonly #turn = (): void => {
    this.#until = this.#options.now() + this.#options.budgetMs;
    this.#deliverNext();
  };

  readonly #step = (): void => {
    if (this.waiting > 0 && this.#options.now() >= this.#until) {
      if (this.#head > 4096) {
        // A flood that never empties the queue must not keep every reader it ever delivered.
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      this.#options.nextTurn(this.#turn);
      return;
    }
    this.#deliverNext();
  };

  /** One reader, then the step after its ticks; the first of a turn goes whatever the clock says. */
  #deliverNext(): void {
    if (this.waiting === 0) {
      this.#queue = [];
      this.#head = 0;
      this.#scheduled = false;
      return;
    }
    const reader = this.#queue[this.#head];
    this.#queue[this.#head++] = undefined;
    try {
      reader?.deliverPaced();
    } catch (err) {
      this.#options.onError(err);
    }
    this.#options.afterTicks(this.#step);
  }
}
