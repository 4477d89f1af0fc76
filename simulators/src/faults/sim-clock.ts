// A simulated device's clocks (the agent's AgentClock seam). The monotonic clock is the machine's; the wall clock is
// the machine's plus an offset that faults move: a jump steps it (a technician's `date -s`, an RTC-less Pi booting at
// its last shutdown time), a skew drifts it linearly over a ramp (a crystal running fast). `startAt` puts a whole
// fleet at a chosen local time, e.g. just before the 17:00 window (Điều 10), without touching the machine's clock.
import type { AgentClock } from '@tinnguon/edge-agent';

export interface TimeSource {
  wall(): number;
  mono(): number;
}

export const systemTime: TimeSource = { wall: () => Date.now(), mono: () => performance.now() };

interface Ramp {
  readonly fromMono: number;
  readonly overMs: number;
  readonly byMs: number;
}

export class SimClock implements AgentClock {
  readonly #time: TimeSource;
  #stepMs: number;
  #ramps: Ramp[] = [];

  /** `offsetMs`: the wall clock's offset from the machine's at start (0: the real time). */
  constructor(offsetMs = 0, time: TimeSource = systemTime) {
    this.#time = time;
    this.#stepMs = offsetMs;
  }

  now(): number {
    return this.#time.wall() + this.offsetMs();
  }

  monotonic(): number {
    return this.#time.mono();
  }

  /** The wall clock's current offset from the machine's, in ms. */
  offsetMs(): number {
    const mono = this.#time.mono();
    let offset = this.#stepMs;
    for (const r of this.#ramps) offset += r.overMs <= 0 ? r.byMs : r.byMs * Math.min(1, Math.max(0, (mono - r.fromMono) / r.overMs));
    return offset;
  }

  /** Steps the wall clock by `byMs` at once. */
  jump(byMs: number): void {
    this.#fold();
    this.#stepMs += byMs;
  }

  /** Drifts the wall clock by `byMs` over the next `overMs` (linearly). */
  skew(byMs: number, overMs: number): void {
    this.#fold();
    this.#ramps.push({ fromMono: this.#time.mono(), overMs, byMs });
  }

  /** Finished ramps become part of the step, so the list stays short over a long run. */
  #fold(): void {
    const mono = this.#time.mono();
    const done = this.#ramps.filter((r) => mono - r.fromMono >= r.overMs);
    for (const r of done) this.#stepMs += r.byMs;
    this.#ramps = this.#ramps.filter((r) => mono - r.fromMono < r.overMs);
  }
}

/** The offset that makes the wall clock read `hh:mm:ss` local time today in a zone `utcOffsetMin` east of UTC
 *  (Asia/Ho_Chi_Minh: +420, no daylight saving), relative to the machine's `nowMs`. */
export function offsetToLocalTime(hh: number, mm: number, ss: number, nowMs: number, utcOffsetMin = 420): number {
  const zone = utcOffsetMin * 60_000;
  const localMidnight = Math.floor((nowMs + zone) / 86_400_000) * 86_400_000 - zone;
  return localMidnight + ((hh * 60 + mm) * 60 + ss) * 1000 - nowMs;
}
