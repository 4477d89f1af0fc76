// Picks the decoder by what the bytes are, never by the file name: cached media is stored under its SHA-256
// (design.md §6), and an uploaded "bulletin.mp3" may well be a WAV.

import { createReadStream } from 'node:fs';
import { AgentError } from '../errors.js';
import { abortedError, readAbortable } from './abortable.js';
import type { PcmChunk } from './audio-sink.js';
import { decodeMp3Stream } from './mp3-decoder.js';
import { isMpegFrameHeader } from './mpeg-header.js';
import { decodeWavStream } from './wav-decoder.js';
import { isWav } from './wav-format.js';

export type AudioContainer = 'mp3' | 'wav';

const FILE_CHUNK_BYTES = 16 * 1024;
const SNIFF_BYTES = 12;

/**
 * What the first bytes of a file say it is: an ID3v2 tag or an MPEG frame header is MP3, RIFF/WAVE is WAV.
 * Returns undefined while fewer than 12 bytes are known and the answer could still change.
 */
export function sniffAudio(head: Uint8Array): AudioContainer | undefined {
  if (head.length >= 3 && head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33) return 'mp3';
  if (isMpegFrameHeader(head, 0)) return 'mp3';
  if (head.length >= SNIFF_BYTES && isWav(head)) return 'wav';
  if (head.length < SNIFF_BYTES) return undefined;
  throw new AgentError('AGENT_ERR_DECODE', 'neither MP3 nor WAV');
}

/** Decodes an MP3 or WAV byte stream (a file, or a download still in progress) into PCM chunks. */
export async function* decodeAudioStream(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<PcmChunk, void> {
  const bytes = readAbortable(source, signal);
  const head: Uint8Array[] = [];
  let container: AudioContainer | undefined;
  try {
    while (container === undefined) {
      const step = await bytes.next();
      if (step.done === true) break;
      head.push(step.value);
      container = sniffAudio(Buffer.concat(head));
    }
  } catch (err) {
    await bytes.return();
    throw err;
  }
  if (container === undefined) {
    throw new AgentError('AGENT_ERR_DECODE', head.length === 0 ? 'file is empty' : 'file too short');
  }
  const replayed = replayHead(head, bytes);
  yield* container === 'mp3' ? decodeMp3Stream(replayed, signal) : decodeWavStream(replayed, signal);
}

/** Opens a cached media file for playback. A missing file is AGENT_ERR_MEDIA_MISSING. */
export function openAudioFile(path: string, signal: AbortSignal): AsyncGenerator<PcmChunk, void> {
  return decodeAudioStream(readFileChunks(path, signal), signal);
}

async function* replayHead(head: readonly Uint8Array[], rest: AsyncGenerator<Uint8Array, void>): AsyncGenerator<Uint8Array, void> {
  yield* head;
  yield* rest;
}

async function* readFileChunks(path: string, signal: AbortSignal): AsyncGenerator<Uint8Array, void> {
  const stream = createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES, signal });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    if (signal.aborted) throw abortedError(signal);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new AgentError('AGENT_ERR_MEDIA_MISSING', path, { cause: err });
    }
    throw new AgentError('AGENT_ERR_DECODE', `read failed (${code ?? 'unknown'})`, { cause: err });
  } finally {
    stream.destroy();
  }
}
