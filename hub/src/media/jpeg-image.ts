// JPEG marker walking (ITU-T T.81 Annex B). Dimensions come from the SOFn frame header; a file is whole when its
// marker segments fit and an EOI marker closes the entropy-coded data. Pure over bytes.

import { HubError } from '../errors.js';
import type { ImageSize } from './png-image.js';
import { MAX_IMAGE_PIXELS } from './png-image.js';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

// B.1.1.3: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

// B.1.1.2: TEM and RST0–7 stand alone, without a length field.
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** Offset just past the next SOS header reached by walking marker segments from `from`, or -1. */
function scanStartAfter(bytes: Uint8Array, from: number): number {
  let offset = from;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return -1;
    let at = offset + 1;
    while (bytes[at] === 0xff) at++; // B.1.1.2: markers may be preceded by fill bytes
    const marker = bytes[at] ?? 0;
    if (isStandalone(marker)) {
      offset = at + 1;
      continue;
    }
    if (marker === SOI || marker === EOI || marker === 0x00) return -1;
    const length = ((bytes[at + 1] ?? 0) << 8) | (bytes[at + 2] ?? 0);
    if (length < 2 || at + 1 + length > bytes.length) return -1;
    offset = at + 1 + length;
    if (marker === SOS) return offset;
  }
  return -1;
}

/**
 * SOI followed by marker segments up to a frame header with non-zero dimensions; null otherwise. A height of 0
 * (defined later by a DNL marker, B.2.2) is not supported: no encoder we meet writes it.
 */
export function readJpegHeader(bytes: Uint8Array): ImageSize | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    let at = offset + 1;
    while (bytes[at] === 0xff) at++;
    const marker = bytes[at] ?? 0;
    if (isStandalone(marker)) {
      offset = at + 1;
      continue;
    }
    if (marker === SOI || marker === EOI || marker === SOS || marker === 0x00) return null;
    const length = ((bytes[at + 1] ?? 0) << 8) | (bytes[at + 2] ?? 0);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      if (length < 8 || at + 8 > bytes.length) return null;
      const height = ((bytes[at + 4] ?? 0) << 8) | (bytes[at + 5] ?? 0);
      const width = ((bytes[at + 6] ?? 0) << 8) | (bytes[at + 7] ?? 0);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    offset = at + 1 + length;
  }
  return null;
}

/** Checks that the file is whole and returns its size; HUB_ERR_MEDIA_CORRUPT when truncated or malformed. */
export function probeJpeg(bytes: Uint8Array): ImageSize {
  const header = readJpegHeader(bytes);
  if (header === null) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'JPEG header');
  if (header.width * header.height > MAX_IMAGE_PIXELS) {
    throw new HubError('HUB_ERR_MEDIA_UNSUPPORTED', `JPEG larger than ${MAX_IMAGE_PIXELS} pixels`);
  }
  let offset = 2;
  for (;;) {
    const scanStart = scanStartAfter(bytes, offset);
    if (scanStart < 0) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'JPEG truncated before image data');
    const next = nextMarkerAfterScan(bytes, scanStart);
    if (next < 0) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'JPEG truncated: no end-of-image marker');
    if (bytes[next + 1] === EOI) return header;
    offset = next; // progressive JPEG: more tables and scans follow
  }
}

/** Offset of the first marker after entropy-coded data (skipping stuffed 0xFF00 and RSTn), or -1. */
function nextMarkerAfterScan(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const b = bytes[i + 1] ?? 0;
    if (b === 0x00 || b === 0xff || (b >= 0xd0 && b <= 0xd7)) continue;
    return i;
  }
  return -1;
}
