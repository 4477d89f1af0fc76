// RIFF/WAVE parsing for 16-bit PCM, the only WAV the agents' players take (design.md §10: WAV-file sink). Pure.
// Chunk layout per the Microsoft RIFF spec (1991) and WAVE_FORMAT_EXTENSIBLE (KSDATAFORMAT_SUBTYPE_PCM).

import { ascii } from './mpeg-frame.js';

export interface WavFormat {
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
}

export interface WavLayout extends WavFormat {
  /** Offset of the first sample byte, or -1 when no data chunk header was found. */
  readonly dataOffset: number;
  /** The data chunk's declared size, which a streamed or truncated file may not actually hold. */
  readonly dataDeclaredBytes: number;
  /** Offset of the data chunk's size field (for repairStreamedWav). */
  readonly dataSizeField: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** RIFF "WAVE" with a 16-bit PCM fmt chunk; null for anything else. A missing data chunk is not checked here. */
export function parseWav(bytes: Uint8Array): WavLayout | null {
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: WavFormat | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return null;
      format = readFormat(view, body, size);
      if (format === null) return null;
    } else if (id === 'data') {
      if (format === null) return null; // RIFF WAVE requires fmt before data
      return { ...format, dataOffset: body, dataDeclaredBytes: size, dataSizeField: offset + 4 };
    }
    offset = body + size + (size & 1); // chunks are padded to even length
  }
  return format === null ? null : { ...format, dataOffset: -1, dataDeclaredBytes: 0, dataSizeField: -1 };
}

function readFormat(view: DataView, at: number, size: number): WavFormat | null {
  const tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const byteRate = view.getUint32(at + 8, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    // cbSize ≥ 22, then valid bits, channel mask, and a GUID whose first two bytes are the PCM format tag.
    if (size < 40 || at + 26 > view.byteLength || view.getUint16(at + 24, true) !== WAVE_FORMAT_PCM) return null;
  } else if (tag !== WAVE_FORMAT_PCM) {
    return null;
  }
  if (bits !== 16 || channels < 1 || channels > 8 || sampleRate < 1000 || sampleRate > 384_000) return null;
  if (blockAlign !== channels * 2 || byteRate !== sampleRate * blockAlign) return null;
  return { channels, sampleRate, blockAlign };
}

// Writers that stream to a pipe cannot seek back to fill in sizes: espeak-ng --stdout writes 0x7FFFF000 (seen on
// espeak-ng 1.51), others write 0xFFFFFFFF. Only these placeholders are repaired; any other mismatch is truncation.
const STREAMED_SIZES = new Set([0x7ffff000, 0xffffffff]);

/**
 * Rewrites the RIFF and data sizes of a WAV written to a pipe, so that stored files carry true sizes. Returns the
 * input unchanged when the sizes are already real, or null when the bytes are not a 16-bit PCM WAV with data.
 */
export function repairStreamedWav(bytes: Uint8Array): Uint8Array | null {
  const layout = parseWav(bytes);
  if (layout === null || layout.dataOffset < 0) return null;
  if (!STREAMED_SIZES.has(layout.dataDeclaredBytes)) return bytes;
  const available = bytes.length - layout.dataOffset;
  const dataBytes = available - (available % layout.blockAlign);
  const fixed = bytes.slice(0, layout.dataOffset + dataBytes);
  const view = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength);
  view.setUint32(layout.dataSizeField, dataBytes, true);
  view.setUint32(4, fixed.length - 8, true);
  return fixed;
}
