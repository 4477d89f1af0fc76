import fc from 'fast-check';
import t from 'tap';
import { checkDeclared, sniffMedia } from '../../../hub/src/media/sniff-media.js';
import { fixture } from './fixtures.js';

const wav = fixture('speech-vi.wav');
const mp3 = fixture('speech-vi.mp3');

/** `count` MPEG-1 Layer III frames at 128 kbps, 44.1 kHz: 417 bytes each (ISO 11172-3 §2.4.3.1). */
function mpegFrames(count: number, header = [0xff, 0xfb, 0x90, 0x00]): Uint8Array {
  const out = new Uint8Array(417 * count);
  for (let i = 0; i < count; i++) out.set(header, i * 417);
  return out;
}

function withWavFormat(tag: number, bits: number): Uint8Array {
  const copy = wav.slice();
  const view = new DataView(copy.buffer);
  view.setUint16(20, tag, true);
  view.setUint16(34, bits, true);
  return copy;
}

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const id3Header = (size: number): number[] => [0x49, 0x44, 0x33, 3, 0, 0, 0, 0, (size >> 7) & 0x7f, size & 0x7f];

t.test('recognises each supported type by its content', async (t) => {
  const table: [string, Uint8Array, string | null][] = [
    ['espeak-ng WAV, 16-bit PCM', wav, 'audio/wav'],
    ['MP3 behind an ID3v2 tag', mp3, 'audio/mpeg'],
    ['MP3 starting with a bare frame sync', fixture('speech-vi-bare.mp3'), 'audio/mpeg'],
    ['synthetic MPEG-1 Layer III frames', mpegFrames(3), 'audio/mpeg'],
    ['one lone frame (nothing to contradict it)', mpegFrames(1), 'audio/mpeg'],
    ['PNG', fixture('tiny.png'), 'image/png'],
    ['baseline JPEG', fixture('tiny.jpg'), 'image/jpeg'],
    ['empty', new Uint8Array(0), null],
    ['plain text', new TextEncoder().encode('Thông báo khẩn: nước lũ đang lên'), null],
    ['8-bit PCM WAV', withWavFormat(1, 8), null],
    ['IEEE float WAV', withWavFormat(3, 16), null],
    ['RIFF that is not WAVE', concat([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0], [0x41, 0x56, 0x49, 0x20]), null],
    ['ID3 tag followed by text', concat(id3Header(4), [1, 2, 3, 4], new TextEncoder().encode('not audio')), null],
    ['ID3 tag longer than the file', concat(id3Header(5000), mpegFrames(1)), null],
    ['frame sync whose next frame is missing', concat(mpegFrames(1), new Uint8Array(600).fill(0x55)), null],
    ['reserved MPEG version', mpegFrames(3, [0xff, 0xeb, 0x90, 0x00]), null],
    ['bad bitrate index', mpegFrames(3, [0xff, 0xfb, 0xf0, 0x00]), null],
    ['reserved sample rate', mpegFrames(3, [0xff, 0xfb, 0x9c, 0x00]), null],
    ['free-format bitrate', mpegFrames(3, [0xff, 0xfb, 0x00, 0x00]), null],
    ['PNG signature without IHDR', fixture('tiny.png').slice(0, 12), null],
    ['PNG with zero width', pngWithWidth(0), null],
    ['JPEG SOI then garbage', concat([0xff, 0xd8], new Uint8Array(40).fill(0x20)), null],
  ];
  for (const [name, bytes, mime] of table) {
    t.equal(sniffMedia(bytes)?.mime ?? null, mime, name);
  }
});

function pngWithWidth(width: number): Uint8Array {
  const copy = fixture('tiny.png').slice();
  new DataView(copy.buffer).setUint32(16, width);
  return copy;
}

t.test('a prefix holding the headers is enough to sniff', async (t) => {
  t.equal(sniffMedia(wav.subarray(0, 44))?.mime, 'audio/wav');
  t.equal(sniffMedia(fixture('tiny.jpg').subarray(0, 110))?.mime, 'image/jpeg');
  t.equal(sniffMedia(fixture('tiny.png').subarray(0, 33))?.mime, 'image/png');
});

t.test('never throws on arbitrary bytes, and random noise is not media', async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      sniffMedia(bytes);
    }),
  );
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 64, maxLength: 2048 }), (bytes) => {
      // Signature and IHDR chunk header forged, IHDR fields noise: the fields are checked, not just the magic.
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], 0);
      return sniffMedia(bytes) === null;
    }),
  );
  t.pass('properties held');
});

t.test('checkDeclared: the bytes decide, and a contradicting label is refused', async (t) => {
  const png = sniffMedia(fixture('tiny.png'));
  const mp3Sniff = sniffMedia(mp3);
  const wavSniff = sniffMedia(wav);
  t.equal(checkDeclared(undefined, png), 'image/png', 'no declared type');
  t.equal(checkDeclared('application/octet-stream', png), 'image/png', 'uninformative type');
  t.equal(checkDeclared('audio/mp3', mp3Sniff), 'audio/mpeg', 'alias audio/mp3');
  t.equal(checkDeclared('Audio/X-WAV; codecs=1', wavSniff), 'audio/wav', 'alias with parameters and capitals');
  t.equal(checkDeclared('image/jpg', sniffMedia(fixture('tiny.jpg'))), 'image/jpeg', 'alias image/jpg');

  const mislabelled: [string, typeof png][] = [
    ['image/png', mp3Sniff],
    ['audio/mpeg', wavSniff],
    ['audio/wav', png],
    ['video/mp4', mp3Sniff],
  ];
  for (const [declared, sniffed] of mislabelled) {
    t.throws(() => checkDeclared(declared, sniffed), { code: 'HUB_ERR_MEDIA_MISLABELLED' }, `${declared} vs ${sniffed?.mime}`);
  }
  t.throws(
    () => checkDeclared('image/png', mp3Sniff),
    { code: 'HUB_ERR_MEDIA_MISLABELLED', details: { declared: 'image/png', actual: 'audio/mpeg' } },
    'the error says what was declared and what the bytes are',
  );
  t.throws(() => checkDeclared('audio/mpeg', null), { code: 'HUB_ERR_MEDIA_UNSUPPORTED' }, 'unknown content');
  t.throws(() => checkDeclared(undefined, null), { code: 'HUB_ERR_MEDIA_UNSUPPORTED' });
});
