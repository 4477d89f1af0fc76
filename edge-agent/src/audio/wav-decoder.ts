// Streams the samples of a 16-bit PCM WAV file. A file cut short plays what it has, as MP3 does (mp3-decoder.ts);
// a file with no samples at all is AGENT_ERR_DECODE.

import { AgentError } from '../errors.js';
import { abortedError, readAbortable } from './abortable.js';
import type { PcmChunk } from './audio-sink.js';
import { parseWavHeader } from './wav-format.js';
import type { WavHeader } from './wav-format.js';

export async function* decodeWavStream(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<PcmChunk, void> {
  if (signal.aborted) throw abortedError(signal);
  let pending: Uint8Array = new Uint8Array(0);
  let header: WavHeader | undefined;
  let remaining = Infinity;
  let frames = 0;
  for await (const bytes of readAbortable(source, signal)) {
    pending = append(pending, bytes);
    if (header === undefined) {
      header = parseWavHeader(pending);
      if (header === undefined) continue;
      pending = pending.subarray(header.dataOffset);
      remaining = header.dataBytes ?? Infinity;
    }
    const blockAlign = header.format.channels * 2;
    const usable = Math.min(pending.length, remaining);
    const take = usable - (usable % blockAlign);
    if (take > 0) {
      frames += take / blockAlign;
      remaining -= take;
      yield { ...header.format, pcm: int16le(pending.subarray(0, take)) };
      pending = pending.subarray(take);
    }
    // Anything after the declared data (LIST, id3 chunks) is metadata.
    if (remaining < blockAlign) break;
  }
  if (header === undefined) throw new AgentError('AGENT_ERR_DECODE', 'WAV header is incomplete');
  if (frames === 0) throw new AgentError('AGENT_ERR_DECODE', 'WAV file holds no samples');
}

function append(head: Uint8Array, tail: Uint8Array): Uint8Array {
  if (head.length === 0) return tail;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** WAV samples are little-endian, as is every host the agent runs on (ARM Raspberry Pi, x86): there one copy of the
 *  bytes into fresh, aligned memory is the decode (a per-sample loop cost ~90 µs for a 2 s tone, on the path of every
 *  emergency's first sound, issue 8). A copy, never a view: the caller applies gain in place, and these bytes may be
 *  the verified media still being written to the cache. A big-endian host takes the DataView loop. */
export function int16le(bytes: Uint8Array, littleEndianHost = LITTLE_ENDIAN): Int16Array {
  // new Uint8Array(typed array) copies into a buffer of its own at offset 0 (a Buffer's slice() would be a view).
  if (littleEndianHost) return new Int16Array(new Uint8Array(bytes.subarray(0, bytes.length & ~1)).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true);
  return out;
}
