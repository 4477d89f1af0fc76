// What a microphone recording must be before the hub spends an encoder on it (issue 9: "audio recorded from the
// browser microphone, converted on the hub into what devices play"). The console sends 16-bit PCM WAV; anything else,
// a file that ends before its declared data, a clip too short to be an announcement, one longer than any bulletin
// should be, or pure silence (a muted or blocked microphone) is refused with a code an official can act on. Pure.
import { HubError } from '../errors.js';
import { parseWav } from '../media/wav-header.js';

export interface RecordingLimits {
  readonly minMs: number;
  readonly maxMs: number;
  /**
   * Peak sample magnitude (of 32767) below which the clip counts as silence. Browsers deliver exact zeros when the
   * microphone is muted or permission is withheld mid-recording; room noise on a working microphone is far above 8.
   */
  readonly silencePeak: number;
}

export const DEFAULT_RECORDING_LIMITS: RecordingLimits = { minMs: 500, maxMs: 10 * 60_000, silencePeak: 8 };

export interface RecordingFacts {
  readonly sampleRate: number;
  readonly channels: number;
  readonly durationMs: number;
  readonly peak: number;
}

export function checkRecording(bytes: Uint8Array, limits: RecordingLimits = DEFAULT_RECORDING_LIMITS): RecordingFacts {
  const layout = parseWav(bytes);
  if (layout === null) throw new HubError('HUB_ERR_RECORDING_INVALID', 'expected RIFF/WAVE with a 16-bit PCM fmt chunk');
  if (layout.dataOffset < 0) throw new HubError('HUB_ERR_RECORDING_INVALID', 'the WAV file has no data chunk');
  const available = bytes.length - layout.dataOffset;
  if (layout.dataDeclaredBytes > available) {
    throw new HubError('HUB_ERR_RECORDING_INVALID', `the data chunk declares ${layout.dataDeclaredBytes} bytes, the file holds ${available}`);
  }
  const frames = Math.floor(layout.dataDeclaredBytes / layout.blockAlign);
  const durationMs = Math.round((frames / layout.sampleRate) * 1000);
  const facts = { sampleRate: layout.sampleRate, channels: layout.channels, durationMs };
  if (durationMs < limits.minMs) throw new HubError('HUB_ERR_RECORDING_TOO_SHORT', `${durationMs} ms, at least ${limits.minMs} ms`, facts);
  if (durationMs > limits.maxMs) throw new HubError('HUB_ERR_RECORDING_TOO_LONG', `${Math.round(durationMs / 1000)} s, at most ${Math.round(limits.maxMs / 1000)} s`, facts);
  const peak = peakOf(bytes, layout.dataOffset, frames * layout.blockAlign);
  if (peak < limits.silencePeak) throw new HubError('HUB_ERR_RECORDING_SILENT', `peak ${peak} of 32767`, { ...facts, peak });
  return { ...facts, peak };
}

/** Largest |sample| of little-endian 16-bit PCM. */
function peakOf(bytes: Uint8Array, offset: number, length: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  let peak = 0;
  for (let i = 0; i + 1 < length; i += 2) {
    const v = Math.abs(view.getInt16(i, true));
    if (v > peak) peak = v;
  }
  return peak;
}
