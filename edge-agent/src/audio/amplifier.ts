// The loudspeaker cluster's power amplifier, switched on for a broadcast and off after it (remote "amplifier on/off"
// and amplifier faults are vendor features officials expect, domain.md). A failed switch leaves the state 'fault',
// which the heartbeat reports.

import { AgentError } from '../errors.js';
import { systemClock } from './audio-sink.js';
import type { AudioClock } from './audio-sink.js';

export type AmplifierState = 'on' | 'off' | 'fault';

export interface Amplifier {
  /** Switches the amplifier; rejects with AGENT_ERR_AMPLIFIER (and state 'fault') when it cannot. */
  set(on: boolean): Promise<void>;
  readonly state: AmplifierState;
}

export interface AmplifierTransition {
  readonly atMs: number;
  readonly from: AmplifierState;
  readonly to: AmplifierState;
}

/** Transitions a VirtualAmplifier keeps (a few a day on a real cluster; bounded for long simulations). */
const MAX_TRANSITIONS = 1000;

/** Records what a real amplifier would have done; simulators and tests read `transitions`. */
export class VirtualAmplifier implements Amplifier {
  readonly #clock: AudioClock;
  readonly #transitions: AmplifierTransition[] = [];
  #state: AmplifierState = 'off';
  #faulty = false;

  constructor(options: { readonly clock?: AudioClock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  get state(): AmplifierState {
    return this.#state;
  }

  get transitions(): readonly AmplifierTransition[] {
    return this.#transitions;
  }

  /** Makes every later set() fail like a burnt relay, until cleared (a technician's repair). */
  setFaulty(faulty: boolean): void {
    this.#faulty = faulty;
  }

  set(on: boolean): Promise<void> {
    if (this.#faulty) {
      this.#move('fault');
      return Promise.reject(new AgentError('AGENT_ERR_AMPLIFIER', 'virtual fault'));
    }
    this.#move(on ? 'on' : 'off');
    return Promise.resolve();
  }

  #move(to: AmplifierState): void {
    if (to === this.#state) return;
    this.#transitions.push({ atMs: this.#clock.now(), from: this.#state, to });
    if (this.#transitions.length > MAX_TRANSITIONS) this.#transitions.shift();
    this.#state = to;
  }
}
