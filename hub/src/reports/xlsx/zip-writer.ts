// A minimal ZIP writer (PKWARE APPNOTE.TXT 6.3): stored or deflated entries, UTF-8 names, no ZIP64. Enough for the
// Office Open XML container of an .xlsx export without adding a dependency (style.md §15).
import { deflateRawSync } from 'node:zlib';
import { HubError } from '../../errors.js';
import { crc32 } from './crc32.js';

export interface ZipEntry {
  /** Forward slashes, no leading slash (APPNOTE 4.4.17.1). */
  readonly name: string;
  readonly data: Uint8Array;
  /** Deflate (method 8) unless the entry is tiny, where stored (method 0) is smaller. Default true. */
  readonly deflate?: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
/** Version 2.0: deflate. */
const VERSION = 20;
/** General purpose bit 11 (APPNOTE 4.4.4): names are UTF-8, so Vietnamese sheet file names would survive too. */
const UTF8_NAMES = 0x0800;
const MAX_32 = 0xffffffff;

/** MS-DOS date and time (APPNOTE 4.4.6), local fields taken as UTC: a spreadsheet does not care, a test can fix it. */
export function dosDateTime(at: Date): { date: number; time: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
  };
}

interface Written {
  readonly name: Buffer;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

/** The bytes of a ZIP archive holding `entries` in order. Throws HUB_ERR_INTERNAL past the non-ZIP64 limits. */
export function zipArchive(entries: readonly ZipEntry[], modified: Date): Buffer {
  if (entries.length > 0xffff) throw new HubError('HUB_ERR_INTERNAL', 'too many ZIP entries');
  const { date, time } = dosDateTime(modified);
  const parts: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = entry.deflate === false ? undefined : deflateRawSync(entry.data, { level: 6 });
    const useDeflate = deflated !== undefined && deflated.length < entry.data.length;
    const body = useDeflate ? deflated : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    if (entry.data.length > MAX_32 || offset > MAX_32) throw new HubError('HUB_ERR_INTERNAL', 'ZIP entry past 4 GiB');
    const w: Written = { name, method: useDeflate ? 8 : 0, crc: crc32(entry.data), compressedSize: body.length, size: entry.data.length, offset };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(w.method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(w.crc, 14);
    header.writeUInt32LE(w.compressedSize, 18);
    header.writeUInt32LE(w.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    parts.push(header, name, body);
    offset += header.length + name.length + body.length;
    written.push(w);
  }
  const centralStart = offset;
  for (const w of written) {
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(VERSION, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(w.method, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(w.crc, 16);
    header.writeUInt32LE(w.compressedSize, 20);
    header.writeUInt32LE(w.size, 24);
    header.writeUInt16LE(w.name.length, 28);
    // Extra field, comment, disk number, internal and external attributes: all zero.
    header.writeUInt32LE(w.offset, 42);
    parts.push(header, w.name);
    offset += header.length + w.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(offset - centralStart, 12);
  end.writeUInt32LE(centralStart, 16);
  parts.push(end);
  return Buffer.concat(parts);
}
