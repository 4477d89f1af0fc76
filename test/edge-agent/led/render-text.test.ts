// Text slides as an official sees them on a board: complete Vietnamese, wrapped, aligned, centred, in colour.
import t from 'tap';
import { getPixel, type Framebuffer } from '../../../edge-agent/src/led/framebuffer.js';
import { renderSlide, renderSlideWithIssues } from '../../../edge-agent/src/led/render-slide.js';
import { measureText } from '../../../edge-agent/src/led/text-layout.js';
import { litColumns, litCount, textSlide, toAscii } from './helpers/led-test-kit.js';

const at0 = (width: number, height: number) => ({ width, height, elapsedMs: 0 });

function litRows(fb: Framebuffer): number[] {
  const rows: number[] = [];
  for (let y = 0; y < fb.height; y++) {
    for (let x = 0; x < fb.width; x++) {
      if (getPixel(fb, x, y).some((v) => v > 0)) {
        rows.push(y);
        break;
      }
    }
  }
  return rows;
}

t.test('Vietnamese bulletins render completely, without replacement boxes', async (t) => {
  for (const text of ['Thông báo khẩn: Bão số 3 đổ bộ — sơ tán ngay!', 'ĐẮK NÔNG ƯU TIÊN']) {
    for (const [w, h] of [[64, 16], [128, 32], [192, 64]] as const) {
      const r = renderSlideWithIssues(textSlide(text), at0(w, h));
      t.same(r.issues.filter((i) => i.kind === 'missingGlyphs'), [], `${text} on ${w}x${h}: no missing glyphs`);
      t.ok(litCount(r.frame) > 50, 'something is lit');
    }
  }
  t.same(measureText('Thông báo khẩn: Bão số 3 đổ bộ — sơ tán ngay!').missing, []);
});

t.test('uncovered characters are drawn as boxes and reported', async (t) => {
  const r = renderSlideWithIssues(textSlide('Cảnh báo 🌀 bão'), at0(128, 16));
  t.same(r.issues, [{ kind: 'missingGlyphs', chars: ['🌀'] }]);
  const withBox = litCount(r.frame);
  const without = litCount(renderSlide(textSlide('Cảnh báo bão'), at0(128, 16)));
  t.ok(withBox > without + 20, 'the box is visible, not dropped');
});

t.test('long text wraps at spaces onto the next line', async (t) => {
  const one = renderSlideWithIssues(textSlide('Sơ tán ngay'), at0(128, 32));
  const two = renderSlideWithIssues(textSlide('Bão số 3 sơ tán ngay'), at0(64, 32));
  t.same(two.issues, []);
  const rows = litRows(two.frame);
  t.ok(rows.some((y) => y < 14) && rows.some((y) => y > 18), 'ink on two lines');
  t.ok(litRows(one.frame).length <= 16 * 2, 'a short text fits one line (possibly at double size)');
});

t.test('text that does not fit is cut at whole lines and reported as overflow', async (t) => {
  const r = renderSlideWithIssues(textSlide('Một hai ba bốn năm sáu bảy tám chín mười mười một mười hai'), at0(64, 16));
  const overflow = r.issues.find((i) => i.kind === 'textOverflow');
  t.ok(overflow, 'overflow reported');
  t.match(overflow, { shownLines: 1 });
  t.ok(overflow !== undefined && overflow.kind === 'textOverflow' && overflow.totalLines > 1);
});

t.test('alignment moves the line left, centre or right', async (t) => {
  const left = litColumns(renderSlide(textSlide('Bão', { align: 'left' }), { ...at0(128, 16), scale: 1 }));
  const centre = litColumns(renderSlide(textSlide('Bão', { align: 'center' }), { ...at0(128, 16), scale: 1 }));
  const right = litColumns(renderSlide(textSlide('Bão', { align: 'right' }), { ...at0(128, 16), scale: 1 }));
  t.equal(left[0], 0);
  t.equal(right.at(-1), 127);
  const mid = ((centre[0] ?? 0) + (centre.at(-1) ?? 0)) / 2;
  t.ok(Math.abs(mid - 63.5) <= 1, `centred (${mid})`);
});

t.test('the block is centred vertically on its ink', async (t) => {
  const rows = litRows(renderSlide(textSlide('NÔNG'), { ...at0(64, 32), scale: 1 }));
  const top = rows[0] ?? 0;
  const bottom = 31 - (rows.at(-1) ?? 0);
  t.ok(Math.abs(top - bottom) <= 1, `top margin ${top}, bottom margin ${bottom}`);
});

t.test('colours come from the slide; defaults are amber on black', async (t) => {
  const fb = renderSlide(textSlide('Lũ', { colour: '#ff0000', background: '#000044' }), at0(32, 16));
  const colours = new Set<string>();
  for (let y = 0; y < 16; y++) for (let x = 0; x < 32; x++) colours.add(getPixel(fb, x, y).join(','));
  t.same([...colours].sort(), ['0,0,68', '255,0,0']);
  const def = renderSlide(textSlide('Lũ'), at0(32, 16));
  const seen = new Set<string>();
  for (let y = 0; y < 16; y++) for (let x = 0; x < 32; x++) seen.add(getPixel(def, x, y).join(','));
  t.same([...seen].sort(), ['0,0,0', '255,204,0']);
});

t.test('short text on a tall board is drawn at double size', async (t) => {
  const fb = renderSlide(textSlide('ĐẮK NÔNG'), at0(128, 32));
  const rows = litRows(fb);
  t.ok((rows.at(-1) ?? 0) - (rows[0] ?? 0) > 16, 'taller than one 16-row line');
  t.match(toAscii(fb), /##/, 'pixels come in pairs at scale 2');
  const forced = renderSlide(textSlide('ĐẮK NÔNG'), { ...at0(128, 32), scale: 1 });
  t.ok(litRows(forced).length <= 16, 'forced scale 1 stays in one line');
});

t.test('bad render options and colours are coded errors', async (t) => {
  t.throws(() => renderSlide(textSlide('x'), { ...at0(64, 16), scale: 0 }), { code: 'AGENT_ERR_LED_RENDER' });
  t.throws(() => renderSlide(textSlide('x'), at0(0, 16)), { code: 'AGENT_ERR_LED_RENDER' });
  t.throws(() => renderSlide(textSlide('x', { colour: 'red' }), at0(64, 16)), { code: 'AGENT_ERR_LED_RENDER' });
  t.throws(() => renderSlide({ type: 'video' } as never, at0(64, 16)), { code: 'AGENT_ERR_LED_RENDER' });
});

t.test('explicit newlines start a new line; blank text renders a blank board', async (t) => {
  const fb = renderSlide(textSlide('A\nB'), { ...at0(64, 32), scale: 1 });
  const rows = litRows(fb);
  t.ok(rows.some((y) => y < 14) && rows.some((y) => y > 18));
  t.equal(litCount(renderSlide(textSlide('   '), at0(64, 16))), 0);
});
