// When the loudspeakers' amplifier is powered: on for each play, off a little after the last one (a relay clicking
// between back-to-back items wears out and pops the speakers). The remote command (domain.md: vendors offer
// "amplifier on/off") holds it on for a technician's test, or hands it back to automatic; it can never keep it off
// during a play, since an emergency must be heard (Điều 8.1).
import type { Amplifier, AmplifierState } from '../audio/amplifier.js';
import type { AgentTimers } from './agent-timers.js';

export interface AmplifierControlOptions {
  readonly amplifier: Amplifier;
  readonly timers: AgentTimers;
  readonly offDelayMs: number;
  readonly onError: (err: unknown, context: string) => void;
}

export class AmplifierControl {
  readonly #o: AmplifierControlOptions;
  #users = 0;
  #held = false;
  #offTimer: unknown;

  constructor(options: AmplifierControlOptions) {
    this.#o = options;
  }

  get state(): AmplifierState {
    return this.#o.amplifier.state;
  }

  get held(): boolean {
    return this.#held;
  }

  /** Before a play. A failed switch is reported, and the play goes on: the amplifier may well be on. */
  async acquire(): Promise<void> {
    this.#users++;
    this.#cancelOff();
    await this.#set(true);
  }

  /** After a play. */
  release(): void {
    this.#users = Math.max(0, this.#users - 1);
    this.#scheduleOff();
  }

  /** The remote command: on = held on; off = automatic again (off now unless something plays). */
  async command(on: boolean): Promise<void> {
    this.#held = on;
    this.#cancelOff();
    if (on) await this.#o.amplifier.set(true);
    else if (this.#users === 0) await this.#o.amplifier.set(false);
  }

  /** Agent stop: off, whatever was held. */
  async shutdown(): Promise<void> {
    this.#cancelOff();
    this.#held = false;
    await this.#set(false);
  }

  #scheduleOff(): void {
    if (this.#users > 0 || this.#held) return;
    this.#cancelOff();
    this.#offTimer = this.#o.timers.setTimeout(() => {
      this.#offTimer = undefined;
      if (this.#users === 0 && !this.#held) void this.#set(false);
    }, this.#o.offDelayMs);
  }

  #cancelOff(): void {
    if (this.#offTimer === undefined) return;
    this.#o.timers.clearTimeout(this.#offTimer);
    this.#offTimer = undefined;
  }

  async #set(on: boolean): Promise<void> {
    if (this.#o.amplifier.state === (on ? 'on' : 'off')) return;
    try {
      await this.#o.amplifier.set(on);
    } catch (err) {
      this.#o.onError(err, `amplifier ${on ? 'on' : 'off'}`);
    }
  }
}
