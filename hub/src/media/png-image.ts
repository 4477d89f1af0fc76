// PNG structure checks (ISO/IEC 15948, W3C PNG 2nd ed. §5 and §11.2.2). LED boards render these, so a file must be
// whole: every chunk's CRC matches, IHDR comes first, IEND closes it, and the image data inflates to exactly the size
// IHDR promises. Pure over bytes.

import { crc32, inflateSync } from 'node:zlib';
import { HubError } from '../errors.js';
import { ascii } from './mpeg-frame.js';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

interface Ihdr extends ImageSize {
  readonly bitDepth: number;
  readonly channels: number;
  readonly interlaced: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// §11.2.2 Table 11.1: allowed bit depths per colour type, and samples per pixel.
const COLOUR_TYPES: ReadonlyMap<number, { depths: readonly number[]; channels: number }> = new Map([
  [0, { depths: [1, 2, 4, 8, 16], channels: 1 }],
  [2, { depths: [8, 16], channels: 3 }],
  [3, { depths: [1, 2, 4, 8], channels: 1 }],
  [4, { depths: [8, 16], channels: 2 }],
  [6, { depths: [8, 16], channels: 4 }],
]);
const MAX_DIMENSION = 0x7fffffff;
/** Far above any LED board (a few hundred pixels a side); bounds the memory an inflate may take. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** Signature plus a valid IHDR; null otherwise. Needs only the first 33 bytes. */
export function readPngHeader(bytes: Uint8Array): ImageSize | null {
  return parseIhdr(bytes);
}

function parseIhdr(bytes: Uint8Array): Ihdr | null {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24] ?? 0;
  const colour = COLOUR_TYPES.get(bytes[25] ?? 255);
  const interlace = bytes[28] ?? 255;
  if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) return null;
  if (colour === undefined || !colour.depths.includes(bitDepth)) return null;
  if (bytes[26] !== 0 || bytes[27] !== 0 || interlace > 1) return null;
  return { width, height, bitDepth, channels: colour.channels, interlaced: interlace === 1 };
}

/** Checks the whole file and returns its size; HUB_ERR_MEDIA_CORRUPT when anything is missing or damaged. */
export function probePng(bytes: Uint8Array): ImageSize {
  const ihdr = parseIhdr(bytes);
  if (ihdr === null) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'PNG header');
  if (ihdr.width * ihdr.height > MAX_IMAGE_PIXELS) {
    throw new HubError('HUB_ERR_MEDIA_UNSUPPORTED', `PNG larger than ${MAX_IMAGE_PIXELS} pixels`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let offset = 8;
  let ended = false;
  while (!ended) {
    if (offset + 12 > bytes.length) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'PNG truncated');
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'PNG truncated');
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    if (crc32(typeAndData) !== view.getUint32(offset + 8 + length)) {
      throw new HubError('HUB_ERR_MEDIA_CORRUPT', `PNG chunk CRC at byte ${offset}`);
    }
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    ended = type === 'IEND';
    offset = end;
  }
  if (idat.length === 0) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'PNG has no image data');
  const expected = inflatedSize(ihdr);
  let inflated: Buffer;
  try {
    inflated = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'PNG image data does not inflate');
  }
  if (inflated.length !== expected) {
    throw new HubError('HUB_ERR_MEDIA_CORRUPT', `PNG image data is ${inflated.length} bytes, expected ${expected}`);
  }
  return { width: ihdr.width, height: ihdr.height };
}

// Adam7 passes (§8.2): x start, y start, x step, y step.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Filtered scanlines: one filter byte per row, then the row's packed samples (§7.2, §8.2). */
function inflatedSize(ihdr: Ihdr): number {
  const rowBytes = (w: number): number => 1 + Math.ceil((w * ihdr.channels * ihdr.bitDepth) / 8);
  if (!ihdr.interlaced) return ihdr.height * rowBytes(ihdr.width);
  let total = 0;
  for (const [xs, ys, dx, dy] of ADAM7) {
    const w = ihdr.width > xs ? Math.ceil((ihdr.width - xs) / dx) : 0;
    const h = ihdr.height > ys ? Math.ceil((ihdr.height - ys) / dy) : 0;
    if (w > 0 && h > 0) total += h * rowBytes(w);
  }
  return total;
}
