// Whether an operator's own tone can stand before every emergency (design.md §5). Pure. Refusing at start-up beats
// learning during a flood that the loudspeakers cannot play the file, or that it holds ten minutes of music.
import { HubError } from '../errors.js';
import { parseWav } from '../media/wav-header.js';

export interface ToneLimits {
  readonly minSampleRate: number;
  readonly maxSampleRate: number;
  readonly maxChannels: number;
  readonly minDurationMs: number;
  /** The tone delays the warning itself (Điều 8.1: played immediately): a few seconds at most. */
  readonly maxDurationMs: number;
  /** Largest sample magnitude below which the file counts as silent (about −30 dBFS). */
  readonly silentBelow: number;
}

// 8–48 kHz, mono or stereo: what ALSA on the Pi's sound cards opens without resampling surprises; the agent's reader
// takes more (edge-agent/src/audio/wav-format.ts), so anything that passes here it plays.
export const TONE_LIMITS: ToneLimits = {
  minSampleRate: 8000,
  maxSampleRate: 48_000,
  maxChannels: 2,
  minDurationMs: 200,
  maxDurationMs: 10_000,
  silentBelow: 1000,
};

/** Ten seconds of 48 kHz stereo is under 2 MB: a file far past this is surely the wrong one, so it is not read. */
export const MAX_TONE_FILE_BYTES = 4 * 1024 * 1024;

export interface CheckedTone {
  readonly sampleRate: number;
  readonly channels: number;
  readonly durationMs: number;
}

/** Throws HUB_ERR_ATTENTION_TONE_INVALID naming `source` and what is wrong. */
export function checkAttentionTone(bytes: Uint8Array, source: string, limits: ToneLimits = TONE_LIMITS): CheckedTone {
  const refuse = (why: string): never => {
    throw new HubError('HUB_ERR_ATTENTION_TONE_INVALID', `${source}: ${why}`, { source, why });
  };
  if (bytes.length > MAX_TONE_FILE_BYTES) refuse(`${bytes.length} bytes, more than ${MAX_TONE_FILE_BYTES}`);
  const layout = parseWav(bytes);
  if (layout === null) return refuse('not a 16-bit PCM WAV file');
  if (layout.dataOffset < 0) refuse('the WAV file has no data chunk');
  const available = bytes.length - layout.dataOffset;
  // A streamed size placeholder (0xFFFFFFFF) also lands here: the tone must say exactly how long it is.
  if (layout.dataDeclaredBytes > available) refuse(`the data chunk declares ${layout.dataDeclaredBytes} bytes, the file holds ${available}`);
  if (layout.sampleRate < limits.minSampleRate || layout.sampleRate > limits.maxSampleRate) {
    refuse(`${layout.sampleRate} Hz, outside ${limits.minSampleRate}–${limits.maxSampleRate} Hz`);
  }
  if (layout.channels > limits.maxChannels) refuse(`${layout.channels} channels, at most ${limits.maxChannels}`);
  const frames = Math.floor(layout.dataDeclaredBytes / layout.blockAlign);
  const durationMs = Math.round((frames * 1000) / layout.sampleRate);
  if (durationMs < limits.minDurationMs || durationMs > limits.maxDurationMs) {
    refuse(`${durationMs} ms long, outside ${limits.minDurationMs}–${limits.maxDurationMs} ms`);
  }
  if (peakOf(bytes, layout.dataOffset, frames * layout.blockAlign) < limits.silentBelow) refuse('silent');
  return { sampleRate: layout.sampleRate, channels: layout.channels, durationMs };
}

function peakOf(bytes: Uint8Array, offset: number, length: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  let peak = 0;
  for (let i = 0; i + 1 < length; i += 2) peak = Math.max(peak, Math.abs(view.getInt16(i, true)));
  return peak;
}
