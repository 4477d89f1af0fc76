// Media the benchmarks play and serve, made from the committed speech fixture so no tool is needed: MPEG frames
// concatenate, so N copies of one second of Vietnamese speech (22.05 kHz mono, ABR 32 kbps, as the hub's TTS makes)
// are an N-second bulletin. Trailing bytes make each copy a distinct SHA-256 without changing what it plays (mpg123
// skips junk after the last frame), because every emergency is new media to a device's cache.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MediaRef } from '@tinnguon/protocol';

const FIXTURE = new URL('../../test/fixtures/media/speech-vi-bare.mp3', import.meta.url);
/** What sox measured for the fixture (test/fixtures/media/fixtures.json: source-22050.wav). */
const FIXTURE_MS = 1052;

export interface BenchMedia {
  readonly bytes: Buffer;
  readonly ref: MediaRef;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** About `seconds` of speech as MP3; `unique` appends 16 random bytes so the SHA-256 is new. */
export function speechMp3(seconds: number, unique = false): BenchMedia {
  const one = readFileSync(FIXTURE);
  const copies = Math.max(1, Math.round((seconds * 1000) / FIXTURE_MS));
  const bytes = Buffer.concat([...Array.from({ length: copies }, () => one), ...(unique ? [randomBytes(16)] : [])]);
  return { bytes, ref: { sha256: sha256Hex(bytes), bytes: bytes.length, mime: 'audio/mpeg', durationMs: copies * FIXTURE_MS } };
}
