// Presence changes written in batches. After a hub restart every device reports 'online' within seconds (issue 8,
// bench `reconnect`): one transaction each was 10,000 transactions, four driver round trips apiece, on the
// database's one writer. Here the changes that arrive while a batch waits for its turn in the write pacer
// (write-pacer.ts) join it, and the whole batch is one transaction (DeviceRepository.setPresenceMany).
//
// Order: batches start in the order they were opened and the database writes them in that order, and a batch keeps
// its changes in arrival order, so a device's last reported state is the one that stays.
import type { PresenceChange } from '../devices/device-repository.js';
import type { WritePacer } from './write-pacer.js';

/** When the open batch is handed to the pacer: at the end of this turn, after the I/O callbacks that filled it. */
export type Schedule = (fn: () => void) => void;

const endOfTurn: Schedule = (fn) => void setImmediate(fn);

interface Batch {
  readonly changes: PresenceChange[];
  readonly settled: Promise<void>;
}

export class PresenceBatcher {
  readonly #write: (changes: readonly PresenceChange[]) => Promise<void>;
  readonly #pacer: WritePacer;
  readonly #maxBatch: number;
  readonly #schedule: Schedule;
  /** The batch not yet begun: new changes join it. */
  #open: Batch | undefined;

  constructor(write: (changes: readonly PresenceChange[]) => Promise<void>, pacer: WritePacer, maxBatch: number, schedule: Schedule = endOfTurn) {
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    this.#write = write;
    this.#pacer = pacer;
    this.#maxBatch = maxBatch;
    this.#schedule = schedule;
  }

  /** Resolves once the transaction holding this change has committed; rejects with its error. */
  record(change: PresenceChange): Promise<void> {
    const open = this.#open !== undefined && this.#open.changes.length < this.#maxBatch ? this.#open : this.#begin();
    open.changes.push(change);
    return open.settled;
  }

  /** Resolves once every change recorded so far has been written or has failed (before the database closes). */
  async idle(): Promise<void> {
    await this.#open?.settled.catch(() => undefined);
    await this.#pacer.idle();
  }

  #begin(): Batch {
    const changes: PresenceChange[] = [];
    let start: () => void = () => undefined;
    const begun = new Promise<void>((resolve) => (start = resolve));
    const batch: Batch = {
      changes,
      settled: begun.then(() =>
        this.#pacer.run(() => {
          // From here on the batch is closed: later changes open the next one.
          if (this.#open === batch) this.#open = undefined;
          return this.#write(changes);
        }),
      ),
    };
    this.#open = batch;
    this.#schedule(start);
    return batch;
  }
}
