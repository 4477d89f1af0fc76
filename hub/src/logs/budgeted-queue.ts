// Work that arrives in floods, done a slice at a time so the event loop keeps turning (bench `ingest`, issue 8).
// Aedes runs each QoS 1 publish on from its own setImmediate after the PUBACK (aedes lib/handlers/publish.js), and
// Node runs every immediate queued by one poll phase in the next check phase: 200 devices each sending a socket read
// of log batches queued hundreds of decodes into one phase, and the loop stood still for 0.3–2 s. SQLite's completions,
// timers and every other device waited behind it.

export interface BudgetedQueueOptions {
  /** Wall time one slice may take before the queue yields; a job is never cut short. */
  readonly budgetMs?: number;
  /** Monotonic milliseconds. */
  readonly now?: () => number;
  /** Lets the event loop turn between slices. */
  readonly yieldToLoop?: () => Promise<void>;
}

const DEFAULTS = {
  budgetMs: 4,
  now: () => performance.now(),
  yieldToLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
} satisfies Required<BudgetedQueueOptions>;

/** Runs synchronous jobs in arrival order, at most `budgetMs` of them per turn of the event loop. */
export class BudgetedQueue {
  readonly #options: Required<BudgetedQueueOptions>;
  readonly #onError: (err: unknown) => void;
  #jobs: ((() => void) | undefined)[] = [];
  #head = 0;
  #running: Promise<void> | undefined;

  /** `onError` hears of a job that threw; the queue goes on with the next (style.md §8). */
  constructor(onError: (err: unknown) => void, options: BudgetedQueueOptions = {}) {
    this.#onError = onError;
    this.#options = { ...DEFAULTS, ...options };
  }

  /** Jobs waiting for a slice. */
  get length(): number {
    return this.#jobs.length - this.#head;
  }

  /** The job runs on a later turn, never inside this call: a slice per turn, not one per caller. */
  push(job: () => void): void {
    this.#jobs.push(job);
    this.#running ??= this.#run();
  }

  /** Resolves once every job pushed so far has run. */
  async drained(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #run(): Promise<void> {
    const { budgetMs, now, yieldToLoop } = this.#options;
    for (;;) {
      await yieldToLoop();
      const until = now() + budgetMs;
      do this.#runOne();
      while (this.length > 0 && now() < until);
      if (this.length === 0) break;
      if (this.#head > 4096) {
        // A flood that never lets the queue empty must not keep every job it ever ran.
        this.#jobs = this.#jobs.slice(this.#head);
        this.#head = 0;
      }
    }
    this.#jobs = [];
    this.#head = 0;
    this.#running = undefined;
  }

  #runOne(): void {
    const job = this.#jobs[this.#head];
    this.#jobs[this.#head++] = undefined;
    try {
      job?.();
    } catch (err) {
      this.#onError(err);
    }
  }
}
