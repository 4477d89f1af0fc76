// A whole WAV file around 16-bit PCM, with the header the agents write and play (edge-agent/src/audio/wav-format.ts,
// imported, so the hub's tone and the devices agree byte for byte on the layout). Pure.
import { WAV_HEADER_BYTES, wavHeader } from '@tinnguon/edge-agent/wav';

export interface PcmFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

/** Interleaved samples in, a complete WAV file out. */
export function pcmWav(samples: Int16Array, format: PcmFormat): Uint8Array {
  const out = new Uint8Array(WAV_HEADER_BYTES + samples.length * 2);
  out.set(wavHeader(format, samples.length * 2));
  const view = new DataView(out.buffer);
  // Explicitly little-endian (RIFF), whatever the host's byte order.
  for (let i = 0; i < samples.length; i++) view.setInt16(WAV_HEADER_BYTES + 2 * i, samples[i] ?? 0, true);
  return out;
}
