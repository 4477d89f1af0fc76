// Frame → PNG, for "now showing" snapshots and the golden tests. Deterministic: the same frame gives the same bytes
// on the same Node (no timestamps or text chunks; fixed filter and deflate level), so a snapshot's hash changes only
// when the picture does.
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import type { Framebuffer } from './framebuffer.js';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function encodePng(fb: Framebuffer): Buffer {
  const stride = fb.width * 3;
  const raw = Buffer.alloc((stride + 1) * fb.height);
  for (let y = 0; y < fb.height; y++) {
    // Filter type 0 (None) on every row: LED frames are small and mostly flat, and the fixed choice keeps the
    // encoder trivially deterministic.
    raw[y * (stride + 1)] = 0;
    raw.set(fb.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(fb.width, 0);
  ihdr.writeUInt32BE(fb.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour RGB
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // not interlaced
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4, 8))), 0);
  return Buffer.concat([head, data, crc]);
}
