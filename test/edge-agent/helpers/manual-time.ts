// A clock and timers the test moves by hand: nothing fires until `advance`, and then in due order. The fake throws
// on a negative advance rather than pretending time went back (that is the wall clock's job, `jump`).
export class ManualTime {
  #wall: number;
  #mono = 0;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #nextId = 1;

  constructor(wallStart: number) {
    this.#wall = wallStart;
  }

  readonly clock = { now: (): number => this.#wall, monotonic: (): number => this.#mono };

  readonly timers = {
    setTimeout: (fn: () => void, ms: number): unknown => {
      const id = this.#nextId++;
      this.#timers.set(id, { at: this.#mono + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (handle: unknown): void => {
      this.#timers.delete(handle as number);
    },
  };

  get pending(): number {
    return this.#timers.size;
  }

  /** Moves both clocks forward, firing due timers in order (each sees the time it was due at). */
  advance(ms: number): void {
    if (ms < 0) throw new Error('ManualTime.advance cannot go back; use jump()');
    const end = this.#mono + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (due === undefined) break;
      const [id, timer] = due;
      this.#wall += timer.at - this.#mono;
      this.#mono = timer.at;
      this.#timers.delete(id);
      timer.fn();
    }
    this.#wall += end - this.#mono;
    this.#mono = end;
  }

  /** Steps the wall clock only, as `date -s` would. */
  jump(ms: number): void {
    this.#wall += ms;
  }
}
