// Image slides: scaled to fit and letterboxed; a picture the board cannot show becomes a recognisable placeholder
// and an issue for the composer, never a blank board that looks like a dead panel.
import t from 'tap';
import { createFramebuffer, getPixel, setPixel } from '../../../edge-agent/src/led/framebuffer.js';
import { createPngImageSource } from '../../../edge-agent/src/led/image-source.js';
import { encodePng } from '../../../edge-agent/src/led/png-encode.js';
import { LABEL_MISSING, LABEL_UNSUPPORTED } from '../../../edge-agent/src/led/render-image.js';
import { renderSlide, renderSlideWithIssues } from '../../../edge-agent/src/led/render-slide.js';
import { measureText } from '../../../edge-agent/src/led/text-layout.js';
import { imageSlide, litCount } from './helpers/led-test-kit.js';

const SHA = 'ab'.repeat(32);
const RED = [255, 0, 0] as const;
const BLUE = [0, 0, 255] as const;

function twoByOne() {
  const img = createFramebuffer(2, 1);
  setPixel(img, 0, 0, RED);
  setPixel(img, 1, 0, BLUE);
  return img;
}

t.test('a wide image on a wider board is scaled to the board height and centred with black bars', async (t) => {
  const fb = renderSlide(imageSlide(SHA), { width: 64, height: 16, elapsedMs: 0, images: () => twoByOne() });
  // 2x1 → 32x16, centred: x 16..47
  t.same(getPixel(fb, 15, 8), [0, 0, 0], 'left bar');
  t.same(getPixel(fb, 16, 0), [...RED]);
  t.same(getPixel(fb, 31, 15), [...RED]);
  t.same(getPixel(fb, 32, 0), [...BLUE]);
  t.same(getPixel(fb, 47, 15), [...BLUE]);
  t.same(getPixel(fb, 48, 8), [0, 0, 0], 'right bar');
});

t.test('a tall image is scaled to the board width with bars above and below', async (t) => {
  const img = createFramebuffer(1, 2, RED);
  const fb = renderSlide(imageSlide(SHA), { width: 4, height: 16, elapsedMs: 0, images: () => img });
  // 1x2 → 4x8 would be width-limited: aspect 1:2 on 4:16 (1:4) → 4x8, rows 4..11
  t.same(getPixel(fb, 0, 3), [0, 0, 0]);
  t.same(getPixel(fb, 0, 4), [...RED]);
  t.same(getPixel(fb, 3, 11), [...RED]);
  t.same(getPixel(fb, 3, 12), [0, 0, 0]);
});

t.test('an image not in the cache shows the "missing" placeholder and is reported', async (t) => {
  const r = renderSlideWithIssues(imageSlide(SHA), { width: 128, height: 32, elapsedMs: 0, images: () => undefined });
  t.same(r.issues, [{ kind: 'imageMissing', sha256: SHA }]);
  t.same(getPixel(r.frame, 0, 0), [200, 0, 0], 'red frame');
  t.ok(litCount(r.frame) > 2 * (128 + 32) + measureText(LABEL_MISSING).width, 'frame plus label');
});

t.test('JPEG is not decoded on boards: placeholder and a clear reason', async (t) => {
  let asked = 0;
  const r = renderSlideWithIssues(imageSlide(SHA, 'image/jpeg'), { width: 128, height: 32, elapsedMs: 0, images: () => (asked++, undefined) });
  t.equal(r.issues[0]?.kind, 'imageUnsupported');
  t.match(r.issues[0], { reason: /image\/jpeg.*PNG/ });
  t.equal(asked, 0, 'the cache is not even asked');
  t.ok(measureText(LABEL_UNSUPPORTED).missing.length === 0);
});

t.test('a tiny board gets a cross instead of the label', async (t) => {
  const r = renderSlideWithIssues(imageSlide(SHA), { width: 16, height: 8, elapsedMs: 0 });
  t.same(getPixel(r.frame, 2, 1), [200, 0, 0], 'diagonal');
  t.same(getPixel(r.frame, 13, 1), [200, 0, 0], 'other diagonal');
});

t.test('createPngImageSource decodes once, caches, and turns corrupt files into an unsupported placeholder', async (t) => {
  const png = encodePng(twoByOne());
  const loads: string[] = [];
  const files = new Map<string, Uint8Array>([[SHA, png], ['cd'.repeat(32), Buffer.from('not a png at all')]]);
  const images = createPngImageSource((sha) => (loads.push(sha), files.get(sha)));
  const a = renderSlide(imageSlide(SHA), { width: 64, height: 16, elapsedMs: 0, images });
  const b = renderSlide(imageSlide(SHA), { width: 64, height: 16, elapsedMs: 5, images });
  t.same(getPixel(a, 20, 5), [...RED]);
  t.same([...a.pixels], [...b.pixels]);
  t.same(loads, [SHA], 'read and decoded once');
  const bad = renderSlideWithIssues(imageSlide('cd'.repeat(32)), { width: 64, height: 16, elapsedMs: 0, images });
  t.match(bad.issues, [{ kind: 'imageUnsupported', reason: /signature/ }]);
  t.equal(images('ef'.repeat(32)), undefined, 'not in the cache');
});

t.test('the image cache keeps only the most recent images', async (t) => {
  const png = encodePng(twoByOne());
  let loads = 0;
  const images = createPngImageSource(() => (loads++, png), 2);
  for (const sha of ['1', '2', '1', '3', '1', '2']) images(sha);
  t.equal(loads, 4, '1, 2, 3 loaded; 2 evicted by 3 and loaded again');
});
