// A short sound decoded once and kept as PCM: the pinned attention tone, which every emergency plays first. A play of
// it reads, sniffs, parses and copies no file; it hands 100 ms blocks to the sink (issue 8: the tone's WAV parse and
// whole-file copy stood between the message and the first sound, and took up to a tenth of a simulator worker's CPU
// in an emergency's first second).
import { decodeAudioStream } from './audio-file.js';
import type { PcmChunk } from './audio-sink.js';

/** Decoded audio shared by every play of it: players copy a block before changing it (playAudio does). */
export interface DecodedAudio {
  readonly decoded: readonly PcmChunk[];
}

/** The most samples held decoded: 8 s of 16-bit stereo at 48 kHz (1.5 MiB). The hub's tone is 2 s at 16 kHz mono. */
export const DECODED_AUDIO_MAX_SAMPLES = 8 * 48_000 * 2;

export function isDecodedAudio(value: unknown): value is DecodedAudio {
  return typeof value === 'object' && value !== null && Array.isArray((value as Partial<DecodedAudio>).decoded);
}

/**
 * Decodes a whole MP3 or WAV held in memory; runs of one format are joined into one chunk. Rejects as decoding does
 * (AGENT_ERR_DECODE). Undefined past `maxSamples`: so long a sound plays from its bytes instead.
 */
export async function decodeWhole(bytes: Uint8Array, maxSamples = DECODED_AUDIO_MAX_SAMPLES): Promise<DecodedAudio | undefined> {
  const signal = new AbortController().signal;
  const runs: PcmChunk[][] = [];
  let samples = 0;
  for await (const chunk of decodeAudioStream(bytes, signal)) {
    samples += chunk.pcm.length;
    if (samples > maxSamples) return undefined;
    const run = runs[runs.length - 1];
    if (run?.[0]?.sampleRate === chunk.sampleRate && run[0].channels === chunk.channels) run.push(chunk);
    else runs.push([chunk]);
  }
  return { decoded: runs.map(join) };
}

function join(run: readonly PcmChunk[]): PcmChunk {
  const first = run[0] as PcmChunk;
  if (run.length === 1) return first;
  const pcm = new Int16Array(run.reduce((n, c) => n + c.pcm.length, 0));
  let at = 0;
  for (const c of run) {
    pcm.set(c.pcm, at);
    at += c.pcm.length;
  }
  return { sampleRate: first.sampleRate, channels: first.channels, pcm };
}
