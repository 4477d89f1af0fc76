// Shared helpers for the LED tests: slide builders, frame inspection, an independent PNG writer for decoder tests.
import { deflateSync } from 'node:zlib';
import type { Slide, TextSlide, TickerSlide } from '@tinnguon/protocol';
import { crc32 } from '../../../../edge-agent/src/led/crc32.js';
import { createFramebuffer, type Framebuffer } from '../../../../edge-agent/src/led/framebuffer.js';

export function textSlide(text: string, extra: Partial<TextSlide> = {}): TextSlide {
  return { type: 'text', text, durationMs: 5000, ...extra };
}

export function tickerSlide(text: string, pixelsPerSecond: number, extra: Partial<TickerSlide> = {}): TickerSlide {
  return { type: 'ticker', text, durationMs: 20_000, pixelsPerSecond, ...extra };
}

export function imageSlide(sha256: string, mime: 'image/png' | 'image/jpeg' = 'image/png'): Slide {
  return { type: 'image', durationMs: 5000, media: { sha256, bytes: 100, mime } };
}

/** Lit (non-background) pixels as '#', for readable failure messages and shape assertions. */
export function toAscii(fb: Framebuffer): string {
  const rows: string[] = [];
  for (let y = 0; y < fb.height; y++) {
    let row = '';
    for (let x = 0; x < fb.width; x++) {
      const i = (y * fb.width + x) * 3;
      row += (fb.pixels[i] ?? 0) + (fb.pixels[i + 1] ?? 0) + (fb.pixels[i + 2] ?? 0) > 0 ? '#' : '.';
    }
    rows.push(row);
  }
  return rows.join('\n');
}

export function litCount(fb: Framebuffer): number {
  let n = 0;
  for (let i = 0; i < fb.pixels.length; i += 3) if ((fb.pixels[i] ?? 0) + (fb.pixels[i + 1] ?? 0) + (fb.pixels[i + 2] ?? 0) > 0) n++;
  return n;
}

/** Columns that have at least one lit pixel. */
export function litColumns(fb: Framebuffer): number[] {
  const cols: number[] = [];
  for (let x = 0; x < fb.width; x++) {
    for (let y = 0; y < fb.height; y++) {
      const i = (y * fb.width + x) * 3;
      if ((fb.pixels[i] ?? 0) + (fb.pixels[i + 1] ?? 0) + (fb.pixels[i + 2] ?? 0) > 0) {
        cols.push(x);
        break;
      }
    }
  }
  return cols;
}

/** Nearest-neighbour enlargement with a dark grid between LEDs, for looking at frames as a board shows them. */
export function enlarge(fb: Framebuffer, k: number): Framebuffer {
  const out = createFramebuffer(fb.width * k, fb.height * k);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const si = (Math.floor(y / k) * fb.width + Math.floor(x / k)) * 3;
      const di = (y * out.width + x) * 3;
      const gap = x % k === k - 1 || y % k === k - 1;
      for (let c = 0; c < 3; c++) out.pixels[di + c] = gap ? Math.min(fb.pixels[si + c] ?? 0, 24) : (fb.pixels[si + c] ?? 0);
    }
  }
  return out;
}

export interface RawPng {
  width: number;
  height: number;
  colourType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  /** Unfiltered scanlines, without filter bytes. */
  rows: Uint8Array[];
  palette?: Uint8Array;
  trns?: Uint8Array;
  /** Filter type per row (cycled); default 0. */
  filters?: number[];
  interlace?: boolean;
}

/** Writes a PNG independently of the encoder under test, with every filter type, so the decoder is really tested. */
export function buildPng(p: RawPng): Buffer {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[p.colourType];
  const bpp = Math.max(1, (channels * p.depth) >> 3);
  const filtered: number[] = [];
  p.rows.forEach((row, y) => {
    const f = p.filters?.[y % p.filters.length] ?? 0;
    const prev = y > 0 ? p.rows[y - 1] : undefined;
    filtered.push(f);
    for (let i = 0; i < row.length; i++) {
      const x = row[i] ?? 0;
      const a = i >= bpp ? (row[i - bpp] ?? 0) : 0;
      const b = prev?.[i] ?? 0;
      const c = i >= bpp ? (prev?.[i - bpp] ?? 0) : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][f] ?? 0;
      filtered.push((x - pred) & 0xff);
    }
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(p.width, 0);
  ihdr.writeUInt32BE(p.height, 4);
  ihdr[8] = p.depth;
  ihdr[9] = p.colourType;
  ihdr[12] = p.interlace === true ? 1 : 0;
  const chunks = [chunk('IHDR', ihdr)];
  if (p.palette !== undefined) chunks.push(chunk('PLTE', Buffer.from(p.palette)));
  if (p.trns !== undefined) chunks.push(chunk('tRNS', Buffer.from(p.trns)));
  chunks.push(chunk('IDAT', deflateSync(Buffer.from(filtered))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
