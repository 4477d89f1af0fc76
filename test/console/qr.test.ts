// The console's QR encoder (hub/console/src/core/qr.ts) against the standard's own vectors (ISO/IEC 18004 Annex I
// Reed–Solomon example, the format- and version-information tables of Annex C and D), and every symbol it makes read
// back by an independent reader written here from the standard: format bits, unmasking, the zig-zag, de-interleaving,
// Reed–Solomon syndromes and the byte-mode segment.
import t from 'tap';
import { byteCapacity, encodeQr, formatBits, QrTooLongError, reedSolomon, versionBits, type QrCode } from '../../hub/console/src/core/qr.js';

// GF(256), polynomial 0x11D, for the syndromes.
const EXP: number[] = [];
const LOG: number[] = new Array<number>(256).fill(0);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x = (x << 1) ^ (x & 0x80 ? 0x11d : 0);
  x &= 0xff;
}
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[(LOG[a]! + LOG[b]!) % 255]!);

/** All syndromes of a codeword block are zero exactly when it is a valid RS codeword. */
function syndromesZero(block: readonly number[], ecCount: number): boolean {
  for (let i = 0; i < ecCount; i++) {
    let s = 0;
    for (const c of block) s = mul(s, EXP[i]!) ^ c;
    if (s !== 0) return false;
  }
  return true;
}

const M_BLOCKS: Record<number, { ec: number; groups: [number, number][] }> = {
  1: { ec: 10, groups: [[1, 16]] }, 2: { ec: 16, groups: [[1, 28]] }, 3: { ec: 26, groups: [[1, 44]] }, 4: { ec: 18, groups: [[2, 32]] },
  5: { ec: 24, groups: [[2, 43]] }, 6: { ec: 16, groups: [[4, 27]] }, 7: { ec: 18, groups: [[4, 31]] }, 8: { ec: 22, groups: [[2, 38], [2, 39]] },
  9: { ec: 22, groups: [[3, 36], [2, 37]] }, 10: { ec: 26, groups: [[4, 43], [1, 44]] },
};
const ALIGN: Record<number, number[]> = { 1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50] };

/** Which modules are function patterns, rebuilt from the standard (not from the encoder). */
function functionMask(version: number): boolean[][] {
  const n = version * 4 + 17;
  const f = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const mark = (r: number, c: number) => {
    if (r >= 0 && c >= 0 && r < n && c < n) f[r]![c] = true;
  };
  for (let i = 0; i < n; i++) { mark(6, i); mark(i, 6); }
  // Finders with separators and format areas: 9×9 at the top left, 9 rows × 8 columns top right, 8 × 9 bottom left.
  for (let r = 0; r < 9; r++) for (let c = 0; c < 9; c++) mark(r, c);
  for (let r = 0; r < 9; r++) for (let c = 0; c < 8; c++) { mark(r, n - 1 - c); mark(n - 1 - c, r); }
  const a = ALIGN[version]!;
  for (const r of a) for (const c of a) {
    if ((r === 6 && c === 6) || (r === 6 && c === a.at(-1)) || (r === a.at(-1) && c === 6)) continue;
    for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) mark(r + dr, c + dc);
  }
  if (version >= 7) for (let i = 0; i < 6; i++) for (let j = 0; j < 3; j++) { mark(i, n - 11 + j); mark(n - 11 + j, i); }
  return f;
}

