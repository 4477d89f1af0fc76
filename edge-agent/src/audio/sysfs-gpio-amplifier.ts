// Amplifier power through a GPIO line driving its relay or enable pin, via the sysfs value file. The line is exported
// and set to output at install time (a udev rule or the image), not here: the agent needs no root for this file.
// Note for Raspberry Pi OS with kernel 6.6+: sysfs numbers are offset by the gpiochip base (GPIO17 is
// /sys/class/gpio/gpio529 on a Pi 4 there), so the path is configuration, never derived from a BCM number alone.

import { readFile, writeFile } from 'node:fs/promises';
import { AgentError } from '../errors.js';
import type { Amplifier, AmplifierState } from './amplifier.js';

export interface SysfsGpioAmplifierOptions {
  /** The line's value file, e.g. gpioValuePath(529); tests point it at a temporary file. */
  readonly valuePath: string;
  /** The relay closes on a low level (common on cheap relay boards). */
  readonly activeLow?: boolean;
}

export function gpioValuePath(line: number): string {
  return `/sys/class/gpio/gpio${line}/value`;
}

export class SysfsGpioAmplifier implements Amplifier {
  readonly #options: SysfsGpioAmplifierOptions;
  // Assumed until the first set(): the line's boot default on the boards we install keeps the amplifier off.
  #state: AmplifierState = 'off';
  #queue: Promise<void> = Promise.resolve();

  constructor(options: SysfsGpioAmplifierOptions) {
    this.#options = options;
  }

  get state(): AmplifierState {
    return this.#state;
  }

  /** Writes the level and reads it back: a line that does not hold its level (not exported, wrong direction) is a fault. */
  set(on: boolean): Promise<void> {
    const next = this.#queue.then(() => this.#apply(on));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #apply(on: boolean): Promise<void> {
    const { valuePath, activeLow = false } = this.#options;
    const level = on !== activeLow ? '1' : '0';
    try {
      await writeFile(valuePath, level);
      const readBack = (await readFile(valuePath, 'utf8')).trim();
      if (readBack !== level) throw new Error(`wrote ${level}, line reads ${readBack}`);
    } catch (err) {
      this.#state = 'fault';
      throw new AgentError('AGENT_ERR_AMPLIFIER', `${valuePath}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.#state = on ? 'on' : 'off';
  }
}
