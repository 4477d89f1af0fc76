import fc from 'fast-check';
import t from 'tap';
import { sniffAudio } from '../../../edge-agent/src/audio/audio-file.js';
import { id3v2Length, mpegChannels } from '../../../edge-agent/src/audio/mpeg-header.js';
import { parseWavHeader, wavHeader } from '../../../edge-agent/src/audio/wav-format.js';
import { isAgentError } from '../../../edge-agent/src/errors.js';
import { mp3Bytes } from './fixtures/audio-test-kit.js';

const decodeErrorOrValue = (run: () => unknown): boolean => {
  try {
    run();
    return true;
  } catch (err) {
    return isAgentError(err, 'AGENT_ERR_DECODE');
  }
};

t.test('a WAV header we write parses back to the same format and size', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 4000, max: 192000 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 2 ** 31 }),
      (sampleRate, channels, dataBytes) => {
        const parsed = parseWavHeader(wavHeader({ sampleRate, channels }, dataBytes));
        return (
          parsed?.format.sampleRate === sampleRate &&
          parsed.format.channels === channels &&
          parsed.dataOffset === 44 &&
          parsed.dataBytes === dataBytes
        );
      },
    ),
  );
  t.pass('round trip holds');
});

t.test('WAV chunks before data (LIST, odd-sized and padded) are skipped', async (t) => {
  const header = wavHeader({ sampleRate: 16000, channels: 1 }, 10);
  const list = new Uint8Array([...new TextEncoder().encode('LIST'), 3, 0, 0, 0, 1, 2, 3, 0]); // 3 bytes + pad
  const bytes = new Uint8Array([...header.subarray(0, 36), ...list, ...header.subarray(36)]);
  t.same(parseWavHeader(bytes), { format: { sampleRate: 16000, channels: 1 }, dataOffset: 56, dataBytes: 10 });
  t.equal(parseWavHeader(bytes.subarray(0, 40)), undefined, 'waits for more bytes');
});

t.test('parsing arbitrary bytes never fails with anything but AGENT_ERR_DECODE', async (t) => {
  const riffPrefix = new TextEncoder().encode('RIFF\0\0\0\0WAVE');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (tail, asRiff) => {
      const bytes = asRiff ? new Uint8Array([...riffPrefix, ...tail]) : tail;
      return decodeErrorOrValue(() => parseWavHeader(bytes)) && decodeErrorOrValue(() => sniffAudio(bytes));
    }),
  );
  t.pass('no stray exceptions');
});

t.test('sniffing tells MP3 from WAV by content and waits while it cannot tell', async (t) => {
  t.equal(sniffAudio(mp3Bytes().subarray(0, 4)), 'mp3');
  t.equal(sniffAudio(new TextEncoder().encode('ID3')), 'mp3');
  t.equal(sniffAudio(wavHeader({ sampleRate: 8000, channels: 1 }, 0)), 'wav');
  t.equal(sniffAudio(new TextEncoder().encode('RIFF')), undefined);
  t.throws(() => sniffAudio(new TextEncoder().encode('{"bulletin": 1}')), { code: 'AGENT_ERR_DECODE' });
});

t.test('the first frame header gives the channel count, after any ID3 tag', async (t) => {
  t.equal(mpegChannels(mp3Bytes()), 1, 'the mono fixture');
  const stereoFrame = [0xff, 0xfb, 0x90, 0x44]; // MPEG-1 layer III, joint stereo
  const monoFrame = [0xff, 0xfb, 0x90, 0xc4];
  t.equal(mpegChannels(new Uint8Array([0, 1, ...stereoFrame])), 2);
  t.equal(mpegChannels(new Uint8Array([...monoFrame])), 1);
  const tag = [0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 4, ...monoFrame]; // the tag's body hides a mono header
  t.equal(id3v2Length(new Uint8Array(tag)), 14);
  t.equal(mpegChannels(new Uint8Array([...tag, ...stereoFrame])), 2, 'headers inside the tag do not count');
  t.equal(mpegChannels(new Uint8Array([0xff, 0xff, 0xff])), undefined);
});
