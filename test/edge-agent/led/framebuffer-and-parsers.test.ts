// Small pieces with sharp edges: framebuffer clipping, colour parsing, glyph-sheet validation, the worker protocol.
import t from 'tap';
import { blit, createFramebuffer, fillRect, getPixel, parseColour } from '../../../edge-agent/src/led/framebuffer.js';
import { parseSheet } from '../../../edge-agent/src/led/font/glyph-sheet.js';
import { parseFromWorker, parseToWorker } from '../../../edge-agent/src/led/rpi-led-matrix-protocol.js';
import { renderSlideWithIssues } from '../../../edge-agent/src/led/render-slide.js';
import { textSlide, toAscii } from './helpers/led-test-kit.js';

t.test('blit copies with clipping on every side', async (t) => {
  const dst = createFramebuffer(4, 3);
  const src = createFramebuffer(3, 2, [9, 8, 7]);
  blit(dst, src, 2, 2);
  t.equal(toAscii(dst), '....\n....\n..##');
  blit(dst, src, -2, -1);
  t.equal(toAscii(dst), '#...\n....\n..##');
  blit(dst, src, 10, 0);
  blit(dst, src, 0, 10);
  t.equal(toAscii(dst), '#...\n....\n..##', 'fully outside: nothing');
  t.same(getPixel(dst, 0, 0), [9, 8, 7]);
  t.same(getPixel(dst, -1, 0), [0, 0, 0], 'outside reads as black');
  fillRect(dst, -5, 1, 100, 1, [1, 1, 1]);
  t.equal(toAscii(dst).split('\n')[1], '####');
});

t.test('colours parse from #rrggbb only', async (t) => {
  t.same(parseColour('#ffcc00'), [255, 204, 0]);
  t.same(parseColour('#0A0b0C'), [10, 11, 12]);
  for (const bad of ['ffcc00', '#fc0', '#ggcc00', 'red', '#ffcc001']) t.throws(() => parseColour(bad), { code: 'AGENT_ERR_LED_RENDER' }, bad);
  t.same([...createFramebuffer(1, 1, [1, 2, 3]).pixels], [1, 2, 3]);
});

t.test('malformed glyph sheets are rejected with the glyph named', async (t) => {
  const rows = (row: string) => `\n${Array.from({ length: 11 }, () => row).join('\n')}\n`;
  t.equal(parseSheet('ab', rows('#. .#')).get('b')?.width, 2);
  t.throws(() => parseSheet('ab', `${rows('#. .#')}#. .`), /has 12 rows/);
  t.throws(() => parseSheet('ab', rows('#. .#').replace('#. .#', '#. .')), /glyph 'b' has ragged/);
  t.throws(() => parseSheet('a', rows('#x')), /glyph 'a'/);
  t.throws(() => parseSheet('a', '\n#\n#\n'), /has 2 rows/);
  t.throws(() => parseSheet('a', rows('# #')), /wrong number of glyphs/);
});

t.test('worker messages are validated on the way in', async (t) => {
  t.same(parseFromWorker({ type: 'ready', width: 64, height: 16 }), { type: 'ready', width: 64, height: 16 });
  t.same(parseFromWorker({ type: 'ack', id: 3 }), { type: 'ack', id: 3 });
  t.same(parseFromWorker({ type: 'error', message: 'x' }), { type: 'error', message: 'x' });
  t.same(parseFromWorker({ type: 'error', id: 2, message: 'x' }), { type: 'error', id: 2, message: 'x' });
  for (const bad of [null, 'ready', { type: 'ready', width: -1, height: 1 }, { type: 'ack', id: 1.5 }, { type: 'error' }, { type: 'exec', cmd: 'rm' }]) {
    t.equal(parseFromWorker(bad), undefined, JSON.stringify(bad));
  }
  const pixels = new Uint8Array(2 * 1 * 3);
  t.same(parseToWorker({ type: 'frame', id: 1, width: 2, height: 1, pixels }), { type: 'frame', id: 1, width: 2, height: 1, pixels });
  t.equal(parseToWorker({ type: 'frame', id: 1, width: 3, height: 1, pixels }), undefined, 'pixel count must match the size');
  t.equal(parseToWorker({ type: 'frame', id: 1, width: 2, height: 1, pixels: [0, 0, 0, 0, 0, 0] }), undefined, 'bytes, not arrays');
  t.same(parseToWorker({ type: 'clear', id: 4 }), { type: 'clear', id: 4 });
  t.same(parseToWorker({ type: 'close' }), { type: 'close' });
  t.match(parseToWorker({ type: 'init', config: { rows: 16 } }), { type: 'init' });
  t.equal(parseToWorker({ type: 'init' }), undefined);
  t.equal(parseToWorker(42), undefined);
});

t.test('a word wider than the board is cut between letters rather than lost', async (t) => {
  const r = renderSlideWithIssues(textSlide('UBND'), { width: 16, height: 32, elapsedMs: 0, scale: 1 });
  t.same(r.issues, []);
  const rows = toAscii(r.frame).split('\n');
  t.ok(rows.slice(0, 16).some((row) => row.includes('#')) && rows.slice(16).some((row) => row.includes('#')), 'two lines');
});
