// MP3 (MPEG-1/2 layer I–III) to PCM with the WASM build of mpg123 (design.md §10): no native code, so it runs the
// same on a Pi, a laptop and in the simulators.
//
// Damaged input (decided here, relied on by playAudio): mpg123 resynchronises on the next good frame, so a corrupt
// stretch becomes a short gap and a truncated file plays its valid prefix; an emergency that arrives half-downloaded
// still says what it can. Only a stream that yields no audio at all is AGENT_ERR_DECODE.

import { AgentError } from '../errors.js';
import { abortedError, readAbortable } from './abortable.js';
import type { PcmChunk } from './audio-sink.js';
import { floatToInt16 } from './gain.js';
import { sharedMp3Decoders, type Mp3DecoderPool } from './mp3-decoder-pool.js';
import { mpegChannels } from './mpeg-header.js';
import { WARM_UP_MUSIC_MP3, WARM_UP_SPEECH_MP3 } from './warm-up-samples.js';

/**
 * Bytes handed to the decoder per call until it gives its first samples, doubling each time. The first PCM needs only
 * the first frame or two (≈ 100 bytes at the hub's 32 kbps speech, ≈ 420 at 128 kbps), and a 4 KiB first call
 * decoded a whole second of speech before anything could be heard (issue 8: first PCM ≤ 10 ms).
 */
const FIRST_FEED_BYTES = 512;
/** Bytes per call once audio flows: a second of speech, a quarter of a second of music; larger calls were no faster
 *  (measured up to 16 KiB). Each call yields one chunk. */
const FEED_BYTES = 4 * 1024;
/** Bytes kept to find the first frame header; past this (a huge ID3 tag or junk) the two decoded channels are kept. */
const MAX_SNIFF_BYTES = 1 << 20;

/** Decoders of the shared pool lent to a stream right now: 0 whenever nothing is playing. */
export function activeMp3Decoders(): number {
  return sharedMp3Decoders.stats().lent;
}

/**
 * Decodes an MP3 byte stream into PCM chunks as the bytes arrive. Throws AGENT_ERR_DECODE when the stream holds no
 * audio, AGENT_ERR_ABORTED on abort. The decoder goes back to `decoders` however the iteration ends.
 */
export async function* decodeMp3Stream(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
  decoders: Mp3DecoderPool = sharedMp3Decoders,
): AsyncGenerator<PcmChunk, void> {
  if (signal.aborted) throw abortedError(signal);
  const decoder = await decoders.acquire();
  let healthy = true;
  try {
    if (signal.aborted) throw abortedError(signal);
    let sniffed: Uint8Array[] = [];
    let sniffedBytes = 0;
    let fed = 0;
    let feed = FIRST_FEED_BYTES;
    const pcm = new PcmCollector(() => {
      // The first frame header is within what has been fed; a whole file handed over at once is not copied.
      const channels = mpegChannels(concat(sniffed, Math.min(sniffedBytes, fed))) ?? 2;
      sniffed = [];
      return channels;
    });
    for await (const bytes of readAbortable(source, signal)) {
      if (pcm.channels === undefined && sniffedBytes < MAX_SNIFF_BYTES) {
        sniffed.push(bytes);
        sniffedBytes += bytes.length;
      }
      for (let offset = 0; offset < bytes.length; ) {
        const step = pcm.frames === 0 ? feed : FEED_BYTES;
        const piece = bytes.subarray(offset, offset + step);
        offset += piece.length;
        fed += piece.length;
        try {
          decoder.decode(piece, pcm.add);
        } catch (err) {
          // A decoder that threw may be in any state: it is freed, not lent again.
          healthy = false;
          throw new AgentError('AGENT_ERR_DECODE', 'MP3 decoder failed', { cause: err });
        }
        const chunks = pcm.take();
        if (chunks.length === 0) feed = Math.min(FEED_BYTES, feed * 2);
        for (const chunk of chunks) {
          yield chunk;
          if (signal.aborted) throw abortedError(signal);
        }
      }
    }
    if (pcm.frames === 0) throw new AgentError('AGENT_ERR_DECODE', 'no MPEG audio frames found');
  } finally {
    decoders.release(decoder, healthy);
  }
}

