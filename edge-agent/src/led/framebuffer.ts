// The one picture format of the LED path: what the renderer draws, what PNG snapshots encode and what the matrix
// driver sends to the panel. RGB, 3 bytes per pixel, row-major, no alpha: an LED is either lit in a colour or off
// (black), so transparency has no meaning on a board. Pure and free of Node APIs: the console's pixel-true preview
// imports this in a browser bundle (design.md, "What the console is").
import { AgentError } from '../errors.js';

export interface Framebuffer {
  readonly width: number;
  readonly height: number;
  /** width × height × 3 bytes, row-major RGB. */
  readonly pixels: Uint8Array;
}

export type Rgb = readonly [r: number, g: number, b: number];

export const BLACK: Rgb = [0, 0, 0];

/** Largest side we accept; the biggest commercial boards chain to a few hundred pixels. */
export const MAX_FRAME_SIDE = 4096;

export function createFramebuffer(width: number, height: number, colour: Rgb = BLACK): Framebuffer {
  if (!isSide(width) || !isSide(height)) {
    throw new AgentError('AGENT_ERR_LED_RENDER', `frame size must be whole pixels 1..${MAX_FRAME_SIDE}, got ${width}x${height}`);
  }
  const fb: Framebuffer = { width, height, pixels: new Uint8Array(width * height * 3) };
  if (colour[0] !== 0 || colour[1] !== 0 || colour[2] !== 0) fillFramebuffer(fb, colour);
  return fb;
}

export function fillFramebuffer(fb: Framebuffer, colour: Rgb): void {
  const p = fb.pixels;
  for (let i = 0; i < p.length; i += 3) {
    p[i] = colour[0];
    p[i + 1] = colour[1];
    p[i + 2] = colour[2];
  }
}

/** Pixels outside the frame are ignored: text and tickers are clipped at the board's edge. */
export function setPixel(fb: Framebuffer, x: number, y: number, colour: Rgb): void {
  if (x < 0 || y < 0 || x >= fb.width || y >= fb.height) return;
  const i = (y * fb.width + x) * 3;
  fb.pixels[i] = colour[0];
  fb.pixels[i + 1] = colour[1];
  fb.pixels[i + 2] = colour[2];
}

/** Fills a clipped rectangle; used for scaled glyph pixels and placeholders. */
export function fillRect(fb: Framebuffer, x: number, y: number, w: number, h: number, colour: Rgb): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(fb.width, x + w);
  const y1 = Math.min(fb.height, y + h);
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) setPixel(fb, xx, yy, colour);
  }
}

export function getPixel(fb: Framebuffer, x: number, y: number): Rgb {
  if (x < 0 || y < 0 || x >= fb.width || y >= fb.height) return BLACK;
  const i = (y * fb.width + x) * 3;
  return [fb.pixels[i] ?? 0, fb.pixels[i + 1] ?? 0, fb.pixels[i + 2] ?? 0];
}

/** Copies `src` into `dst` with its top-left corner at (x, y), clipped to `dst`. */
export function blit(dst: Framebuffer, src: Framebuffer, x: number, y: number): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(dst.width, x + src.width);
  if (x1 <= x0) return;
  for (let sy = 0; sy < src.height; sy++) {
    const dy = y + sy;
    if (dy < 0 || dy >= dst.height) continue;
    const from = (sy * src.width + (x0 - x)) * 3;
    dst.pixels.set(src.pixels.subarray(from, from + (x1 - x0) * 3), (dy * dst.width + x0) * 3);
  }
}

/** Parses the protocol's '#rrggbb' colour (content.ts `Colour`). */
export function parseColour(hex: string): Rgb {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) throw new AgentError('AGENT_ERR_LED_RENDER', `colour must be '#rrggbb', got '${hex}'`);
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export function framesEqual(a: Framebuffer, b: Framebuffer): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.pixels.length; i++) if (a.pixels[i] !== b.pixels[i]) return false;
  return true;
}

function isSide(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_FRAME_SIDE;
}
