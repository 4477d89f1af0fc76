/**
 * Runs jobs strictly one after another. The hub has one writer connection, and SQLite transactions are
 * per-connection: two interleaved BEGIN...COMMIT sequences on it would merge into one. A failed job does not stop
 * the ones behind it.
 */
export class WriteQueue {
  #tail: Promise<unknown> = Promise.resolve();

  push<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every job pushed so far has settled. */
  async drained(): Promise<void> {
    await this.#tail;
  }
}
