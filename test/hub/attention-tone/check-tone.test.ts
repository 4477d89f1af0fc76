// An operator's own attention tone is checked before the hub starts (design.md §5): every file a loudspeaker could
// not play, or that would hold up the warning, is refused with HUB_ERR_ATTENTION_TONE_INVALID and the reason.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import t from 'tap';
import { parseWavHeader } from '../../../edge-agent/src/audio/wav-format.js';
import { MAX_TONE_FILE_BYTES, checkAttentionTone, generateChime } from '../../../hub/src/attention-tone/index.js';
import { isHubError } from '../../../hub/src/errors.js';
import { sineWav } from './tone-fixtures.js';

function patched(bytes: Uint8Array, at: number, value: number, width: 2 | 4): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (width === 2) view.setUint16(at, value, true);
  else view.setUint32(at, value, true);
  return copy;
}

t.test('tones the loudspeakers play are accepted, with their measured length', async (t) => {
  t.same(checkAttentionTone(sineWav(1000), 'a.wav'), { sampleRate: 22_050, channels: 1, durationMs: 1000 });
  t.same(checkAttentionTone(sineWav(500, 48_000, 2), 'b.wav'), { sampleRate: 48_000, channels: 2, durationMs: 500 });
  const fixture = readFileSync(new URL('../../fixtures/media/speech-vi.wav', import.meta.url));
  t.same(checkAttentionTone(fixture, 'speech-vi.wav'), { sampleRate: 8000, channels: 1, durationMs: 1052 }, 'a real recording (sox, 8 kHz)');
});

const tone = sineWav(1000);
const cases: readonly (readonly [string, Uint8Array, RegExp])[] = [
  ['an MP3 (the agents play it, but the tone must be exact PCM)', readFileSync(new URL('../../fixtures/media/speech-vi.mp3', import.meta.url)), /not a 16-bit PCM WAV/],
  ['an image', readFileSync(new URL('../../fixtures/media/tiny.png', import.meta.url)), /not a 16-bit PCM WAV/],
  ['8-bit PCM', patched(patched(patched(tone, 34, 8, 2), 32, 1, 2), 28, 22_050, 4), /not a 16-bit PCM WAV/],
  ['IEEE float', patched(tone, 20, 3, 2), /not a 16-bit PCM WAV/],
  ['96 kHz', sineWav(1000, 96_000), /96000 Hz/],
  ['4 kHz', sineWav(1000, 4000), /4000 Hz/],
  ['four channels', sineWav(1000, 16_000, 4), /4 channels/],
  ['50 ms', sineWav(50), /50 ms long/],
  ['twelve seconds', sineWav(12_000, 8000), /12000 ms long/],
  ['silence', sineWav(1000, 16_000, 1, 0), /silent/],
  ['almost silence (−40 dBFS)', sineWav(1000, 16_000, 1, 300), /silent/],
  ['cut short in transfer', tone.subarray(0, tone.length - 1000), /declares/],
  ['a streamed size never filled in', patched(tone, 40, 0xffffffff, 4), /declares/],
  ['a header without a data chunk', tone.subarray(0, 36), /no data chunk/],
  ['far too large', new Uint8Array(MAX_TONE_FILE_BYTES + 1), /bytes, more than/],
];

t.test('unfit tones are refused with the code and the reason', async (t) => {
  for (const [what, bytes, why] of cases) {
    t.throws(() => checkAttentionTone(bytes, '/srv/tone.wav'), { code: 'HUB_ERR_ATTENTION_TONE_INVALID', message: why }, what);
  }
  t.throws(() => checkAttentionTone(tone.subarray(0, 100), '/srv/tone.wav'), { message: /\/srv\/tone\.wav/ }, 'the message names the file');
});

t.test('fuzz: any bytes are either a tone the agent reads, or refused with the code', async () => {
  const valid = generateChime();
  const mutated = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 44, max: valid.length })).map(([at, byte, cut]) => {
    const copy = valid.slice(0, cut);
    copy[at] = byte;
    return copy;
  });
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (bytes) => {
      try {
        const checked = checkAttentionTone(bytes, 'fuzz.wav');
        // Accepted: the agent's own reader must agree on the format.
        const header = parseWavHeader(bytes);
        return header?.format.sampleRate === checked.sampleRate && header.format.channels === checked.channels;
      } catch (err) {
        return isHubError(err, 'HUB_ERR_ATTENTION_TONE_INVALID');
      }
    }),
    { numRuns: 500 },
  );
});
