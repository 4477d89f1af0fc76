// MP3 (MPEG-1/2 layer I–III) to PCM with the WASM build of mpg123 (design.md §10): no native code, so it runs the
// same on a Pi, a laptop and in the simulators.
//
// Damaged input (decided here, relied on by playAudio): mpg123 resynchronises on the next good frame, so a corrupt
// stretch becomes a short gap and a truncated file plays its valid prefix; an emergency that arrives half-downloaded
// still says what it can. Only a stream that yields no audio at all is AGENT_ERR_DECODE.

import { MPEGDecoder } from 'mpg123-decoder';
import type { MPEGDecodedAudio } from 'mpg123-decoder';
import { AgentError } from '../errors.js';
import { abortedError, readAbortable } from './abortable.js';
import type { PcmChunk } from './audio-sink.js';
import { floatToInt16 } from './gain.js';
import { mpegChannels } from './mpeg-header.js';

/** Bytes handed to the decoder per call: small enough that the first PCM comes out after a frame or two. */
const FEED_BYTES = 4096;
/** Bytes kept to find the first frame header; past this (a huge ID3 tag or junk) the two decoded channels are kept. */
const MAX_SNIFF_BYTES = 1 << 20;

let liveDecoders = 0;

/** WASM decoders allocated right now. Every decode frees its own, so this is 0 whenever nothing is playing. */
export function activeMp3Decoders(): number {
  return liveDecoders;
}

/**
 * Decodes an MP3 byte stream into PCM chunks as the bytes arrive. Throws AGENT_ERR_DECODE when the stream holds no
 * audio, AGENT_ERR_ABORTED on abort. The decoder is freed however the iteration ends.
 */
export async function* decodeMp3Stream(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<PcmChunk, void> {
  if (signal.aborted) throw abortedError(signal);
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
  } catch (err) {
    throw new AgentError('AGENT_ERR_DECODE', 'MP3 decoder failed to start', { cause: err });
  }
  liveDecoders++;
  try {
    let channels: 1 | 2 | undefined;
    let sniffed: Uint8Array[] = [];
    let sniffedBytes = 0;
    let samples = 0;
    for await (const bytes of readAbortable(source, signal)) {
      if (channels === undefined && sniffedBytes < MAX_SNIFF_BYTES) {
        sniffed.push(bytes);
        sniffedBytes += bytes.length;
      }
      for (let offset = 0; offset < bytes.length; offset += FEED_BYTES) {
        const decoded = decode(decoder, bytes.subarray(offset, offset + FEED_BYTES));
        if (decoded.samplesDecoded === 0) continue;
        if (channels === undefined) {
          channels = mpegChannels(concat(sniffed, sniffedBytes)) ?? 2;
          sniffed = [];
        }
        samples += decoded.samplesDecoded;
        yield toPcmChunk(decoded, channels);
        if (signal.aborted) throw abortedError(signal);
      }
    }
    if (samples === 0) throw new AgentError('AGENT_ERR_DECODE', 'no MPEG audio frames found');
  } finally {
    decoder.free();
    liveDecoders--;
  }
}

function decode(decoder: MPEGDecoder, bytes: Uint8Array): MPEGDecodedAudio {
  try {
    return decoder.decode(bytes);
  } catch (err) {
    throw new AgentError('AGENT_ERR_DECODE', 'MP3 decoder failed', { cause: err });
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part.subarray(0, length - at), at);
    at += part.length;
    if (at >= length) break;
  }
  return out;
}

function toPcmChunk(decoded: MPEGDecodedAudio, channels: 1 | 2): PcmChunk {
  const n = decoded.samplesDecoded;
  const left = decoded.channelData[0] ?? new Float32Array(n);
  const right = decoded.channelData[1] ?? left;
  const pcm = new Int16Array(n * channels);
  if (channels === 1) {
    // mpg123 copies a mono stream into both channels; the mean is exact then, and a harmless downmix if the header
    // scan was fooled by a false sync.
    for (let i = 0; i < n; i++) pcm[i] = floatToInt16(((left[i] ?? 0) + (right[i] ?? 0)) / 2);
  } else {
    for (let i = 0; i < n; i++) {
      pcm[2 * i] = floatToInt16(left[i] ?? 0);
      pcm[2 * i + 1] = floatToInt16(right[i] ?? 0);
    }
  }
  return { pcm, sampleRate: decoded.sampleRate, channels };
}
