// The agent's idea of the hub's time. Once a time exchange succeeds, hub time is kept on the monotonic clock
// (hubNow = monotonic + offset), so a wall-clock step — an NTP correction, a technician's `date -s` — moves nothing
// that is scheduled, and every speaker of an area that synced with the same hub starts its slot together (design.md
// §11, synchronised start). Before that, hub time is the wall clock, trusted only as clockTrust says.
import { existsSync } from 'node:fs';
import { clockTrust, type ClockTrust } from './clock-trust.js';
import { bestSample, preferredSample, type TimeSample } from './ntp-sample.js';

/** Wall and monotonic time in ms; tests and simulators inject their own. */
export interface AgentClock {
  now(): number;
  monotonic(): number;
}

export const systemAgentClock: AgentClock = { now: () => Date.now(), monotonic: () => performance.now() };

/** systemd-timesyncd creates this file once it has synchronised the system clock (systemd-timesyncd.service(8)). */
export const TIMESYNCD_FLAG = '/run/systemd/timesync/synchronized';

export interface HubClockOptions {
  readonly clock?: AgentClock;
  readonly notBefore: number;
  readonly trustSystemNtp?: boolean;
  readonly systemNtpSynced?: () => boolean;
  readonly jumpThresholdMs?: number;
}

export interface ClockStatus {
  readonly trusted: boolean;
  /** Hub time minus this device's wall clock; null before the first exchange. */
  readonly offsetMs: number | null;
  readonly rttMs: number | null;
}

const OS_CHECK_EVERY_MS = 60_000;

export class HubClock {
  readonly #clock: AgentClock;
  readonly #notBefore: number;
  readonly #trustSystemNtp: boolean;
  readonly #systemNtpSynced: () => boolean;
  readonly #jumpThresholdMs: number;
  #sample: TimeSample | undefined;
  #osSynced = false;
  #osCheckedAt = Number.NEGATIVE_INFINITY;
  #wallMinusMono: number | undefined;

  constructor(options: HubClockOptions) {
    this.#clock = options.clock ?? systemAgentClock;
    this.#notBefore = options.notBefore;
    this.#trustSystemNtp = options.trustSystemNtp ?? false;
    this.#systemNtpSynced = options.systemNtpSynced ?? (() => existsSync(TIMESYNCD_FLAG));
    this.#jumpThresholdMs = options.jumpThresholdMs ?? 2000;
  }

  /** Hub time in whole ms (log entries and heartbeats carry integer instants). */
  now(): number {
    const sample = this.#sample;
    return Math.floor(sample === undefined ? this.#clock.now() : this.#clock.monotonic() + sample.offsetMs);
  }

  /** The device's own clocks, for the time exchange's t0 and t3. */
  monotonic(): number {
    return this.#clock.monotonic();
  }

  get synced(): boolean {
    return this.#sample !== undefined;
  }

  /** Takes the best of one round of samples, or keeps the one held when it is still better (preferredSample);
   *  resolves whether the round gave a sample. */
  accept(samples: readonly TimeSample[]): boolean {
    const best = bestSample(samples);
    if (best === undefined) return false;
    this.#sample = preferredSample(this.#sample, best, this.#clock.monotonic());
    return true;
  }

  trust(): ClockTrust {
    return clockTrust({
      syncedWithHub: this.#sample !== undefined,
      trustSystemNtp: this.#trustSystemNtp,
      systemNtpSynced: this.#trustSystemNtp && this.#osSyncedNow(),
      now: this.now(),
      notBefore: this.#notBefore,
    });
  }

  get trusted(): boolean {
    return this.trust().trusted;
  }

  status(): ClockStatus {
    const sample = this.#sample;
    if (sample === undefined) return { trusted: this.trusted, offsetMs: null, rttMs: null };
    const offsetMs = Math.round((this.#clock.monotonic() + sample.offsetMs - this.#clock.now()) * 10) / 10;
    return { trusted: this.trusted, offsetMs, rttMs: Math.round(sample.rttMs * 10) / 10 };
  }

  /** The wall clock's step since the last call, when it exceeds the threshold (design.md §11: a clock that jumps);
   *  otherwise 0. The first call only takes the baseline. */
  detectJump(): number {
    const now = this.#clock.now() - this.#clock.monotonic();
    const before = this.#wallMinusMono;
    this.#wallMinusMono = now;
    if (before === undefined) return 0;
    const step = now - before;
    return Math.abs(step) > this.#jumpThresholdMs ? Math.round(step) : 0;
  }

  #osSyncedNow(): boolean {
    const mono = this.#clock.monotonic();
    if (mono - this.#osCheckedAt >= OS_CHECK_EVERY_MS) {
      this.#osCheckedAt = mono;
      try {
        this.#osSynced = this.#systemNtpSynced();
      } catch {
        this.#osSynced = false;
      }
    }
    return this.#osSynced;
  }
}
