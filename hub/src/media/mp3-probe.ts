// MP3 duration is measured by decoding with the same WASM decoder the agents play with (design.md §10), so the
// hub's idea of a bulletin's length matches what the loudspeaker will actually play. Header arithmetic alone is
// fooled by VBR files, junk and encoder padding; with a LAME/Xing tag the decoder also trims encoder delay and padding
// (gapless), which is what makes the length exact.

import { MPEGDecoder } from 'mpg123-decoder';
import { HubError } from '../errors.js';
import type { MediaProbe } from './media-types.js';
import { skipId3v2, walkMpegFrames } from './mpeg-frame.js';

/** Bytes handed to the decoder per call: bounds the decoded PCM held at once to a few MB. */
export const MP3_DECODE_CHUNK_BYTES = 64 * 1024;

interface DecodeTotals {
  readonly samples: number;
  readonly sampleRate: number;
  readonly errors: number;
}

/**
 * Probes an MP3 and throws HUB_ERR_MEDIA_CORRUPT when it is truncated mid-frame, mostly not audio, decodes to no
 * samples, or fails to decode in more than half its frames.
 */
export async function probeMp3(bytes: Uint8Array): Promise<MediaProbe> {
  const start = skipId3v2(bytes);
  if (start < 0) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'MP3 ends inside its ID3v2 tag');
  const walk = walkMpegFrames(bytes, start);
  if (walk.first === null || walk.frames === 0) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'MP3 has no audio frames');
  if (walk.truncated) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'MP3 truncated in its last frame');
  if (walk.junkBytes > walk.audioBytes) {
    throw new HubError('HUB_ERR_MEDIA_CORRUPT', `MP3 is mostly not audio (${walk.junkBytes} stray bytes)`);
  }
  const totals = await decodeAll(bytes.subarray(start));
  if (totals.samples === 0 || totals.sampleRate === 0) {
    throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'MP3 decodes to no audio');
  }
  if (totals.errors * 2 > walk.frames) {
    throw new HubError('HUB_ERR_MEDIA_CORRUPT', `MP3 decode errors in ${totals.errors} of ${walk.frames} frames`);
  }
  return {
    mime: 'audio/mpeg',
    durationMs: Math.round((totals.samples * 1000) / totals.sampleRate),
    sampleRate: totals.sampleRate,
    channels: walk.first.channels,
  };
}

async function decodeAll(bytes: Uint8Array): Promise<DecodeTotals> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  let samples = 0;
  let sampleRate = 0;
  let errors = 0;
  try {
    for (let offset = 0; offset < bytes.length; offset += MP3_DECODE_CHUNK_BYTES) {
      const result = quietly(() => decoder.decode(bytes.subarray(offset, offset + MP3_DECODE_CHUNK_BYTES)));
      samples += result.samplesDecoded;
      errors += result.errors.length;
      if (result.sampleRate > 0) sampleRate = result.sampleRate;
    }
  } finally {
    decoder.free();
  }
  return { samples, sampleRate, errors };
}

/**
 * mpg123-decoder reports each frame error with console.error as well as in its result. The hub logs only through
 * its own logger (style.md §11) and counts errors from the result, so the console is muted for this synchronous call.
 */
function quietly<T>(decode: () => T): T {
  const original = console.error;
  console.error = () => undefined;
  try {
    return decode();
  } finally {
    console.error = original;
  }
}
