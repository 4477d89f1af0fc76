// A small QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1–10 — enough for an
// enrolment code with the hub's address, or an otpauth:// URI (up to 213 bytes). Written here because the console
// loads nothing from outside (issue 9: closed provincial network). Pure: no DOM; qr-svg.ts draws the result.

/** Per version (index 0 = version 1), level M: EC codewords per block and the block layout [count, data codewords]. */
const M_BLOCKS: readonly { readonly ec: number; readonly groups: readonly (readonly [number, number])[] }[] = [
  { ec: 10, groups: [[1, 16]] },
  { ec: 16, groups: [[1, 28]] },
  { ec: 26, groups: [[1, 44]] },
  { ec: 18, groups: [[2, 32]] },
  { ec: 24, groups: [[2, 43]] },
  { ec: 16, groups: [[4, 27]] },
  { ec: 18, groups: [[4, 31]] },
  { ec: 22, groups: [[2, 38], [2, 39]] },
  { ec: 22, groups: [[3, 36], [2, 37]] },
  { ec: 26, groups: [[4, 43], [1, 44]] },
];

/** Alignment pattern centres per version (Annex E). */
const ALIGNMENT: readonly (readonly number[])[] = [
  [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
];

export const QR_MAX_VERSION = 10;
/** Level M in the format information is 00 (Table 12). */
const EC_LEVEL_M_BITS = 0;

export interface QrCode {
  readonly version: number;
  readonly size: number;
  readonly mask: number;
  /** modules[row][column], true = dark. */
  readonly modules: readonly (readonly boolean[])[];
}

export class QrTooLongError extends Error {
  constructor(bytes: number) {
    super(`QR: ${bytes} bytes do not fit version ${QR_MAX_VERSION}-M`);
    this.name = 'QrTooLongError';
  }
}

function dataCapacity(version: number): number {
  return M_BLOCKS[version - 1]!.groups.reduce((n, [count, size]) => n + count * size, 0);
}

/** Bytes that fit in byte mode at `version`-M (mode 4 bits + count 8 or 16 bits + 8 per byte). */
export function byteCapacity(version: number): number {
  const countBits = version <= 9 ? 8 : 16;
  return Math.floor((dataCapacity(version) * 8 - 4 - countBits) / 8);
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D).
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;

function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** Reed–Solomon EC codewords for `data`: the remainder of data·x^n divided by ∏(x − α^i), i < n. */
export function reedSolomon(data: readonly number[], ecCount: number): number[] {
  let generator = [1];
  for (let i = 0; i < ecCount; i++) {
    const next = new Array<number>(generator.length + 1).fill(0);
    for (let j = 0; j < generator.length; j++) {
      next[j] = next[j]! ^ generator[j]!;
      next[j + 1] = next[j + 1]! ^ gfMul(generator[j]!, EXP[i]!);
    }
    generator = next;
  }
  const remainder = new Array<number>(ecCount).fill(0);
  for (const byte of data) {
    const factor = byte ^ remainder.shift()!;
    remainder.push(0);
    for (let j = 0; j < ecCount; j++) remainder[j] = remainder[j]! ^ gfMul(generator[j + 1]!, factor);
  }
  return remainder;
}

/** Mode, count, data, terminator, padding (0xEC 0x11) — the data codewords of one symbol (§7.4). */
export function dataCodewords(bytes: Uint8Array, version: number): number[] {
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  const capacity = dataCapacity(version) * 8;
  put(0b0100, 4);
  put(bytes.length, version <= 9 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity - bits.length));
  while (bits.length % 8 !== 0) bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((v, b) => (v << 1) | b, 0));
  for (let pad = 0xec; out.length < capacity / 8; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** Splits into blocks, adds each block's EC codewords, interleaves (§7.6). */
export function finalCodewords(data: readonly number[], version: number): number[] {
  const { ec, groups } = M_BLOCKS[version - 1]!;
  const blocks: number[][] = [];
  let at = 0;
  for (const [count, size] of groups) {
    for (let i = 0; i < count; i++) {
      blocks.push(data.slice(at, at + size));
      at += size;
    }
  }
  const ecBlocks = blocks.map((b) => reedSolomon(b, ec));
  const out: number[] = [];
  const longest = Math.max(...blocks.map((b) => b.length));
  for (let i = 0; i < longest; i++) for (const b of blocks) if (i < b.length) out.push(b[i]!);
  for (let i = 0; i < ec; i++) for (const e of ecBlocks) out.push(e[i]!);
  return out;
}

/** BCH(15,5) format information for level M and `mask`, XOR-masked with 101010000010010 (§7.9). */
export function formatBits(mask: number): number {
  const data = (EC_LEVEL_M_BITS << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** BCH(18,6) version information, versions 7 and up (§7.10). */
export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | rem;
}

const MASKS: readonly ((row: number, col: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

class Grid {
  readonly size: number;
  readonly dark: boolean[][];
  readonly reserved: boolean[][];

  constructor(size: number) {
    this.size = size;
    this.dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    this.reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }

  fn(row: number, col: number, dark: boolean): void {
    if (row < 0 || col < 0 || row >= this.size || col >= this.size) return;
    this.dark[row]![col] = dark;
    this.reserved[row]![col] = true;
  }
}

function drawFunctionPatterns(g: Grid, version: number): void {
  const n = g.size;
  for (let i = 0; i < n; i++) {
    g.fn(6, i, i % 2 === 0);
    g.fn(i, 6, i % 2 === 0);
  }
  // Finders with their separators: a 9×9 square around each centre, dark except at distance 2 and 4.
  for (const [cr, cc] of [[3, 3], [3, n - 4], [n - 4, 3]] as const) {
    for (let dr = -4; dr <= 4; dr++) {
      for (let dc = -4; dc <= 4; dc++) {
        const d = Math.max(Math.abs(dr), Math.abs(dc));
        g.fn(cr + dr, cc + dc, d !== 2 && d !== 4);
      }
    }
  }
  const centres = ALIGNMENT[version - 1]!;
  const last = centres.length - 1;
  centres.forEach((r, i) =>
    centres.forEach((c, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) g.fn(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }),
  );
  drawFormat(g, 0);
  if (version >= 7) {
    const bits = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = n - 11 + (i % 3);
      const b = Math.floor(i / 3);
      g.fn(b, a, dark);
      g.fn(a, b, dark);
    }
  }
}

function drawFormat(g: Grid, mask: number): void {
  const n = g.size;
  const bits = formatBits(mask);
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  // Around the top-left finder (bit 0 at row 0 of column 8, skipping the timing row 6) …
  for (let i = 0; i <= 5; i++) g.fn(i, 8, bit(i));
  g.fn(7, 8, bit(6));
  g.fn(8, 8, bit(7));
  g.fn(8, 7, bit(8));
  for (let i = 9; i < 15; i++) g.fn(8, 14 - i, bit(i));
  // … and split between the other two finders.
  for (let i = 0; i < 8; i++) g.fn(8, n - 1 - i, bit(i));
  for (let i = 8; i < 15; i++) g.fn(n - 15 + i, 8, bit(i));
  g.fn(n - 8, 8, true); // the dark module (§7.9.1)
}

function placeData(g: Grid, codewords: readonly number[]): void {
  const n = g.size;
  let i = 0;
  const total = codewords.length * 8;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5; // the vertical timing pattern is skipped whole
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < n; v++) {
      const row = upward ? n - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const col = right - j;
        if (g.reserved[row]![col]) continue;
        // Remainder bits beyond the codewords stay light (§7.7.3).
        g.dark[row]![col] = i < total && ((codewords[i >>> 3]! >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
    }
  }
}

function applyMask(g: Grid, mask: number): void {
  const test = MASKS[mask]!;
  for (let r = 0; r < g.size; r++) for (let c = 0; c < g.size; c++) if (!g.reserved[r]![c] && test(r, c)) g.dark[r]![c] = !g.dark[r]![c];
}

/** The four penalty rules of §7.8.3; the mask with the lowest score is used. */
export function penalty(m: readonly (readonly boolean[])[]): number {
  const n = m.length;
  let score = 0;
  const line = (get: (i: number) => boolean) => {
    let s = 0;
    let run = 1;
    for (let i = 1; i <= n; i++) {
      if (i < n && get(i) === get(i - 1)) run++;
      else {
        if (run >= 5) s += 3 + (run - 5);
        run = 1;
      }
    }
    // 1:1:3:1:1 finder look-alikes with four light modules on one side.
    const pattern = [true, false, true, true, true, false, true];
    for (let i = 0; i + 7 <= n; i++) {
      if (!pattern.every((p, k) => get(i + k) === p)) continue;
      const before = i >= 4 && [1, 2, 3, 4].every((k) => !get(i - k));
      const after = i + 11 <= n && [7, 8, 9, 10].every((k) => !get(i + k));
      if (before || after) s += 40;
    }
    return s;
  };
  for (let r = 0; r < n; r++) score += line((i) => m[r]![i]!);
  for (let c = 0; c < n; c++) score += line((i) => m[i]![c]!);
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const v = m[r]![c];
      if (m[r]![c + 1] === v && m[r + 1]![c] === v && m[r + 1]![c + 1] === v) score += 3;
    }
  }
  const dark = m.reduce((s, row) => s + row.filter(Boolean).length, 0);
  score += Math.floor(Math.abs((dark * 100) / (n * n) - 50) / 5) * 10;
  return score;
}

/** Encodes `text` as UTF-8 in the smallest version that holds it; `mask` forces a mask (tests). */
export function encodeQr(text: string, options: { readonly mask?: number; readonly minVersion?: number } = {}): QrCode {
  const bytes = new TextEncoder().encode(text);
  let version = Math.max(1, options.minVersion ?? 1);
  while (version <= QR_MAX_VERSION && byteCapacity(version) < bytes.length) version++;
  if (version > QR_MAX_VERSION) throw new QrTooLongError(bytes.length);
  const codewords = finalCodewords(dataCodewords(bytes, version), version);
  const size = version * 4 + 17;
  let best: { mask: number; modules: boolean[][]; score: number } | undefined;
  for (const mask of options.mask === undefined ? [0, 1, 2, 3, 4, 5, 6, 7] : [options.mask]) {
    const g = new Grid(size);
    drawFunctionPatterns(g, version);
    placeData(g, codewords);
    applyMask(g, mask);
    drawFormat(g, mask);
    const score = penalty(g.dark);
    if (best === undefined || score < best.score) best = { mask, modules: g.dark, score };
  }
  return { version, size, mask: best!.mask, modules: best!.modules };
}
