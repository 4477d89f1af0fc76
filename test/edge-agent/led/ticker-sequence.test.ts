// Tickers scroll at the speed the author set, and slide sequences show each slide for its duration, looping
// (content.ts: durationMs, pixelsPerSecond). Time is an input here, never a clock.
import t from 'tap';
import { getPixel, type Framebuffer } from '../../../edge-agent/src/led/framebuffer.js';
import { renderSequence, slideAt } from '../../../edge-agent/src/led/render-sequence.js';
import { renderSlide } from '../../../edge-agent/src/led/render-slide.js';
import { measureText } from '../../../edge-agent/src/led/text-layout.js';
import { litColumns, litCount, textSlide, tickerSlide, toAscii } from './helpers/led-test-kit.js';

const W = 64;
const H = 16;
const TEXT = 'Bão số 3 đổ bộ — sơ tán ngay!';

function shiftedLeft(fb: Framebuffer, by: number): string {
  const rows = toAscii(fb).split('\n');
  return rows.map((r) => r.slice(by) + '.'.repeat(by)).join('\n');
}

t.test('a ticker enters from the right edge and moves pixelsPerSecond × seconds to the left', async (t) => {
  const slide = tickerSlide(TEXT, 30);
  t.equal(litCount(renderSlide(slide, { width: W, height: H, elapsedMs: 0 })), 0, 'at 0 ms the text is still off the board');
  const at1s = renderSlide(slide, { width: W, height: H, elapsedMs: 1000 });
  t.equal(Math.min(...litColumns(at1s)), W - 30, 'after 1 s the text starts 30 px in from the right edge');
  for (const [a, b] of [[1000, 1500], [1500, 2300], [2000, 2033]] as const) {
    const moved = Math.floor((b * 30) / 1000) - Math.floor((a * 30) / 1000);
    const fa = renderSlide(slide, { width: W, height: H, elapsedMs: a });
    const fb = renderSlide(slide, { width: W, height: H, elapsedMs: b });
    const left = toAscii(fb).split('\n').map((r) => r.slice(0, W - moved)).join('\n');
    const expected = shiftedLeft(fa, moved).split('\n').map((r) => r.slice(0, W - moved)).join('\n');
    t.equal(left, expected, `${a} → ${b} ms: moved exactly ${moved} px`);
  }
});

t.test('a ticker wraps around after its tail has left the board', async (t) => {
  const slide = tickerSlide(TEXT, 40);
  const cycle = measureText(TEXT).width + W;
  const cycleMs = (cycle * 1000) / 40;
  const start = renderSlide(slide, { width: W, height: H, elapsedMs: 1234 });
  const again = renderSlide(slide, { width: W, height: H, elapsedMs: 1234 + cycleMs });
  t.equal(toAscii(again), toAscii(start), 'one cycle later the frame repeats');
  t.equal(litCount(renderSlide(slide, { width: W, height: H, elapsedMs: cycleMs })), 0, 'after one cycle the board is empty again, as at 0 ms');
  const tail = renderSlide(slide, { width: W, height: H, elapsedMs: cycleMs - 25 });
  t.same(litColumns(tail), [0], 'one pixel earlier only the last column of "!" is still on the board');
});

t.test('a ticker on a 32-row board scrolls double-size text at the same pixel speed', async (t) => {
  const slide = tickerSlide('ĐẮK NÔNG', 20);
  const a = renderSlide(slide, { width: 128, height: 32, elapsedMs: 3000 });
  t.equal(Math.min(...litColumns(a)), 128 - 60, '60 board pixels after 3 s');
  const rows = toAscii(a).split('\n').filter((r) => r.includes('#')).length;
  t.ok(rows > 16, `drawn at scale 2 (${rows} lit rows)`);
});

t.test('newlines in a ticker read as spaces', async (t) => {
  const a = renderSlide(tickerSlide('Bão\nlũ', 50), { width: W, height: H, elapsedMs: 1200 });
  const b = renderSlide(tickerSlide('Bão lũ', 50), { width: W, height: H, elapsedMs: 1200 });
  t.equal(toAscii(a), toAscii(b));
});

t.test('slideAt picks the slide by cumulative durations, [start, end), and loops', async (t) => {
  const slides = [textSlide('Một', { durationMs: 1000 }), textSlide('Hai', { durationMs: 2000 }), textSlide('Ba', { durationMs: 500 })];
  const cases: Array<[number, number, number]> = [
    [0, 0, 0],
    [999, 0, 999],
    [1000, 1, 0],
    [2999, 1, 1999],
    [3000, 2, 0],
    [3499, 2, 499],
    [3500, 0, 0],
    [3500 * 7 + 1200, 1, 200],
  ];
  for (const [ms, index, into] of cases) {
    const at = slideAt(slides, ms);
    t.equal(at.index, index, `${ms} ms → slide ${index}`);
    t.equal(at.slideElapsedMs, into, `${ms} ms → ${into} ms into it`);
  }
  t.equal(slideAt(slides, 2500).remainingMs, 500);
  t.throws(() => slideAt([], 0), { code: 'AGENT_ERR_LED_RENDER' });
});

t.test('renderSequence draws the current slide with time measured from that slide’s start', async (t) => {
  const ticker = tickerSlide(TEXT, 30, { durationMs: 10_000 });
  const slides = [textSlide('Thông báo', { durationMs: 2000 }), ticker];
  const size = { width: W, height: H };
  t.equal(toAscii(renderSequence(slides, 500, size)), toAscii(renderSlide(slides[0] ?? ticker, { ...size, elapsedMs: 0 })));
  t.equal(toAscii(renderSequence(slides, 3000, size)), toAscii(renderSlide(ticker, { ...size, elapsedMs: 1000 })));
  t.equal(toAscii(renderSequence(slides, 12_000 + 500, size)), toAscii(renderSequence(slides, 500, size)), 'loops');
  t.same(getPixel(renderSequence(slides, 2000, size), 0, 0), [0, 0, 0], 'the ticker starts empty at its boundary');
});
