// PNG encode/decode: snapshots must be exact pictures of the frame (the console compares them pixel for pixel with
// its preview), and the decoder must read what editors export and refuse damaged files with a coded error.
import fc from 'fast-check';
import t from 'tap';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32 } from '../../../edge-agent/src/led/crc32.js';
import { createFramebuffer, framesEqual, setPixel } from '../../../edge-agent/src/led/framebuffer.js';
import { decodePng } from '../../../edge-agent/src/led/png-decode.js';
import { encodePng } from '../../../edge-agent/src/led/png-encode.js';
import { renderSlide } from '../../../edge-agent/src/led/render-slide.js';
import { buildPng, textSlide } from './helpers/led-test-kit.js';

t.test('CRC-32 matches the standard check value and zlib', async (t) => {
  t.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  const bytes = Buffer.from('Bão số 3 đổ bộ');
  t.equal(crc32(bytes), zlibCrc32(bytes));
  t.equal(crc32(bytes.subarray(5), crc32(bytes.subarray(0, 5))), crc32(bytes), 'continues across buffers');
});

t.test('a rendered frame round-trips through encodePng and decodePng', async (t) => {
  const frame = renderSlide(textSlide('ĐẮK NÔNG ƯU TIÊN', { colour: '#33ff66', background: '#100020' }), { width: 128, height: 32, elapsedMs: 0 });
  const png = encodePng(frame);
  t.ok(framesEqual(decodePng(png), frame));
  t.ok(encodePng(frame).equals(png), 'same frame, same bytes');
});

t.test('any frame round-trips (property)', async (t) => {
  const frames = fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }))
    .chain(([w, h]) => fc.tuple(fc.constant(w), fc.constant(h), fc.uint8Array({ minLength: w * h * 3, maxLength: w * h * 3 })));
  fc.assert(
    fc.property(frames, ([width, height, pixels]) => {
      const fb = { width, height, pixels };
      return framesEqual(decodePng(encodePng(fb)), fb);
    }),
    { numRuns: 60 },
  );
  t.pass('round-trips');
});

t.test('decodes RGB, RGBA, grey, grey+alpha and palette images with every row filter', async (t) => {
  const filters = [0, 1, 2, 3, 4];
  const rgb = buildPng({ width: 3, height: 5, colourType: 2, depth: 8, filters, rows: Array.from({ length: 5 }, (_, y) => Uint8Array.from([10 * y, 20, 30, 40, 50 + y, 60, 70, 80, 90 + y])) });
  const decoded = decodePng(rgb);
  t.same([...decoded.pixels.subarray(0, 9)], [0, 20, 30, 40, 50, 60, 70, 80, 90]);
  t.same([...decoded.pixels.subarray(36, 45)], [40, 20, 30, 40, 54, 60, 70, 80, 94]);

  const rgba = decodePng(buildPng({ width: 2, height: 1, colourType: 6, depth: 8, rows: [Uint8Array.from([200, 100, 50, 255, 200, 100, 50, 0])] }));
  t.same([...rgba.pixels], [200, 100, 50, 0, 0, 0], 'transparent pixels are unlit');

  const grey = decodePng(buildPng({ width: 2, height: 2, colourType: 0, depth: 8, filters: [4], rows: [Uint8Array.from([0, 255]), Uint8Array.from([128, 64])] }));
  t.same([...grey.pixels], [0, 0, 0, 255, 255, 255, 128, 128, 128, 64, 64, 64]);

  const greyAlpha = decodePng(buildPng({ width: 1, height: 1, colourType: 4, depth: 8, rows: [Uint8Array.from([200, 128])] }));
  t.same([...greyAlpha.pixels], [100, 100, 100], 'half transparent over black');

  const palette = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255]);
  const pal = decodePng(buildPng({ width: 4, height: 1, colourType: 3, depth: 2, palette, trns: Uint8Array.from([255, 255, 0]), rows: [Uint8Array.from([0b00011000])] }));
  t.same([...pal.pixels], [255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0], '2-bit palette with a transparent entry');

  const oneBit = decodePng(buildPng({ width: 3, height: 1, colourType: 0, depth: 1, rows: [Uint8Array.from([0b10100000])] }));
  t.same([...oneBit.pixels], [255, 255, 255, 0, 0, 0, 255, 255, 255]);

  const sixteen = decodePng(buildPng({ width: 1, height: 1, colourType: 2, depth: 16, rows: [Uint8Array.from([0x12, 0x34, 0xab, 0xcd, 0xff, 0x00])] }));
  t.same([...sixteen.pixels], [0x12, 0xab, 0xff], '16-bit samples keep their high byte');
});

t.test('damaged or unsupported PNGs are AGENT_ERR_IMAGE_DECODE', async (t) => {
  const good = encodePng(createFramebuffer(4, 4));
  const badCrc = Buffer.from(good);
  badCrc[30] = (badCrc[30] ?? 0) ^ 0xff;
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['JPEG bytes', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0]), /signature/],
    ['a flipped byte', badCrc, /CRC/],
    ['a truncated file', good.subarray(0, good.length - 20), /past the end|IEND/],
    ['an interlaced image', buildPng({ width: 1, height: 1, colourType: 2, depth: 8, interlace: true, rows: [Uint8Array.from([1, 2, 3])] }), /interlaced/],
    ['an invalid depth', buildPng({ width: 1, height: 1, colourType: 2, depth: 4, rows: [Uint8Array.from([1, 2])] }), /not valid/],
    ['a palette image without PLTE', buildPng({ width: 1, height: 1, colourType: 3, depth: 8, rows: [Uint8Array.from([0])] }), /PLTE/],
    ['a palette index out of range', buildPng({ width: 1, height: 1, colourType: 3, depth: 8, palette: Uint8Array.from([1, 2, 3]), rows: [Uint8Array.from([5])] }), /out of range/],
  ];
  for (const [name, bytes, message] of cases) {
    t.throws(() => decodePng(bytes), { code: 'AGENT_ERR_IMAGE_DECODE', message }, name);
  }
});

t.test('a huge declared size is refused before inflating', async (t) => {
  const png = encodePng(createFramebuffer(2, 2));
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  const ihdr = png.subarray(12, 29);
  png.writeUInt32BE(crc32(ihdr), 29);
  t.throws(() => decodePng(png), { code: 'AGENT_ERR_IMAGE_DECODE', message: /out of range/ });
});

t.test('setPixel outside the frame is ignored (clipping)', async (t) => {
  const fb = createFramebuffer(2, 2);
  setPixel(fb, -1, 0, [255, 255, 255]);
  setPixel(fb, 2, 1, [255, 255, 255]);
  t.same([...fb.pixels], new Array(12).fill(0));
});
