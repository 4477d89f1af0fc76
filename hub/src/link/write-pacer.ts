// Keeps replaceable writes from crowding the database's one write queue. Every device reports its presence when it
// connects: after a hub restart that is 10,000 transactions at once (issue 8, bench `reconnect`), and the queue is
// first-come, first-served, so a write somebody is waiting on (a manifest version, which must be durable before
// the manifest leaves; a playback-log batch before its ack) waited behind all of them. Paced, at most `limit` such
// writes are queued at a time; the rest wait here, in order, and are written as the queue frees up.

export class WritePacer {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #idle: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  /** Runs `write` once fewer than `limit` paced writes are under way; writes start in the order they were given. */
  async run<T>(write: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active += 1;
    try {
      return await write();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next writer, so a newcomer cannot overtake those already waiting.
      if (next === undefined) this.#active -= 1;
      else next();
      if (this.#active === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** Resolves once every write handed to run() so far has settled (before the database closes). */
  idle(): Promise<void> {
    return this.#active === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Writes waiting for a slot (for metrics and tests). */
  get waiting(): number {
    return this.#waiting.length;
  }
}
