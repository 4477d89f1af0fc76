// The canonical 44-byte RIFF/WAVE header around 16-bit little-endian PCM: the one WAV layout every agent plays
// (edge-agent/src/audio/wav-format.ts). Pure.

export interface PcmFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

const HEADER_BYTES = 44;
const WAVE_FORMAT_PCM = 1;

/** Interleaved samples in, a complete WAV file out. */
export function pcmWav(samples: Int16Array, format: PcmFormat): Uint8Array {
  const dataBytes = samples.length * 2;
  const blockAlign = format.channels * 2;
  const out = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(out.buffer);
  ascii(out, 0, 'RIFF');
  view.setUint32(4, HEADER_BYTES - 8 + dataBytes, true);
  ascii(out, 8, 'WAVE');
  ascii(out, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  ascii(out, 36, 'data');
  view.setUint32(40, dataBytes, true);
  // Explicitly little-endian (RIFF), whatever the host's byte order.
  for (let i = 0; i < samples.length; i++) view.setInt16(HEADER_BYTES + 2 * i, samples[i] ?? 0, true);
  return out;
}

function ascii(bytes: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
}
