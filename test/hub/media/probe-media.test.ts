import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import t from 'tap';
import { isHubError } from '../../../hub/src/errors.js';
import { probeMedia } from '../../../hub/src/media/probe-media.js';
import { fixture, soxMs } from './fixtures.js';

const wav = fixture('speech-vi.wav');
const mp3 = fixture('speech-vi.mp3');
const bareMp3 = fixture('speech-vi-bare.mp3');
const png = fixture('tiny.png');
const jpeg = fixture('tiny.jpg');

t.test('audio duration matches what sox measured, within 50 ms', async (t) => {
  const w = await probeMedia(wav);
  t.match(w, { mime: 'audio/wav', sampleRate: 8000, channels: 1 });
  t.ok(Math.abs((w.durationMs ?? 0) - soxMs('speech-vi.wav')) <= 1, `WAV ${w.durationMs} ms is exact`);

  // The MP3s were encoded from the 22.05 kHz original; decoding with the LAME tag's gapless info gives its length.
  for (const [name, bytes] of [
    ['ID3-tagged MP3', mp3],
    ['bare MP3', bareMp3],
  ] as const) {
    const m = await probeMedia(bytes);
    t.match(m, { mime: 'audio/mpeg', sampleRate: 22050, channels: 1 }, name);
    const off = Math.abs((m.durationMs ?? 0) - soxMs('source-22050.wav'));
    t.ok(off <= 50, `${name}: ${m.durationMs} ms vs sox ${soxMs('source-22050.wav')} ms`);
  }
});

t.test('image dimensions come from the header', async (t) => {
  t.same(await probeMedia(png), { mime: 'image/png', width: 4, height: 3 });
  t.same(await probeMedia(jpeg), { mime: 'image/jpeg', width: 16, height: 8 });
});

function withGarbageAfter(bytes: Uint8Array, keep: number, fill: 'zeros' | 'random'): Uint8Array {
  const copy = bytes.slice();
  copy.set(fill === 'zeros' ? new Uint8Array(copy.length - keep) : randomBytes(copy.length - keep), keep);
  return copy;
}

function wavWithDataBytes(declared: number, actual: number): Uint8Array {
  const copy = wav.slice(0, 44 + actual);
  new DataView(copy.buffer).setUint32(40, declared, true);
  return copy;
}

/** The PNG with IHDR's height changed and its CRC fixed, so only the image data size gives it away. */
function pngClaimingHeight(height: number): Uint8Array {
  const copy = png.slice();
  const view = new DataView(copy.buffer);
  view.setUint32(20, height);
  view.setUint32(29, crc32(copy.subarray(12, 29)));
  return copy;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A 5×3 8-bit grey PNG, Adam7-interlaced, whose image data inflates to `dataBytes` zero bytes. */
function interlacedGreyPng(dataBytes: number): Uint8Array {
  const ihdr = Buffer.from([0, 0, 0, 5, 0, 0, 0, 3, 8, 0, 0, 0, 1]);
  return Buffer.concat([
    png.subarray(0, 8),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(new Uint8Array(dataBytes))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

t.test('an interlaced PNG is checked against its seven Adam7 passes', async (t) => {
  // Passes of a 5×3 image (PNG §8.2): 1×1, 1×1, none, 1×1, 3×1, 2×2, 5×1 pixels, each row with a filter byte:
  // 2 + 2 + 0 + 2 + 4 + 6 + 6 = 22 bytes, where the same image not interlaced takes 3 × (1 + 5) = 18.
  t.same(await probeMedia(interlacedGreyPng(22)), { mime: 'image/png', width: 5, height: 3 });
  await t.rejects(probeMedia(interlacedGreyPng(18)), { code: 'HUB_ERR_MEDIA_CORRUPT' });
});

t.test('broken files are HUB_ERR_MEDIA_CORRUPT, foreign ones HUB_ERR_MEDIA_UNSUPPORTED', async (t) => {
  const flippedIdat = png.slice();
  flippedIdat[45] = (flippedIdat[45] ?? 0) ^ 0xff;
  const table: [string, Uint8Array, string][] = [
    ['MP3 cut inside its last frame', mp3.slice(0, mp3.length - 10), 'HUB_ERR_MEDIA_CORRUPT'],
    ['MP3 cut after its first 300 bytes', mp3.slice(0, 300), 'HUB_ERR_MEDIA_CORRUPT'],
    ['MP3 zeroed after 400 bytes', withGarbageAfter(bareMp3, 400, 'zeros'), 'HUB_ERR_MEDIA_CORRUPT'],
    ['MP3 overwritten with noise after 400 bytes', withGarbageAfter(bareMp3, 400, 'random'), 'HUB_ERR_MEDIA_CORRUPT'],
    ['WAV cut short', wav.slice(0, wav.length - 1000), 'HUB_ERR_MEDIA_CORRUPT'],
    ['WAV with an empty data chunk', wavWithDataBytes(0, 0), 'HUB_ERR_MEDIA_CORRUPT'],
    ['WAV without a data chunk', wav.slice(0, 36), 'HUB_ERR_MEDIA_CORRUPT'],
    ['PNG without its last bytes', png.slice(0, png.length - 5), 'HUB_ERR_MEDIA_CORRUPT'],
    ['PNG with a damaged image chunk', flippedIdat, 'HUB_ERR_MEDIA_CORRUPT'],
    ['PNG promising more rows than it holds', pngClaimingHeight(4), 'HUB_ERR_MEDIA_CORRUPT'],
    ['JPEG without end-of-image', jpeg.slice(0, jpeg.length - 2), 'HUB_ERR_MEDIA_CORRUPT'],
    ['JPEG cut before its scan', jpeg.slice(0, 140), 'HUB_ERR_MEDIA_CORRUPT'],
    ['plain text', new TextEncoder().encode('Thông báo khẩn'), 'HUB_ERR_MEDIA_UNSUPPORTED'],
    ['empty', new Uint8Array(0), 'HUB_ERR_MEDIA_UNSUPPORTED'],
  ];
  for (const [name, bytes, code] of table) {
    await t.rejects(probeMedia(bytes), { code }, name);
  }
});

t.test('every cut of a fixture is either refused with a coded error or a shorter valid file', async (t) => {
  const cases: [string, Uint8Array, number][] = [
    ['speech-vi.wav', wav, 37],
    ['speech-vi.mp3', mp3, 61],
    ['tiny.png', png, 1],
    ['tiny.jpg', jpeg, 1],
  ];
  for (const [name, bytes, step] of cases) {
    const full = await probeMedia(bytes);
    let accepted = 0;
    for (let length = 0; length < bytes.length; length += step) {
      try {
        const cut = await probeMedia(bytes.slice(0, length));
        // Only an MP3 cut exactly between frames is still a whole file, and then it is shorter.
        t.equal(cut.mime, 'audio/mpeg', `${name} cut at ${length} accepted`);
        t.ok((cut.durationMs ?? 0) < (full.durationMs ?? 0), `${name} cut at ${length} is shorter`);
        accepted++;
      } catch (err) {
        if (!isHubError(err, 'HUB_ERR_MEDIA_CORRUPT') && !isHubError(err, 'HUB_ERR_MEDIA_UNSUPPORTED')) {
          t.fail(`${name} cut at ${length}: ${String(err)}`);
        }
      }
    }
    t.ok(accepted <= bytes.length / step / 4, `${name}: ${accepted} cuts accepted`);
  }
});
