// Picks the real or virtual outputs from the configuration (design.md §10), in main.ts only. 'auto' means the real
// thing where it can work: ALSA through `speaker` on a Raspberry Pi that has the optional module, the HUB75 matrix on
// a Pi with `rpi-led-matrix` and a configured geometry; a virtual output anywhere else, so a PC never crashes.
// Only the chosen kind's drivers are imported (issue 8: a loudspeaker cluster never loads the LED code).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Amplifier } from '../audio/amplifier.js';
import type { AudioSink } from '../audio/audio-sink.js';
import type { AgentConfig } from '../config/agent-config.js';
import { AgentError } from '../errors.js';
import type { SnapshotLedSink } from '../led/choose-led-sink.js';
import { isRaspberryPi } from '../led/raspberry-pi.js';

export interface Drivers {
  readonly audioSink?: AudioSink;
  readonly amplifier?: Amplifier;
  readonly ledSink?: SnapshotLedSink;
  readonly ledSize?: { readonly width: number; readonly height: number };
  /** What was chosen, for the start-up log. */
  readonly chosen: { readonly audio?: string; readonly led?: string; readonly amplifier?: string };
}

export interface ChooseDriverDeps {
  readonly isRaspberryPi?: () => boolean;
  readonly hasSpeakerModule?: () => boolean;
}

function hasSpeaker(): boolean {
  try {
    createRequire(import.meta.url).resolve('speaker');
    return true;
  } catch {
    return false;
  }
}

export async function chooseDrivers(config: AgentConfig, kind: 'loudspeaker' | 'led', deps: ChooseDriverDeps = {}): Promise<Drivers> {
  if (kind === 'led') {
    const [{ chooseLedSink }, { boardSize }, { RpiLedMatrixSink }] = await Promise.all([
      import('../led/choose-led-sink.js'),
      import('../led/rpi-led-matrix-protocol.js'),
      import('../led/rpi-led-matrix-sink.js'),
    ]);
    const { driver, matrix, snapshotFile } = config.led;
    const ledSink = chooseLedSink(
      { driver, ...(matrix === undefined ? {} : { matrix: toMatrix(matrix) }), png: snapshotFile === undefined ? {} : { filePath: snapshotFile } },
      deps.isRaspberryPi === undefined ? {} : { isRaspberryPi: deps.isRaspberryPi },
    );
    const isMatrix = ledSink instanceof RpiLedMatrixSink;
    const ledSize = isMatrix && matrix !== undefined ? boardSize(toMatrix(matrix)) : { width: config.led.width, height: config.led.height };
    return { ledSink, ledSize, chosen: { led: isMatrix ? 'rpi' : 'png' } };
  }
  const { gpioValuePath, activeLow } = config.amplifier;
  const amplifier: Amplifier =
    gpioValuePath === undefined
      ? new (await import('../audio/amplifier.js')).VirtualAmplifier()
      : new (await import('../audio/sysfs-gpio-amplifier.js')).SysfsGpioAmplifier({ valuePath: gpioValuePath, activeLow });
  const amp = gpioValuePath === undefined ? 'virtual' : 'gpio';
  const { driver, alsaDevice, wavPath } = config.audio;
  const onPi = (deps.isRaspberryPi ?? isRaspberryPi)();
  const speakerOk = (deps.hasSpeakerModule ?? hasSpeaker)();
  const speaker = async (): Promise<AudioSink> => new (await import('../audio/speaker-sink.js')).SpeakerSink(alsaDevice === undefined ? {} : { device: alsaDevice });
  const virtual = async (): Promise<AudioSink> => new (await import('../audio/virtual-sink.js')).VirtualSink({ realtime: true });
  switch (driver) {
    case 'speaker':
      if (!speakerOk) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', "audio driver 'speaker' needs the optional 'speaker' module (npm install speaker, with libasound2-dev)");
      return { audioSink: await speaker(), amplifier, chosen: { audio: 'speaker', amplifier: amp } };
    case 'wav': {
      const { WavFileSink } = await import('../audio/wav-file-sink.js');
      return { audioSink: new WavFileSink(wavPath ?? join(config.stateDir, 'last-played.wav')), amplifier, chosen: { audio: 'wav', amplifier: amp } };
    }
    case 'virtual':
      return { audioSink: await virtual(), amplifier, chosen: { audio: 'virtual', amplifier: amp } };
    case 'auto':
      return onPi && speakerOk
        ? { audioSink: await speaker(), amplifier, chosen: { audio: 'speaker', amplifier: amp } }
        : { audioSink: await virtual(), amplifier, chosen: { audio: 'virtual', amplifier: amp } };
  }
}

function toMatrix(m: NonNullable<AgentConfig['led']['matrix']>) {
  return {
    rows: m.rows,
    cols: m.cols,
    chainLength: m.chainLength,
    parallel: m.parallel,
    ...(m.brightness === undefined ? {} : { brightness: m.brightness }),
    ...(m.hardwareMapping === undefined ? {} : { hardwareMapping: m.hardwareMapping }),
    ...(m.gpioSlowdown === undefined ? {} : { runtimeOptions: { gpioSlowdown: m.gpioSlowdown } }),
  };
}
