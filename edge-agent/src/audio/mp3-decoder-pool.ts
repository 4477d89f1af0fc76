// Long-lived mpg123 WASM decoders, lent to one stream at a time (issue 8: first PCM ≤ 10 ms; agent RSS ≤ 80 MiB). A
// new MPEGDecoder instantiates a WASM module with its own linear memory: 2–7 ms before the first sample (tens of ms
// under load, more for the first, which compiles). A returned decoder is given a fresh stream in the instance it has
// (mpg123-direct.ts), so the next play starts at once, and a process never holds more than `maxIdle` idle ones.
//
// The library is imported on first use, so an LED board, which plays no audio, never loads it.

import type { MPEGDecoder } from 'mpg123-decoder';
import { AgentError } from '../errors.js';
import { decodeDirect, decodePublic, internalsOf, renewHandle, type SamplesCallback } from './mpg123-direct.js';

/** One decoder lent to one stream. */
export interface Mp3Decoder {
  /** Decodes `bytes`, handing each decoded block to `onSamples` (views valid only during the call). Throws what the
   *  WASM throws; the decoder is then not to be used again. */
  decode(bytes: Uint8Array, onSamples: SamplesCallback): void;
}

export interface Mp3DecoderPoolOptions {
  /** Decoders kept ready when nothing uses them; default 2 (a device plays one stream at a time; a simulator with
   *  many agents in one process makes more while they play, and frees all but these afterwards). */
  readonly maxIdle?: number;
  /** Test seam: how a new library decoder is made. */
  readonly create?: () => Promise<MPEGDecoder>;
}

export interface Mp3DecoderPoolStats {
  /** Lent to a stream now. */
  readonly lent: number;
  /** Ready for the next stream. */
  readonly idle: number;
  /** WASM instances made since start. */
  readonly created: number;
  /** Returned decoders given a new stream handle in place (no new instance). */
  readonly recycledInPlace: number;
  /** Returned decoders reset through the library's reset() (a new instance). */
  readonly recycledByReset: number;
  /** Streams lent a decoder that decodes below the library's public API (no intermediate arrays). */
  readonly decodedDirect: number;
}

async function createLibraryDecoder(): Promise<MPEGDecoder> {
  const { MPEGDecoder: Decoder } = await import('mpg123-decoder');
  const decoder = new Decoder();
  await decoder.ready;
  return decoder;
}

export class Mp3DecoderPool {
  readonly #maxIdle: number;
  readonly #create: () => Promise<MPEGDecoder>;
  /** Ready decoders, or ones still being reset by the library. */
  #idle: Promise<MPEGDecoder>[] = [];
  #lent = 0;
  #created = 0;
  #inPlace = 0;
  #byReset = 0;
  #direct = 0;
  /** Lent wrapper → the library decoder under it. */
  readonly #lentOut = new WeakMap<Mp3Decoder, MPEGDecoder>();

  constructor(options: Mp3DecoderPoolOptions = {}) {
    this.#maxIdle = options.maxIdle ?? 2;
    this.#create = options.create ?? createLibraryDecoder;
  }

  stats(): Mp3DecoderPoolStats {
    return {
      lent: this.#lent, idle: this.#idle.length, created: this.#created, recycledInPlace: this.#inPlace, recycledByReset: this.#byReset,
      decodedDirect: this.#direct,
    };
  }

  /** A decoder at the start of a new stream. Rejects AGENT_ERR_DECODE when the WASM cannot be instantiated. */
  async acquire(): Promise<Mp3Decoder> {
    this.#lent++;
    try {
      return this.#lend(await this.#take());
    } catch (err) {
      this.#lent--;
      throw new AgentError('AGENT_ERR_DECODE', 'MP3 decoder failed to start', { cause: err });
    }
  }

  /** Takes a decoder back. `healthy` false (it threw) frees it; so does a full pool. */
  release(lent: Mp3Decoder, healthy = true): void {
    const decoder = this.#lentOut.get(lent);
    if (decoder === undefined) return;
    this.#lentOut.delete(lent);
    this.#lent--;
    if (!healthy || this.#idle.length >= this.#maxIdle) {
      freeQuietly(decoder);
      return;
    }
    const internals = internalsOf(decoder);
    if (internals !== undefined) {
      let renewed = false;
      try {
        renewed = renewHandle(internals);
      } catch {
        renewed = false;
      }
      if (!renewed) return; // dropped whole, for the GC (see renewHandle)
      this.#inPlace++;
      this.#idle.push(Promise.resolve(decoder));
      return;
    }
    this.#byReset++;
    const reset = decoder.reset().then(() => decoder);
    reset.catch(() => undefined);
    this.#idle.push(reset);
  }

  async #take(): Promise<MPEGDecoder> {
    const ready = this.#idle.pop();
    if (ready !== undefined) {
      try {
        return await ready;
      } catch {
        // A reset or warm-up that failed left nothing usable: make a new one.
      }
    }
    this.#created++;
    return this.#create();
  }

  #lend(decoder: MPEGDecoder): Mp3Decoder {
    const internals = internalsOf(decoder);
    if (internals !== undefined) this.#direct++;
    const lent: Mp3Decoder = {
      decode: internals === undefined ? (bytes, onSamples) => decodePublic(decoder, bytes, onSamples) : (bytes, onSamples) => decodeDirect(internals, bytes, onSamples),
    };
    this.#lentOut.set(lent, decoder);
    return lent;
  }

  /** Makes one decoder ahead of need (a loudspeaker at start-up), so the first emergency does not compile WASM. A
   *  stream that starts meanwhile takes this one as it becomes ready rather than making a second. Rejects
   *  AGENT_ERR_DECODE when the WASM cannot be instantiated. */
  async warm(): Promise<void> {
    if (this.#idle.length > 0 || this.#lent > 0) return;
    this.#created++;
    const making = this.#create();
    this.#idle.push(making);
    try {
      await making;
    } catch (err) {
      this.#idle = this.#idle.filter((p) => p !== making);
      throw new AgentError('AGENT_ERR_DECODE', 'MP3 decoder failed to start', { cause: err });
    }
  }

  /** Frees the idle decoders (tests, shutdown). The pool stays usable; lent decoders come back as usual. */
  close(): void {
    const idle = this.#idle;
    this.#idle = [];
    for (const ready of idle) void ready.then(freeQuietly, () => undefined);
  }
}

function freeQuietly(decoder: MPEGDecoder): void {
  try {
    decoder.free();
  } catch {
    // A decoder that failed mid-way may already be half torn down; its memory goes with the instance.
  }
}

/** The process's decoders: a device has one agent, so this is "one long-lived decoder per agent" there; a simulator's
 *  thousand agents share it without holding a thousand idle instances. */
export const sharedMp3Decoders = new Mp3DecoderPool();
