// Picks the LED driver from config (design.md §10): 'rpi' insists on the real panel, 'png' is the virtual board of
// simulators and bench tests, 'auto' uses the panel only where it can work — a Raspberry Pi with the optional native
// module installed — and falls back to the virtual board elsewhere.
import { createRequire } from 'node:module';
import { AgentError } from '../errors.js';
import type { LedSink } from './led-sink.js';
import { PngSnapshotSink, type PngSnapshotSinkOptions } from './png-snapshot-sink.js';
import { isRaspberryPi } from './raspberry-pi.js';
import type { RpiMatrixConfig } from './rpi-led-matrix-protocol.js';
import { RpiLedMatrixSink, type RpiLedMatrixSinkOptions } from './rpi-led-matrix-sink.js';

export type LedDriverName = 'auto' | 'rpi' | 'png';

export interface LedSinkConfig {
  readonly driver: LedDriverName;
  /** Panel geometry; required for 'rpi', and for 'auto' to pick the panel. */
  readonly matrix?: RpiMatrixConfig;
  readonly png?: PngSnapshotSinkOptions;
}

export interface ChooseLedSinkDeps {
  readonly isRaspberryPi?: () => boolean;
  readonly hasNativeModule?: () => boolean;
  readonly workerPath?: string;
}

/** Both sinks can say what the board is showing (heartbeats, console). */
export type SnapshotLedSink = LedSink & { snapshot(): Buffer | undefined };

export function chooseLedSink(config: LedSinkConfig, deps: ChooseLedSinkDeps = {}): SnapshotLedSink {
  const onPi = deps.isRaspberryPi ?? isRaspberryPi;
  const rpi = (matrix: RpiMatrixConfig): RpiLedMatrixSink => {
    const opts: RpiLedMatrixSinkOptions = { matrix, isRaspberryPi: onPi, ...(deps.workerPath === undefined ? {} : { workerPath: deps.workerPath }) };
    return new RpiLedMatrixSink(opts);
  };
  switch (config.driver) {
    case 'png':
      return new PngSnapshotSink(config.png);
    case 'rpi':
      if (config.matrix === undefined) throw new AgentError('AGENT_ERR_LED_DRIVER', "LED driver 'rpi' needs the panel geometry (rows, cols, chainLength, parallel)");
      return rpi(config.matrix);
    case 'auto':
      if (config.matrix !== undefined && onPi() && (deps.hasNativeModule ?? hasRpiLedMatrix)()) return rpi(config.matrix);
      return new PngSnapshotSink(config.png);
    default:
      throw new AgentError('AGENT_ERR_LED_DRIVER', `unknown LED driver '${String(config.driver)}'; use 'auto', 'rpi' or 'png'`);
  }
}

/** Resolves (never loads) the optional native module. */
export function hasRpiLedMatrix(): boolean {
  try {
    createRequire(import.meta.url).resolve('rpi-led-matrix');
    return true;
  } catch {
    return false;
  }
}