const MASK_TESTS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0, (r) => r % 2 === 0, (_r, c) => c % 3 === 0, (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0, (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0, (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

/** Reads a symbol back to its text; throws on anything a reader would reject. */
function readQr(code: QrCode): string {
  const m = code.modules;
  const n = m.length;
  const version = (n - 17) / 4;
  // Format information, first copy (Figure 25): bits 14..0 around the top-left finder.
  const coords: [number, number][] = [];
  for (let i = 0; i <= 5; i++) coords.push([i, 8]);
  coords.push([7, 8], [8, 8], [8, 7]);
  for (let i = 9; i < 15; i++) coords.push([8, 14 - i]);
  let format = 0;
  coords.forEach(([r, c], i) => { if (m[r]![c]) format |= 1 << i; });
  const unmasked = format ^ 0x5412;
  if (unmasked >> 13 !== 0) throw new Error('error correction level is not M');
  const mask = (unmasked >> 10) & 7;
  if (formatBits(mask) !== format) throw new Error('format BCH check failed');
  // Second copy must agree.
  let second = 0;
  for (let i = 0; i < 8; i++) if (m[8]![n - 1 - i]) second |= 1 << i;
  for (let i = 8; i < 15; i++) if (m[n - 15 + i]![8]) second |= 1 << i;
  if (second !== format) throw new Error('format copies differ');
  if (!m[n - 8]![8]) throw new Error('dark module missing');

  const f = functionMask(version);
  const bits: number[] = [];
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < n; v++) {
      const r = upward ? n - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const c = right - j;
        if (f[r]![c]) continue;
        bits.push((m[r]![c]! !== MASK_TESTS[mask]!(r, c)) ? 1 : 0);
      }
    }
  }
  const total = Math.floor(bits.length / 8);
  const codewords = Array.from({ length: total }, (_, i) => bits.slice(i * 8, i * 8 + 8).reduce((a, b) => (a << 1) | b, 0));
  const { ec, groups } = M_BLOCKS[version]!;
  const sizes = groups.flatMap(([count, size]) => new Array<number>(count).fill(size));
  const blocks = sizes.map(() => [] as number[]);
  let at = 0;
  for (let i = 0; i < Math.max(...sizes); i++) sizes.forEach((s, b) => { if (i < s) blocks[b]!.push(codewords[at++]!); });
  for (let i = 0; i < ec; i++) blocks.forEach((b) => b.push(codewords[at++]!));
  blocks.forEach((b, i) => { if (!syndromesZero(b, ec)) throw new Error(`block ${i} fails Reed–Solomon`); });
  const data = blocks.flatMap((b, i) => b.slice(0, sizes[i]));
  const stream = data.flatMap((byte) => Array.from({ length: 8 }, (_, k) => (byte >> (7 - k)) & 1));
  const read = (from: number, len: number) => stream.slice(from, from + len).reduce((a, b) => (a << 1) | b, 0);
  if (read(0, 4) !== 0b0100) throw new Error('not byte mode');
  const countBits = version <= 9 ? 8 : 16;
  const length = read(4, countBits);
  const bytes = Array.from({ length }, (_, i) => read(4 + countBits + i * 8, 8));
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
}

t.test('Reed–Solomon matches the worked example of ISO/IEC 18004 Annex I (1-M, "01234567")', async (t) => {
  const data = [0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11];
  t.same(reedSolomon(data, 10), [0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55]);
});

t.test('format information for level M equals the table of Annex C', async (t) => {
  const table = ['101010000010010', '101000100100101', '101111001111100', '101101101001011', '100010111111001', '100000011001110', '100111110010111', '100101010100000'];
  t.same([0, 1, 2, 3, 4, 5, 6, 7].map((mask) => formatBits(mask).toString(2).padStart(15, '0')), table);
});

t.test('version information equals the table of Annex D', async (t) => {
  t.equal(versionBits(7), 0x07c94);
  t.equal(versionBits(8), 0x085bc);
  t.equal(versionBits(9), 0x09a99);
  t.equal(versionBits(10), 0x0a4d3);
});

t.test('byte capacities at level M (Table 7) pick the smallest version', async (t) => {
  t.same([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(byteCapacity), [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]);
  t.equal(encodeQr('x'.repeat(14)).version, 1);
  t.equal(encodeQr('x'.repeat(15)).version, 2);
  t.equal(encodeQr('x'.repeat(213)).version, 10);
  t.throws(() => encodeQr('x'.repeat(214)), QrTooLongError, 'too long for version 10 says so');
});

t.test('every symbol reads back: enrolment commands, otpauth URIs, Vietnamese text, every version and mask', async (t) => {
  const samples = [
    'A', 'edge-agent enroll --hub http://192.168.1.10:8080 --code ABCD-EFGH-JKLM',
    'otpauth://totp/TinNguon:xa.dak.nia?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=TinNguon&algorithm=SHA1&digits=6&period=30',
    'Xã Đắk Nia — thông báo lịch phát thanh',
  ];
  for (let version = 1; version <= 10; version++) samples.push('q'.repeat(byteCapacity(version)));
  for (const text of samples) {
    const code = encodeQr(text);
    t.equal(readQr(code), text, `${text.length} chars, version ${code.version}, mask ${code.mask}`);
  }
  for (let mask = 0; mask < 8; mask++) t.equal(readQr(encodeQr('TinNguon', { mask, minVersion: 7 })), 'TinNguon', `mask ${mask}, version 7 (version information present)`);
});
