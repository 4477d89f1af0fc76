// Carries the time exchange out over the link: a few requests one after another (each waits for its reply or a
// timeout), then the clock takes the best. A reply is only accepted for a t0 this agent sent and is still waiting on,
// since the time topic is not signed.
import type { TimeRequest, TimeResponse } from '@tinnguon/protocol';
import type { AgentTimers } from '../runtime/agent-timers.js';
import type { HubClock } from './hub-clock.js';
import { sampleOf, type TimeSample } from './ntp-sample.js';

export interface TimeSyncOptions {
  readonly clock: HubClock;
  readonly send: (request: TimeRequest) => Promise<void>;
  readonly timers: AgentTimers;
  /** Exchanges per round. */
  readonly samples: number;
  readonly timeoutMs?: number;
}

interface Waiting {
  readonly t0: number;
  readonly resolve: (sample: TimeSample | undefined) => void;
}

export class TimeSync {
  readonly #options: TimeSyncOptions;
  #waiting: Waiting | undefined;
  #round: Promise<boolean> | undefined;

  constructor(options: TimeSyncOptions) {
    this.#options = options;
  }

  /** One round; resolves whether the clock took a sample. Concurrent calls share the round in flight. */
  sync(signal?: AbortSignal): Promise<boolean> {
    this.#round ??= this.#run(signal).finally(() => (this.#round = undefined));
    return this.#round;
  }

  /** A reply from the hub's time topic. */
  receive(response: TimeResponse): void {
    const waiting = this.#waiting;
    if (waiting === undefined || waiting.t0 !== response.t0) return;
    this.#waiting = undefined;
    waiting.resolve(sampleOf(response.t0, response.t1, response.t2, this.#options.clock.monotonic()));
  }

  /** Abandons a round in flight (link lost, agent stopping). */
  cancel(): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve(undefined);
  }

  async #run(signal?: AbortSignal): Promise<boolean> {
    const samples: TimeSample[] = [];
    for (let i = 0; i < this.#options.samples && signal?.aborted !== true; i++) {
      const sample = await this.#exchange();
      if (sample !== undefined) samples.push(sample);
    }
    return this.#options.clock.accept(samples);
  }

  async #exchange(): Promise<TimeSample | undefined> {
    const { timers, clock, timeoutMs = 3000 } = this.#options;
    const t0 = clock.monotonic();
    const reply = new Promise<TimeSample | undefined>((resolve) => (this.#waiting = { t0, resolve }));
    const timer = timers.setTimeout(() => this.#waiting?.t0 === t0 && this.cancel(), timeoutMs);
    try {
      await this.#options.send({ t0 });
    } catch {
      this.cancel();
    }
    const sample = await reply;
    timers.clearTimeout(timer);
    return sample;
  }
}
