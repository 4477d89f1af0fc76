// One long-lived WASM decoder serves play after play (issue 8): each stream starts from a clean mpg123 state, so what
// plays is exactly what a new decoder would give, whether the last stream ended, was cut mid-frame, or threw.
import t from 'tap';
import { MPEGDecoder } from 'mpg123-decoder';
import { Mp3DecoderPool } from '../../../edge-agent/src/audio/mp3-decoder-pool.js';
import { readFileSync } from 'node:fs';
import { decodeMp3Stream, warmMp3Decoding } from '../../../edge-agent/src/audio/mp3-decoder.js';
import { WARM_UP_MUSIC_MP3 } from '../../../edge-agent/src/audio/warm-up-samples.js';
import type { AgentErrorCode } from '../../../edge-agent/src/errors.js';
import { chunked, drain, mp3Bytes, type Decoded } from './fixtures/audio-test-kit.js';

const live = (): AbortSignal => new AbortController().signal;
const isCode = (code: AgentErrorCode) => ({ name: 'AgentError', code });
const audio = ({ frames, sampleRate, channels, checksum }: Decoded) => ({ frames, sampleRate, channels, checksum });

/** What a new decoder makes of `bytes`. */
async function freshly(bytes: Uint8Array): Promise<ReturnType<typeof audio>> {
  return audio(await drain(decodeMp3Stream(chunked(bytes, 4096), live(), new Mp3DecoderPool())));
}

/** The library's public API only, as a future version without today's internals would offer. */
async function publicOnly(): Promise<MPEGDecoder> {
  const real = new MPEGDecoder();
  await real.ready;
  const api = {
    ready: Promise.resolve(),
    decode: (bytes: Uint8Array) => real.decode(bytes),
    reset: () => real.reset(),
    free: () => real.free(),
  };
  return api as unknown as MPEGDecoder;
}

t.test('a decoder lent again decodes its next stream exactly as a new one, after a stream cut mid-frame', async (t) => {
  const bytes = mp3Bytes();
  const tail = bytes.subarray(Math.floor(bytes.length / 2) + 37); // starts inside a frame
  const pool = new Mp3DecoderPool();
  const cut = decodeMp3Stream(chunked(bytes, 777), live(), pool);
  t.equal((await cut.next()).done, false);
  await cut.return();
  t.same(audio(await drain(decodeMp3Stream(chunked(bytes, 4096), live(), pool))), await freshly(bytes), 'the whole file, as new');
  t.same(audio(await drain(decodeMp3Stream(chunked(tail, 1000), live(), pool))), await freshly(tail), 'a stream starting mid-frame, as new');
  t.match(pool.stats(), { created: 1, recycledInPlace: 3, recycledByReset: 0, decodedDirect: 3, lent: 0, idle: 1 }, 'one WASM instance for all three, driven below the public API (mpg123-decoder 1.0.x)');
});

t.test('without the library internals the public API gives the same audio', async (t) => {
  const bytes = mp3Bytes();
  const pool = new Mp3DecoderPool({ create: publicOnly });
  const expected = await freshly(bytes);
  t.same(audio(await drain(decodeMp3Stream(chunked(bytes, 4096), live(), pool))), expected);
  t.same(audio(await drain(decodeMp3Stream(chunked(bytes, 3000), live(), pool))), expected, 'after reset()');
  t.match(pool.stats(), { created: 1, recycledByReset: 2, recycledInPlace: 0, decodedDirect: 0 });
});

t.test('warm() makes the decoder ahead of need; a stream starting meanwhile takes that one', async (t) => {
  const pool = new Mp3DecoderPool();
  const warming = pool.warm();
  const decoded = drain(decodeMp3Stream(chunked(mp3Bytes(), 4096), live(), pool));
  await warming;
  t.ok((await decoded).frames > 0);
  await pool.warm();
  t.match(pool.stats(), { created: 1, idle: 1, lent: 0 }, 'one instance, ready again; a second warm() adds none');
});

t.test('warmMp3Decoding leaves one ready decoder that has already decoded speech and music', async (t) => {
  const pool = new Mp3DecoderPool();
  await warmMp3Decoding(pool);
  t.match(pool.stats(), { created: 1, idle: 1, lent: 0, recycledInPlace: 6 });
  const bytes = mp3Bytes();
  t.same(audio(await drain(decodeMp3Stream(chunked(bytes, 4096), live(), pool))), await freshly(bytes), 'and the next play is as new');
});