/** Decodes a warm-up run of each kind of MPEG audio (3 passes: V8 optimises on the second or third) through the path
 *  a play takes. */
const WARM_UP_PASSES = 3;
const warmedPools = new WeakSet<Mp3DecoderPool>();

/**
 * Gets `decoders` ready for the first emergency after boot (a loudspeaker at start-up): one WASM instance made, and
 * short speech and music decoded through it, so the WASM functions and the JavaScript around them are compiled now
 * rather than during that emergency's first frame (warm-up-samples.ts). Rejects AGENT_ERR_DECODE as decodeMp3Stream.
 */
export async function warmMp3Decoding(decoders: Mp3DecoderPool = sharedMp3Decoders): Promise<void> {
  await decoders.warm();
  // Compiled code is the process's: a simulator starting a thousand agents on the shared pool decodes the samples once.
  if (warmedPools.has(decoders)) return;
  warmedPools.add(decoders);
  for (const sample of [WARM_UP_SPEECH_MP3, WARM_UP_MUSIC_MP3]) {
    const bytes = Buffer.from(sample, 'base64');
    for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
      for await (const chunk of decodeMp3Stream(once(bytes), new AbortController().signal, decoders)) void chunk;
    }
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array, void> {
  yield bytes;
}

/**
 * Converts decoded float blocks to 16-bit PCM as they come out of the decoder, into one scratch buffer per stream,
 * and hands out one chunk per decoder call (two if the sample rate changed within it: mpg123 reports a new format
 * when files of different rates were concatenated, and playAudio reopens the sink for it).
 */
class PcmCollector {
  #scratch = new Int16Array(0);
  #length = 0;
  #rate = 0;
  #ready: PcmChunk[] = [];
  #channels: 1 | 2 | undefined;
  readonly #sniffChannels: () => 1 | 2;
  /** Frames collected since the stream began. */
  frames = 0;

  /** `sniffChannels` says, when the first samples come, whether the stream is mono (the decoder always gives two). */
  constructor(sniffChannels: () => 1 | 2) {
    this.#sniffChannels = sniffChannels;
  }

  get channels(): 1 | 2 | undefined {
    return this.#channels;
  }

  readonly add = (left: Float32Array, right: Float32Array, sampleRate: number): void => {
    const channels = (this.#channels ??= this.#sniffChannels());
    if (this.#length > 0 && sampleRate !== this.#rate) this.#flush();
    this.#rate = sampleRate;
    const n = left.length;
    const need = this.#length + n * channels;
    if (need > this.#scratch.length) {
      const grown = new Int16Array(Math.max(need, this.#scratch.length * 2));
      grown.set(this.#scratch.subarray(0, this.#length));
      this.#scratch = grown;
    }
    const out = this.#scratch;
    let o = this.#length;
    if (channels === 1) {
      // mpg123 copies a mono stream into both channels; the mean is exact then, and a harmless downmix if the header
      // scan was fooled by a false sync.
      for (let i = 0; i < n; i++) out[o++] = floatToInt16(((left[i] as number) + (right[i] as number)) / 2);
    } else {
      for (let i = 0; i < n; i++) {
        out[o++] = floatToInt16(left[i] as number);
        out[o++] = floatToInt16(right[i] as number);
      }
    }
    this.#length = o;
    this.frames += n;
  };

  /** The chunks completed by the last decoder call. */
  take(): PcmChunk[] {
    this.#flush();
    const ready = this.#ready;
    this.#ready = [];
    return ready;
  }

  #flush(): void {
    if (this.#length === 0 || this.#channels === undefined) return;
    this.#ready.push({ pcm: this.#scratch.slice(0, this.#length), sampleRate: this.#rate, channels: this.#channels });
    this.#length = 0;
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
