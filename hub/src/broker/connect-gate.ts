// How many CONNECTs may be at their credential check at once, and what the rest do. After a hub restart every device
// connects within seconds (issue 8, bench `reconnect`): refusing the surplus at once with CONNACK 3 made each refused
// device double its back-off (full jitter, 1 s doubling), stretching a 10,000-device recovery to minutes. So a
// CONNECT past the limit waits, in arrival order, for a free slot, but only so many wait and only for so long:
// past either bound it is refused as before, so a flood of bad credentials costs the hub a bounded queue and a
// bounded delay, never memory or latency without end, and a valid device behind it gets in on a later try.

/** Timers behind a seam so the wait bound can be tested without waiting (style.md §5). */
export interface GateTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: GateTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ConnectGateLimits {
  /** Credential checks running at once. */
  readonly active: number;
  /** CONNECTs waiting for a slot at once; one more is refused at once. */
  readonly queued: number;
  /** How long one CONNECT may wait for a slot before it is refused. */
  readonly waitMs: number;
}

interface Waiter {
  readonly admit: (admitted: boolean) => void;
  timer: unknown;
}

export class ConnectGate {
  readonly #limits: ConnectGateLimits;
  readonly #timers: GateTimers;
  #active = 0;
  /** Arrival order; a waiter leaves it when admitted or timed out. */
  readonly #waiting = new Set<Waiter>();

  constructor(limits: ConnectGateLimits, timers: GateTimers = realTimers) {
    this.#limits = limits;
    this.#timers = timers;
  }

  /**
   * Resolves true once the caller holds a slot (it must call `leave()` exactly once afterwards), or false when the
   * queue is full or the wait ran out (the caller refuses the CONNECT; no slot is held).
   */
  enter(): Promise<boolean> {
    if (this.#active < this.#limits.active && this.#waiting.size === 0) {
      this.#active += 1;
      return Promise.resolve(true);
    }
    if (this.#waiting.size >= this.#limits.queued) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { admit: resolve, timer: undefined };
      waiter.timer = this.#timers.setTimeout(() => {
        if (this.#waiting.delete(waiter)) resolve(false);
      }, this.#limits.waitMs);
      this.#waiting.add(waiter);
    });
  }

  /** Frees a slot; it passes straight to the longest waiter, so a newcomer cannot overtake the queue. */
  leave(): void {
    const next = this.#waiting.values().next();
    if (next.done === true) {
      this.#active = Math.max(0, this.#active - 1);
      return;
    }
    const waiter = next.value;
    this.#waiting.delete(waiter);
    this.#timers.clearTimeout(waiter.timer);
    waiter.admit(true);
  }

  /** Checks under way (for tests and metrics). */
  get active(): number {
    return this.#active;
  }

  /** CONNECTs waiting for a slot (for tests and metrics). */
  get waiting(): number {
    return this.#waiting.size;
  }
}
