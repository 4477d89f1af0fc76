// One record per line with its own CRC-32, so a line torn by SIGKILL or garbled by power loss is recognised and
// skipped instead of being read as data. Format: `<crc32 as 8 hex> <payload>\n`.

const TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const crcHex = (payload: string): string => crc32(Buffer.from(payload, 'utf8')).toString(16).padStart(8, '0');

/** `payload` must not contain a newline (JSON.stringify output never does). */
export function encodeLine(payload: string): string {
  return `${crcHex(payload)} ${payload}\n`;
}

export interface ReadLines {
  /** Payloads of complete lines whose checksum holds, in file order. */
  readonly payloads: string[];
  /** Complete lines that failed their checksum (not the torn tail). */
  readonly corrupt: number;
  /** Length of the file up to the end of its last complete line; beyond it is a torn tail. */
  readonly validBytes: number;
}

export function readLines(data: Buffer): ReadLines {
  const end = data.lastIndexOf(0x0a) + 1;
  const payloads: string[] = [];
  let corrupt = 0;
  for (const line of data.subarray(0, end).toString('utf8').split('\n')) {
    if (line === '') continue;
    const payload = line.slice(9);
    if (line[8] === ' ' && line.slice(0, 8) === crcHex(payload)) payloads.push(payload);
    else corrupt++;
  }
  return { payloads, corrupt, validBytes: end };
}
