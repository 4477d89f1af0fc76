// Sends a heartbeat every settings.heartbeatSec while connected (the hub's console marks a device stale without them).
// One timer; a heartbeat that fails to go out is simply skipped — the next one carries the same facts, fresher.
import type { Heartbeat } from '@tinnguon/protocol';
import type { AgentTimers } from '../runtime/agent-timers.js';

export interface HeartbeatReporterOptions {
  readonly timers: AgentTimers;
  readonly intervalSec: () => number;
  readonly connected: () => boolean;
  readonly collect: () => Promise<Heartbeat>;
  readonly send: (heartbeat: Heartbeat) => Promise<void>;
  readonly onError: (err: unknown, context: string) => void;
}

export class HeartbeatReporter {
  readonly #o: HeartbeatReporterOptions;
  #timer: unknown;
  #running = false;
  #sent = 0;

  constructor(options: HeartbeatReporterOptions) {
    this.#o = options;
  }

  get sent(): number {
    return this.#sent;
  }

  start(): void {
    this.#running = true;
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    this.#o.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Sends one now (on connect, so the console is current at once) and restarts the interval. */
  async beat(): Promise<void> {
    if (this.#o.connected()) {
      try {
        await this.#o.send(await this.#o.collect());
        this.#sent++;
      } catch (err) {
        this.#o.onError(err, 'heartbeat');
      }
    }
    this.#arm();
  }

  #arm(): void {
    this.#o.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#running) return;
    this.#timer = this.#o.timers.setTimeout(() => void this.beat(), Math.max(5, this.#o.intervalSec()) * 1000);
  }
}
