// PNG → RGB frame for image slides (PNG spec, W3C 2003 / ISO 15948). Covers what editors and phones export:
// greyscale, RGB, palette, grey+alpha and RGBA at 8 bits (also 1/2/4-bit grey and palette, and 16-bit by keeping
// the high byte), non-interlaced. Alpha is composited over black because an unlit LED is black. Anything else, or a
// damaged file, is a coded AGENT_ERR_IMAGE_DECODE error, so the board shows the "ẢNH LỖI" placeholder instead of
// garbage. Sizes are bounded before inflating so a small hostile file cannot exhaust a Pi's memory.
import { inflateSync } from 'node:zlib';
import { AgentError } from '../errors.js';
import { crc32 } from './crc32.js';
import type { Framebuffer } from './framebuffer.js';
import { PNG_SIGNATURE } from './png-encode.js';

/** 4096 × 4096: larger than any board by far; phone photos must be scaled down on the hub. */
export const MAX_PNG_PIXELS = 4096 * 4096;

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
}

export function decodePng(bytes: Uint8Array): Framebuffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) fail('not a PNG file (bad signature)');
  let header: Header | undefined;
  let palette: Buffer | undefined;
  let trns: Buffer | undefined;
  const idat: Buffer[] = [];
  let pos = 8;
  let ended = false;
  while (pos + 12 <= buf.length && !ended) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + length > buf.length) fail(`chunk ${type} runs past the end of the file`);
    const data = buf.subarray(pos + 8, pos + 8 + length);
    if (crc32(data, crc32(buf.subarray(pos + 4, pos + 8))) !== buf.readUInt32BE(pos + 8 + length)) fail(`chunk ${type} fails its CRC`);
    pos += 12 + length;
    if (type === 'IHDR') header = readHeader(data);
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
  }
  if (header === undefined) fail('no IHDR chunk');
  if (!ended) fail('truncated (no IEND chunk)');
  if (header.colourType === 3 && palette === undefined) fail('palette image without PLTE');
  const channels = CHANNELS[header.colourType] ?? 0;
  const bpp = Math.max(1, (channels * header.depth) >> 3);
  const stride = Math.ceil((header.width * channels * header.depth) / 8);
  const expected = (stride + 1) * header.height;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (err) {
    throw new AgentError('AGENT_ERR_IMAGE_DECODE', 'PNG image data does not inflate', { cause: err });
  }
  if (raw.length !== expected) fail(`PNG image data is ${raw.length} bytes, expected ${expected}`);
  unfilter(raw, stride, bpp, header.height);
  return toRgb(raw, stride, header, palette, trns);
}

function readHeader(d: Buffer): Header {
  if (d.length !== 13) fail('bad IHDR length');
  const h: Header = { width: d.readUInt32BE(0), height: d.readUInt32BE(4), depth: d[8] ?? 0, colourType: d[9] ?? 0 };
  if (h.width < 1 || h.height < 1 || h.width * h.height > MAX_PNG_PIXELS) fail(`size ${h.width}x${h.height} is out of range`);
  if (!(DEPTHS[h.colourType] ?? []).includes(h.depth)) fail(`colour type ${h.colourType} at ${h.depth} bits is not valid PNG`);
  if (d[10] !== 0 || d[11] !== 0) fail('unknown compression or filter method');
  if (d[12] !== 0) fail('interlaced PNG is not supported; save it without interlacing');
  return h;
}

function unfilter(raw: Buffer, stride: number, bpp: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1;
    const prev = row - stride - 1;
    const filter = raw[row - 1];
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? (raw[row + i - bpp] ?? 0) : 0;
      const b = y > 0 ? (raw[prev + i] ?? 0) : 0;
      const c = y > 0 && i >= bpp ? (raw[prev + i - bpp] ?? 0) : 0;
      const x = raw[row + i] ?? 0;
      let v: number;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: v = x + paeth(a, b, c); break;
        default: return fail(`unknown row filter ${filter}`);
      }
      raw[row + i] = v & 0xff;
    }
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function toRgb(raw: Buffer, stride: number, h: Header, palette: Buffer | undefined, trns: Buffer | undefined): Framebuffer {
  const out = new Uint8Array(h.width * h.height * 3);
  const channels = CHANNELS[h.colourType] ?? 1;
  const maxSample = (1 << Math.min(h.depth, 8)) - 1;
  const sample = (row: number, index: number): number => {
    if (h.depth === 8) return raw[row + index] ?? 0;
    if (h.depth === 16) return raw[row + index * 2] ?? 0; // high byte
    const bit = index * h.depth;
    return ((raw[row + (bit >> 3)] ?? 0) >> (8 - h.depth - (bit & 7))) & maxSample;
  };
  const trnsGrey = trns !== undefined && h.colourType === 0 && trns.length >= 2 ? trns.readUInt16BE(0) : -1;
  for (let y = 0; y < h.height; y++) {
    const row = y * (stride + 1) + 1;
    for (let x = 0; x < h.width; x++) {
      let r: number;
      let g: number;
      let b: number;
      let alpha = 255;
      const s0 = sample(row, x * channels);
      if (h.colourType === 3) {
        if (s0 * 3 + 2 >= (palette?.length ?? 0)) fail(`palette index ${s0} out of range`);
        r = palette?.[s0 * 3] ?? 0;
        g = palette?.[s0 * 3 + 1] ?? 0;
        b = palette?.[s0 * 3 + 2] ?? 0;
        alpha = trns?.[s0] ?? 255;
      } else if (h.colourType === 0 || h.colourType === 4) {
        const full = h.depth === 16 ? ((raw[row + x * channels * 2] ?? 0) << 8) | (raw[row + x * channels * 2 + 1] ?? 0) : s0;
        r = g = b = h.depth < 8 ? Math.round((s0 * 255) / maxSample) : s0;
        if (h.colourType === 4) alpha = sample(row, x * channels + 1);
        else if (full === trnsGrey) alpha = 0;
      } else {
        r = s0;
        g = sample(row, x * channels + 1);
        b = sample(row, x * channels + 2);
        if (h.colourType === 6) alpha = sample(row, x * channels + 3);
        else if (trns !== undefined && trns.length >= 6 && h.depth === 8) {
          if (trns.readUInt16BE(0) === r && trns.readUInt16BE(2) === g && trns.readUInt16BE(4) === b) alpha = 0;
        }
      }
      const o = (y * h.width + x) * 3;
      out[o] = Math.round((r * alpha) / 255);
      out[o + 1] = Math.round((g * alpha) / 255);
      out[o + 2] = Math.round((b * alpha) / 255);
    }
  }
  return { width: h.width, height: h.height, pixels: out };
}

function fail(detail: string): never {
  throw new AgentError('AGENT_ERR_IMAGE_DECODE', detail);
}
