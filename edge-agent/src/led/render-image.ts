// Image slides: the picture scaled to fit the board, nearest neighbour (LED pixels are big; smoothing only blurs),
// centred with black bars. A picture the board cannot show is replaced by a placeholder an official can recognise
// from the street — a red frame with a cross and, if it fits, a short Vietnamese label — never a blank board that
// looks like a dead panel.
import type { ImageSlide } from '@tinnguon/protocol';
import { segmentText } from './font/font.js';
import { createFramebuffer, fillRect, setPixel, type Framebuffer, type Rgb } from './framebuffer.js';
import type { RenderOptions, RenderResult, RgbImage } from './render-types.js';
import { drawLine, inkRows, lineWidth } from './text-layout.js';

const PLACEHOLDER_RED: Rgb = [200, 0, 0];
const PLACEHOLDER_TEXT: Rgb = [255, 255, 255];
/** "Image not available yet" (not in the cache) and "image error" (cannot be decoded or unsupported format). */
export const LABEL_MISSING = 'THIẾU ẢNH';
export const LABEL_UNSUPPORTED = 'ẢNH LỖI';

export function renderImageSlide(slide: ImageSlide, opts: RenderOptions): RenderResult {
  const frame = createFramebuffer(opts.width, opts.height);
  const sha256 = slide.media.sha256;
  if (slide.media.mime !== 'image/png') {
    drawPlaceholder(frame, LABEL_UNSUPPORTED);
    return { frame, issues: [{ kind: 'imageUnsupported', sha256, reason: `${slide.media.mime} is not decoded on LED boards; use PNG` }] };
  }
  const image = opts.images?.(sha256);
  if (image === undefined) {
    drawPlaceholder(frame, LABEL_MISSING);
    return { frame, issues: [{ kind: 'imageMissing', sha256 }] };
  }
  if ('error' in image) {
    drawPlaceholder(frame, LABEL_UNSUPPORTED);
    return { frame, issues: [{ kind: 'imageUnsupported', sha256, reason: image.error }] };
  }
  drawImageFit(frame, image);
  return { frame, issues: [] };
}

/** Scales `image` to the largest size that fits `frame` keeping its aspect ratio, centred, nearest neighbour. */
export function drawImageFit(frame: Framebuffer, image: RgbImage): void {
  const W = frame.width;
  const H = frame.height;
  let dw: number;
  let dh: number;
  if (image.width * H >= image.height * W) {
    dw = W;
    dh = Math.max(1, Math.floor((image.height * W) / image.width));
  } else {
    dh = H;
    dw = Math.max(1, Math.floor((image.width * H) / image.height));
  }
  const ox = Math.floor((W - dw) / 2);
  const oy = Math.floor((H - dh) / 2);
  for (let y = 0; y < dh; y++) {
    const sy = Math.floor((y * image.height) / dh);
    for (let x = 0; x < dw; x++) {
      const sx = Math.floor((x * image.width) / dw);
      const si = (sy * image.width + sx) * 3;
      const di = ((oy + y) * W + ox + x) * 3;
      frame.pixels[di] = image.pixels[si] ?? 0;
      frame.pixels[di + 1] = image.pixels[si + 1] ?? 0;
      frame.pixels[di + 2] = image.pixels[si + 2] ?? 0;
    }
  }
}

function drawPlaceholder(frame: Framebuffer, label: string): void {
  const W = frame.width;
  const H = frame.height;
  fillRect(frame, 0, 0, W, 1, PLACEHOLDER_RED);
  fillRect(frame, 0, H - 1, W, 1, PLACEHOLDER_RED);
  fillRect(frame, 0, 0, 1, H, PLACEHOLDER_RED);
  fillRect(frame, W - 1, 0, 1, H, PLACEHOLDER_RED);
  const clusters = segmentText(label);
  const textW = lineWidth(clusters);
  const ink = inkRows([clusters]);
  if (ink !== undefined && textW + 4 <= W && ink.bottom - ink.top + 3 <= H) {
    const top = Math.floor((H - (ink.bottom - ink.top + 1)) / 2) - ink.top;
    drawLine(frame, clusters, Math.floor((W - textW) / 2), top, 1, PLACEHOLDER_TEXT);
    return;
  }
  // Too small for the label: a cross inside the frame still says "something is wrong here".
  const n = Math.max(W, H);
  for (let i = 0; i < n; i++) {
    const x = Math.floor((i * W) / n);
    const y = Math.floor((i * H) / n);
    setPixel(frame, x, y, PLACEHOLDER_RED);
    setPixel(frame, W - 1 - x, y, PLACEHOLDER_RED);
  }
}

