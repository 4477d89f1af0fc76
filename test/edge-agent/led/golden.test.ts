// Golden frames: fixed slides rendered and compared pixel for pixel with PNGs committed in test/fixtures/led/.
// These pictures were looked at, enlarged, by a person judging legibility; any change to the font or the layout
// shows up here and must be looked at again. Regenerate after an intended change with
//   LED_GOLDEN_UPDATE=1 npx tap test/edge-agent/led/golden.test.ts
// which also writes 4× enlargements (with the dark gaps between LEDs) to test/fixtures/led/preview/ for review.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Slide } from '@tinnguon/protocol';
import { framesEqual, type Framebuffer } from '../../../edge-agent/src/led/framebuffer.js';
import { decodePng } from '../../../edge-agent/src/led/png-decode.js';
import { encodePng } from '../../../edge-agent/src/led/png-encode.js';
import { renderSlideWithIssues } from '../../../edge-agent/src/led/render-slide.js';
import { enlarge, textSlide, tickerSlide, toAscii } from './helpers/led-test-kit.js';

const DIR = fileURLToPath(new URL('../../fixtures/led/', import.meta.url));
const UPDATE = process.env.LED_GOLDEN_UPDATE === '1';

const vowels = (upper: boolean): string =>
  ['aăâ', 'eê', 'i', 'oôơ', 'uư', 'y']
    .map((group) =>
      [...group]
        .map((v) => ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'].map((tone) => (v + tone).normalize('NFC')).join(''))
        .join(' '),
    )
    .map((line) => (upper ? line.toUpperCase() : line))
    .join('\n');

interface Golden {
  name: string;
  slide: Slide;
  width: number;
  height: number;
  elapsedMs?: number;
  scale?: number;
}

const GOLDENS: Golden[] = [
  { name: 'bulletin-128x32', slide: textSlide('Thông báo khẩn: Bão số 3 đổ bộ — sơ tán ngay!'), width: 128, height: 32 },
  { name: 'dak-nong-128x32-2x', slide: textSlide('ĐẮK NÔNG'), width: 128, height: 32 },
  { name: 'ticker-caps-64x16', slide: tickerSlide('ĐẮK NÔNG ƯU TIÊN', 32), width: 64, height: 16, elapsedMs: 2000 },
  { name: 'ticker-bulletin-64x16', slide: tickerSlide('Thông báo khẩn: Bão số 3 đổ bộ — sơ tán ngay!', 32), width: 64, height: 16, elapsedMs: 2000 },
  { name: 'vowels-lower-192x96', slide: textSlide(vowels(false), { align: 'left' }), width: 192, height: 96, scale: 1 },
  { name: 'vowels-upper-192x96', slide: textSlide(vowels(true), { align: 'left', colour: '#ffffff' }), width: 192, height: 96, scale: 1 },
];

for (const g of GOLDENS) {
  t.test(`${g.name} matches its golden PNG`, async (t) => {
    const { frame, issues } = renderSlideWithIssues(g.slide, {
      width: g.width,
      height: g.height,
      elapsedMs: g.elapsedMs ?? 0,
      ...(g.scale === undefined ? {} : { scale: g.scale }),
    });
    t.same(issues, [], 'renders without missing glyphs or overflow');
    const file = `${DIR}${g.name}.png`;
    if (UPDATE) write(g.name, frame);
    let golden: Framebuffer;
    try {
      golden = decodePng(readFileSync(file));
    } catch (err) {
      t.fail(`cannot read ${file}: ${String(err)}`);
      return;
    }
    if (!framesEqual(frame, golden)) {
      t.equal(toAscii(frame), toAscii(golden), `${g.name}: lit pixels differ`);
      t.fail(`${g.name}: frame differs from ${file}`);
    } else {
      t.pass(`${g.name}: identical to the golden frame`);
    }
  });
}

function write(name: string, frame: Framebuffer): void {
  mkdirSync(`${DIR}preview`, { recursive: true });
  writeFileSync(`${DIR}${name}.png`, encodePng(frame));
  writeFileSync(`${DIR}preview/${name}.x4.png`, encodePng(enlarge(frame, 4)));
}
