// Lookups by key made in the same turn of the event loop, answered by one read. After a hub restart thousands of
// devices authenticate within seconds, twice each (MQTT CONNECT, then the manifest over HTTP), and with the sqlite3
// driver every statement is a round trip through the thread pool that costs more than the row (issue 8, bench
// `reconnect`). Here the keys asked for in one turn go to the database as one SELECT … IN; and while one read is under
// way the next gathers every key asked for meanwhile, so the busier the hub, the larger and fewer the reads (one key
// alone costs a plain `id = ?`, and the database has one reader connection, so a second read in flight would only
// queue there).
//
// Freshness: nothing is cached between turns. A read begins only after every call it answers was made, so each
// caller sees every write committed before it asked, exactly as with its own SELECT: a device revoked a moment ago
// is refused on its very next attempt.

/** Schedules the read at the end of this turn of the event loop (after the I/O callbacks that made the calls). */
export type Schedule = (fn: () => void) => void;

const endOfTurn: Schedule = (fn) => void setImmediate(fn);

interface Pending<V> {
  readonly resolve: (value: V | undefined) => void;
  readonly reject: (err: unknown) => void;
}

export class BatchedLookup<V> {
  readonly #read: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>;
  readonly #maxKeys: number;
  readonly #schedule: Schedule;
  #batch = new Map<string, Pending<V>[]>();
  /** Full batches and the open one, waiting for the read under way to settle. */
  readonly #queued: Map<string, Pending<V>[]>[] = [];
  #reading = false;

  /**
   * `read` answers a set of distinct keys (at most `maxKeys` at once) with the rows found; a key it leaves out
   * resolves undefined.
   */
  constructor(read: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>, maxKeys: number, schedule: Schedule = endOfTurn) {
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new RangeError(`maxKeys must be a positive integer, got ${maxKeys}`);
    this.#read = read;
    this.#maxKeys = maxKeys;
    this.#schedule = schedule;
  }

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const batch = this.#batch;
      if (batch.size === 0) this.#schedule(() => this.#ready(batch));
      const waiting = batch.get(key);
      if (waiting === undefined) batch.set(key, [{ resolve, reject }]);
      else waiting.push({ resolve, reject });
      if (batch.size >= this.#maxKeys) this.#batch = new Map();
    });
  }

  /** The turn that opened `batch` is over: read it now, or after the read under way (it may still grow till then). */
  #ready(batch: Map<string, Pending<V>[]>): void {
    this.#queued.push(batch);
    if (!this.#reading) this.#next();
  }

  #next(): void {
    const batch = this.#queued.shift();
    if (batch === undefined) {
      this.#reading = false;
      return;
    }
    this.#reading = true;
    if (this.#batch === batch) this.#batch = new Map();
    void this.#flush(batch).finally(() => this.#next());
  }

  async #flush(batch: Map<string, Pending<V>[]>): Promise<void> {
    const keys = [...batch.keys()];
    let rows: Promise<ReadonlyMap<string, V>>;
    try {
      rows = this.#read(keys);
    } catch (err) {
      rows = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    try {
      const found = await rows;
      for (const [key, waiting] of batch) for (const p of waiting) p.resolve(found.get(key));
    } catch (err) {
      for (const waiting of batch.values()) for (const p of waiting) p.reject(err);
    }
  }
}
