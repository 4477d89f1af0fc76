// Group commit for append-only files on SD cards: writes that arrive within a few milliseconds share one write and
// one fsync, which is what wears flash and costs time, instead of one each.

interface Waiter<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class GroupCommit<T> {
  readonly #flush: (items: T[]) => Promise<void>;
  readonly #windowMs: number;
  #batch: Waiter<T>[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;

  /** `flush` writes and syncs one batch, in the order added; one flush runs at a time. */
  constructor(flush: (items: T[]) => Promise<void>, windowMs: number) {
    this.#flush = flush;
    this.#windowMs = windowMs;
  }

  /** Resolves once the batch holding `item` is durable; rejects with that batch's error. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#batch.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  get waiting(): number {
    return this.#batch.length;
  }

  /** Flushes everything added so far without waiting for the window (shutdown). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.#flushing !== null) await this.#flushing;
      else if (this.#batch.length > 0) this.#start();
      else return;
    }
  }

  #schedule(): void {
    if (this.#timer !== null || this.#flushing !== null) return;
    this.#timer = setTimeout(() => this.#start(), this.#windowMs);
  }

  #start(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#batch;
    this.#batch = [];
    this.#flushing = this.#flush(batch.map((w) => w.item))
      .then(
        () => batch.forEach((w) => w.resolve()),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.#flushing = null;
        if (this.#batch.length > 0) this.#schedule();
      });
  }
}