t.test('idle decoders are bounded; lent ones beyond the bound are freed when they come back', async (t) => {
  const pool = new Mp3DecoderPool({ maxIdle: 2 });
  const lent = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
  t.match(pool.stats(), { created: 3, lent: 3, idle: 0 });
  for (const decoder of lent) pool.release(decoder);
  t.match(pool.stats(), { lent: 0, idle: 2 });
  pool.release(lent[0]);
  t.match(pool.stats(), { lent: 0, idle: 2 }, 'a second release of the same decoder is ignored');
  pool.close();
  t.match(pool.stats(), { idle: 0 });
});

t.test('a decoder that threw is freed, never lent again', async (t) => {
  let made = 0;
  const pool = new Mp3DecoderPool({
    create: async () => {
      made++;
      const decoder = await publicOnly();
      if (made === 1) decoder.decode = () => { throw new Error('WASM trap'); };
      return decoder;
    },
  });
  await t.rejects(drain(decodeMp3Stream(chunked(mp3Bytes(), 4096), live(), pool)), isCode('AGENT_ERR_DECODE'));
  t.match(pool.stats(), { lent: 0, idle: 0 });
  t.ok((await drain(decodeMp3Stream(chunked(mp3Bytes(), 4096), live(), pool))).frames > 0, 'the next stream gets a new one');
  t.equal(made, 2);
});

t.test('a WASM instance that cannot be made is AGENT_ERR_DECODE, for warm() and for a stream', async (t) => {
  const pool = new Mp3DecoderPool({ create: () => Promise.reject(new Error('out of memory')) });
  await t.rejects(pool.warm(), isCode('AGENT_ERR_DECODE'));
  await t.rejects(drain(decodeMp3Stream(chunked(mp3Bytes(), 4096), live(), pool)), isCode('AGENT_ERR_DECODE'));
  t.match(pool.stats(), { lent: 0, idle: 0 });
});

t.test('both decoding paths give the same PCM, sample for sample, for mono speech and stereo music', async (t) => {
  const files: [string, Uint8Array][] = [
    ['speech-vi.mp3 (22.05 kHz mono)', mp3Bytes()],
    ['speech-vi-bare.mp3 (no ID3 tag)', new Uint8Array(readFileSync(new URL('../../fixtures/media/speech-vi-bare.mp3', import.meta.url)))],
    ['lame 128 kbps (44.1 kHz stereo)', new Uint8Array(Buffer.from(WARM_UP_MUSIC_MP3, 'base64'))],
  ];
  const direct = new Mp3DecoderPool();
  const viaPublic = new Mp3DecoderPool({ create: publicOnly });
  for (const [name, bytes] of files) {
    for (const size of [333, 4096, bytes.length]) {
      const fast = audio(await drain(decodeMp3Stream(chunked(bytes, size), live(), direct)));
      const slow = audio(await drain(decodeMp3Stream(chunked(bytes, size), live(), viaPublic)));
      t.ok(fast.frames > 0, `${name}: decoded`);
      t.same(fast, slow, `${name} in ${size}-byte pieces: same frames, rate, channels and PCM checksum`);
    }
  }
  t.match(direct.stats(), { created: 1, decodedDirect: 9 }, 'the first pool really went below the public API');
  t.match(viaPublic.stats(), { decodedDirect: 0, recycledByReset: 9 }, 'and the second through it');
});

t.test('one WASM instance serves thousands of streams: renewing the mpg123 handle leaks nothing inside it', async (t) => {
  const pool = new Mp3DecoderPool();
  const bytes = mp3Bytes();
  for (let i = 0; i < 2000; i++) {
    const cut = decodeMp3Stream(chunked(bytes, 4096), live(), pool);
    await cut.next();
    await cut.return();
  }
  // The instance's memory cannot grow (the library's build refuses): a leak would make handle creation fail and the
  // pool fall back to new instances.
  t.match(pool.stats(), { created: 1, recycledInPlace: 2000, lent: 0 });
  t.same(audio(await drain(decodeMp3Stream(chunked(bytes, 4096), live(), pool))), await freshly(bytes), 'and still decodes as new');
});
