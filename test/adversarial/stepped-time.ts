// Simulated time for an agent (its AgentClock and AgentTimers seams): nothing moves until the test says so, and then
// time jumps from one due timer to the next, so three simulated days pass in seconds while every timer still fires at
// its own instant and sees that instant. Like test/edge-agent/helpers/manual-time.ts, plus `nextDue()` — which lets
// the test stop at each timer and let the agent's real I/O (journal fsync, decoding) finish before time moves on.
import type { AgentClock } from '../../edge-agent/src/clock/hub-clock.js';
import type { AgentTimers } from '../../edge-agent/src/runtime/agent-timers.js';

export class SteppedTime {
  #wall: number;
  #mono = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();
  #nextId = 1;
  fired = 0;

  constructor(wallStart: number) {
    this.#wall = wallStart;
  }

  readonly clock: AgentClock = { now: () => this.#wall, monotonic: () => this.#mono };

  readonly timers: AgentTimers = {
    setTimeout: (fn, ms) => {
      const id = this.#nextId++;
      this.#timers.set(id, { at: this.#mono + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (handle) => {
      this.#timers.delete(handle as number);
    },
  };

  /** Monotonic ms of the earliest pending timer, if any. */
  nextDue(): number | undefined {
    let at: number | undefined;
    for (const t of this.#timers.values()) if (at === undefined || t.at < at) at = t.at;
    return at;
  }

  get monotonic(): number {
    return this.#mono;
  }

  /** Fires the earliest timer due no later than `limitMono` (moving both clocks to it), or moves to `limitMono` if
   *  none is due by then. Returns whether a timer fired. Never goes back: a limit in the past does nothing. */
  step(limitMono: number): boolean {
    if (limitMono < this.#mono) return false;
    let due: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of this.#timers.entries()) if (entry[1].at <= limitMono && (due === undefined || entry[1].at < due[1].at || (entry[1].at === due[1].at && entry[0] < due[0]))) due = entry;
    // A timer set in the past (ms < 0 is clamped, but one may be due before a step the caller already took) fires now.
    const to = Math.max(this.#mono, due === undefined ? limitMono : due[1].at);
    this.#wall += to - this.#mono;
    this.#mono = to;
    if (due === undefined) return false;
    this.#timers.delete(due[0]);
    this.fired += 1;
    due[1].fn();
    return true;
  }
}
