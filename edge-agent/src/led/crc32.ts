// CRC-32 (IEEE 802.3, reflected 0xEDB88320) as PNG chunks require (PNG spec §5.5). zlib has one, but Node 20's
// `zlib.crc32` arrived only in 20.15/22.2 and is not in browsers; this table version is small and runs everywhere.
let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table !== undefined) return table;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  table = t;
  return t;
}

/** CRC-32 of `bytes`, continuing from `crc` (pass the previous result to checksum several buffers as one). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = crcTable();
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (t[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
