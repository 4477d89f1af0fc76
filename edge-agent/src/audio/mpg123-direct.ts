// mpg123-decoder below its public API (issue 8: first PCM ≤ 10 ms, ≥ 200× real time, agent RSS ≤ 80 MiB). Two things
// the public API only does expensively:
//
// - A new stream in the same instance. reset() is free() + a new WASM instance (2–7 ms, ~17 MiB reserved until the
//   GC notices); here the mpg123 handle is destroyed and created again inside the instance, as the library's own
//   free() and init do, so no stream state — a half-fed frame, the bit reservoir, gapless counters — carries over.
// - Decoding without garbage. decode() copies every frame out of WASM memory twice (a slice per frame and channel,
//   then a concatenation), about 16 bytes of short-lived float arrays per sample that glibc keeps resident after the
//   GC frees them; here the caller converts straight from the WASM output buffer.
//
// Both read fields of mpg123-decoder 1.0.x (src/MPEGDecoder.js), checked at run time: without them the public API is
// used, slower but equally right; test/edge-agent/audio/mp3-decoder-pool.test.ts asserts the fast paths are taken.
import type { MPEGDecoder } from 'mpg123-decoder';

/** Views into the decoder's memory, valid only until the callback returns. */
export type SamplesCallback = (left: Float32Array, right: Float32Array, sampleRate: number) => void;

/** What mpg123 returns (mpg123.h). */
const MPG123_NEED_MORE = -10;
const MPG123_NEW_FORMAT = -11;
/** Reads that fail in a row before more input is fed: mpg123 skips damaged data on its own, but must not spin. */
const MAX_FAILED_READS = 16;

interface WasmArray<T> {
  readonly ptr: number;
  readonly len: number;
  readonly buf: T;
}

interface Internals {
  _decoder: number;
  _inputBytes: number;
  _outputSamples: number;
  _frameNumber: number;
  readonly _input: WasmArray<Uint8Array>;
  readonly _output: WasmArray<Float32Array>;
  readonly _samplesDecodedPtr: WasmArray<Uint32Array>;
  readonly _sampleRatePtr: WasmArray<Uint32Array>;
  readonly _errorStringPtr: WasmArray<Uint32Array>;
  readonly _common: {
    readonly wasm: {
      mpeg_frame_decoder_create(decoderPtrPtr: number, enableGapless: number): number;
      mpeg_frame_decoder_destroy(decoderPtr: number): void;
      mpeg_decoder_feed(decoderPtr: number, inputPtr: number, length: number): number;
      mpeg_decoder_read(decoderPtr: number, outputPtr: number, outputLength: number, samplesPtr: number, sampleRatePtr: number, errorPtr: number): number;
      free(ptr: number): void;
    };
    allocateTypedArray(len: number, type: Uint32ArrayConstructor, setPointer: boolean): WasmArray<Uint32Array>;
  };
}

function isArray(a: unknown, type: new (...args: never[]) => unknown): boolean {
  const v = a as Partial<WasmArray<unknown>> | undefined;
  return typeof v?.ptr === 'number' && typeof v.len === 'number' && v.buf instanceof type;
}

/** The internals, if this version of the library has them. */
export function internalsOf(decoder: MPEGDecoder): Internals | undefined {
  const d = decoder as unknown as Partial<Internals>;
  const wasm = d._common?.wasm;
  const ok =
    typeof d._decoder === 'number' &&
    typeof d._common?.allocateTypedArray === 'function' &&
    typeof wasm?.mpeg_frame_decoder_create === 'function' &&
    typeof wasm.mpeg_frame_decoder_destroy === 'function' &&
    typeof wasm.mpeg_decoder_feed === 'function' &&
    typeof wasm.mpeg_decoder_read === 'function' &&
    typeof wasm.free === 'function' &&
    isArray(d._input, Uint8Array) &&
    isArray(d._output, Float32Array) &&
    isArray(d._samplesDecodedPtr, Uint32Array) &&
    isArray(d._sampleRatePtr, Uint32Array) &&
    isArray(d._errorStringPtr, Uint32Array);
  return ok ? (d as Internals) : undefined;
}

/** A fresh mpg123 handle in the same WASM instance; false when it could not be made (drop the instance then: the old
 *  handle is gone, and freeing it again through the library could corrupt the instance's heap). */
export function renewHandle(d: Internals): boolean {
  const { wasm } = d._common;
  wasm.mpeg_frame_decoder_destroy(d._decoder);
  wasm.free(d._decoder);
  d._decoder = 0;
  const slot = d._common.allocateTypedArray(1, Uint32Array, false);
  try {
    // 1 = gapless on: the library's default, which the instance's first stream had too.
    if (wasm.mpeg_frame_decoder_create(slot.ptr, 1) !== 0) return false;
    d._decoder = slot.buf[0] ?? 0;
  } finally {
    wasm.free(slot.ptr);
  }
  d._inputBytes = 0;
  d._outputSamples = 0;
  d._frameNumber = 0;
  return d._decoder !== 0;
}

/** Feeds `bytes` and hands every decoded block to `onSamples` straight from the output buffer (left, then right:
 *  the library forces stereo). */
export function decodeDirect(d: Internals, bytes: Uint8Array, onSamples: SamplesCallback): void {
  const { wasm } = d._common;
  const input = d._input;
  const output = d._output;
  const samples = d._samplesDecodedPtr;
  const rate = d._sampleRatePtr;
  for (let at = 0; at < bytes.length; ) {
    const piece = bytes.subarray(at, at + input.len);
    at += piece.length;
    input.buf.set(piece);
    if (wasm.mpeg_decoder_feed(d._decoder, input.ptr, piece.length) === MPG123_NEED_MORE) continue;
    for (let failed = 0; failed < MAX_FAILED_READS; ) {
      samples.buf[0] = 0;
      const result = wasm.mpeg_decoder_read(d._decoder, output.ptr, output.len, samples.ptr, rate.ptr, d._errorStringPtr.ptr);
      const n = samples.buf[0] ?? 0;
      if (n > 0) onSamples(output.buf.subarray(0, n), output.buf.subarray(n, 2 * n), rate.buf[0] ?? 0);
      if (result === MPG123_NEED_MORE) break;
      // MPG123_NEW_FORMAT starts a stream (or a concatenated one); another error is damaged data, which mpg123
      // resynchronises past on the next read. Reads that keep giving nothing end the loop either way.
      failed = n > 0 || (result === MPG123_NEW_FORMAT && failed === 0) ? 0 : failed + 1;
    }
  }
}

/** The public API's way, for a library without the internals above. */
export function decodePublic(decoder: MPEGDecoder, bytes: Uint8Array, onSamples: SamplesCallback): void {
  const decoded = decoder.decode(bytes);
  if (decoded.samplesDecoded === 0) return;
  const left = decoded.channelData[0] ?? new Float32Array(decoded.samplesDecoded);
  onSamples(left, decoded.channelData[1] ?? left, decoded.sampleRate);
}
