// Group commit: writes that arrive while one transaction is committing go out together in the next. A fleet
// resyncing after a hub restart (issue 8, bench `reconnect`) signs thousands of new manifests a second, and each
// version must be durable before its manifest leaves the hub; one fsync per manifest, queued behind every other
// write, held each request for seconds. With this there is one commit in flight and one gathering.

export class BatchedWrite<T> {
  readonly #commit: (items: readonly T[]) => Promise<void>;
  #gathering: T[] = [];
  /** The commit that will carry what is gathering; it starts once the running one has settled. */
  #next: Promise<void> | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(commit: (items: readonly T[]) => Promise<void>) {
    this.#commit = commit;
  }

  /** Resolves once `items` are committed (with whatever else was gathered); rejects if that commit fails. */
  write(items: readonly T[]): Promise<void> {
    this.#gathering.push(...items);
    if (this.#next !== undefined) return this.#next;
    const next = this.#running.then(() => this.#flush());
    this.#next = next;
    // The chain must outlive a failed commit: the next batch is not the failed one's.
    this.#running = next.catch(() => undefined);
    return next;
  }

  #flush(): Promise<void> {
    const batch = this.#gathering;
    this.#gathering = [];
    this.#next = undefined;
    return this.#commit(batch);
  }
}
