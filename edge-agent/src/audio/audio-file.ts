// Picks the decoder by what the bytes are, never by the file name: cached media is stored under its SHA-256
// (design.md §6), and an uploaded "bulletin.mp3" may well be a WAV.

import { open, type FileHandle } from 'node:fs/promises';
import { AgentError } from '../errors.js';
import { abortedError, readAbortable } from './abortable.js';
import type { PcmChunk } from './audio-sink.js';
import { decodeMp3Stream } from './mp3-decoder.js';
import { isMpegFrameHeader } from './mpeg-header.js';
import { decodeWavStream } from './wav-decoder.js';
import { isWav } from './wav-format.js';

export type AudioContainer = 'mp3' | 'wav';

/** Bytes per read of a cached file: one read holds 16 s of the hub's speech or 4 s of 128 kbps music, so a play costs
 *  few trips through libuv's thread pool (an fsync elsewhere can hold a thread for tens of ms on an SD card). */
const FILE_CHUNK_BYTES = 64 * 1024;
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

/** Decodes MP3 or WAV bytes (held whole, or a stream: a file, a download still in progress) into PCM chunks. */
export async function* decodeAudioStream(
  source: Uint8Array | AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<PcmChunk, void> {
  const bytes = readAbortable(source instanceof Uint8Array ? once(source) : source, signal);
  const head: Uint8Array[] = [];
  let container: AudioContainer | undefined;
  try {
    while (container === undefined) {
      const step = await bytes.next();
      if (step.done === true) break;
      head.push(step.value);
      // One chunk is the usual head (a whole cached tone): sniff it as it is rather than copy it to read 12 bytes.
      container = sniffAudio(head.length === 1 ? step.value : Buffer.concat(head));
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

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array, void> {
  yield bytes;
}

async function* replayHead(head: readonly Uint8Array[], rest: AsyncGenerator<Uint8Array, void>): AsyncGenerator<Uint8Array, void> {
  try {
    yield* head;
    yield* rest;
  } finally {
    // Closed while the head was replaying (the first PCM came from it), `rest` was never delegated to: close it here,
    // or its file stays open until the GC finds it.
    await rest.return();
  }
}

/** A file's bytes through a FileHandle: an open and one read to the first bytes (a read stream took several ms more
 *  to its first chunk, issue 8). */
async function* readFileChunks(path: string, signal: AbortSignal): AsyncGenerator<Uint8Array, void> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    for (;;) {
      if (signal.aborted) throw abortedError(signal);
      const buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
      const { bytesRead } = await file.read(buffer, 0, FILE_CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } catch (err) {
    if (signal.aborted) throw abortedError(signal);
    if (err instanceof AgentError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new AgentError('AGENT_ERR_MEDIA_MISSING', path, { cause: err });
    }
    throw new AgentError('AGENT_ERR_DECODE', `read failed (${code ?? 'unknown'})`, { cause: err });
  } finally {
    // Not awaited: the next play must not wait for a close on the thread pool.
    file?.close().catch(() => undefined);
  }
}
