// One database read shared by everyone who asks for the same thing at about the same time, never older than the
// asking. A fleet reconnecting (issue 8, bench `reconnect`) makes thousands of credential checks and manifest requests
// a second, and each read the whole area tree and the published bulletins through the hub's one reader connection,
// where they queue behind each other. With this, that is one read in flight and one waiting, whatever the demand.
//
// Freshness: a caller is never handed a read that began before its call, so it sees every write committed before
// it asked, exactly as if it had read alone (a doorbell rung after a commit leads to a manifest with the change).
// So a caller that arrives while a read is under way waits for the next one, which all such callers share.

export class SharedRead<T> {
  readonly #load: () => Promise<T>;
  /** The read under way, begun before anyone now arriving asked. */
  #running: Promise<T> | undefined;
  /** The read that begins once the running one settles; everyone arriving meanwhile shares it. */
  #next: Promise<T> | undefined;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  read(): Promise<T> {
    if (this.#next !== undefined) return this.#next;
    const running = this.#running;
    if (running === undefined) return this.#begin();
    const next = running.then(
      () => this.#begin(),
      () => this.#begin(),
    );
    this.#next = next;
    return next;
  }

  #begin(): Promise<T> {
    this.#next = undefined;
    let read: Promise<T>;
    try {
      read = this.#load();
    } catch (err) {
      read = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.#running = read;
    const settled = (): void => {
      if (this.#running === read) this.#running = undefined;
    };
    read.then(settled, settled);
    return read;
  }
}
