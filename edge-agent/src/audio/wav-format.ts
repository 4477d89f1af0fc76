// RIFF/WAVE with 16-bit PCM, the only WAV the agent plays or writes (attention tones, recordings, test captures).

import { AgentError } from '../errors.js';
import type { AudioFormat } from './audio-sink.js';

export const WAV_HEADER_BYTES = 44;
const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** A header this large without a `data` chunk is not a WAV file worth waiting for. */
const MAX_HEADER_BYTES = 64 * 1024;

export interface WavHeader {
  readonly format: AudioFormat;
  /** Where the samples start. */
  readonly dataOffset: number;
  /** Declared sample bytes, or undefined when the writer left the size open (streamed or never finalised). */
  readonly dataBytes: number | undefined;
}

/** The canonical 44-byte header for `dataBytes` of 16-bit PCM. */
export function wavHeader(format: AudioFormat, dataBytes: number): Uint8Array {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const blockAlign = format.channels * 2;
  writeAscii(header, 0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  writeAscii(header, 8, 'WAVE');
  writeAscii(header, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  writeAscii(header, 36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}

export function isWav(bytes: Uint8Array): boolean {
  return readAscii(bytes, 0) === 'RIFF' && readAscii(bytes, 8) === 'WAVE';
}

/**
 * Parses the chunks up to `data`. Returns undefined while `bytes` is too short to tell; throws AGENT_ERR_DECODE for
 * anything but a sane 16-bit PCM file.
 */
export function parseWavHeader(bytes: Uint8Array): WavHeader | undefined {
  if (bytes.length < 12) return undefined;
  if (!isWav(bytes)) throw new AgentError('AGENT_ERR_DECODE', 'not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: AudioFormat | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = readAscii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'data') {
      if (format === undefined) throw new AgentError('AGENT_ERR_DECODE', 'WAV data before its fmt chunk');
      return { format, dataOffset: body, dataBytes: size === 0 || size === 0xffffffff ? undefined : size };
    }
    if (body + size > bytes.length) break;
    if (id === 'fmt ') format = parseFmt(view, body, size);
    offset = body + size + (size % 2); // chunks are padded to an even length (RIFF spec)
  }
  if (bytes.length > MAX_HEADER_BYTES) throw new AgentError('AGENT_ERR_DECODE', 'WAV file has no data chunk');
  return undefined;
}

function parseFmt(view: DataView, at: number, size: number): AudioFormat {
  if (size < 16) throw new AgentError('AGENT_ERR_DECODE', 'WAV fmt chunk too short');
  let tag = view.getUint16(at, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40) tag = view.getUint16(at + 24, true); // SubFormat GUID's first word
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const bits = view.getUint16(at + 14, true);
  if (tag !== WAVE_FORMAT_PCM || bits !== 16) {
    throw new AgentError('AGENT_ERR_DECODE', `WAV must be 16-bit PCM (format ${tag}, ${bits} bits)`);
  }
  if (channels < 1 || channels > 8 || sampleRate < 4000 || sampleRate > 192000) {
    throw new AgentError('AGENT_ERR_DECODE', `WAV format out of range (${channels} ch, ${sampleRate} Hz)`);
  }
  return { sampleRate, channels };
}

function writeAscii(bytes: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
}

function readAscii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}
