// Every Vietnamese letter must have its own, legible glyph: an official reading "bán" for "bạn" or "ban" from the
// street misreads the bulletin. Generated from the full alphabet, not a hand-picked list.
import t from 'tap';
import { segmentText, uncoveredCharacters } from '../../../edge-agent/src/led/font/font.js';
import { LETTER_GLYPHS } from '../../../edge-agent/src/led/font/glyphs-letters.js';
import { CELL_HEIGHT } from '../../../edge-agent/src/led/font/metrics.js';
import type { Cluster } from '../../../edge-agent/src/led/font/font.js';

const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323']; // ngang, huyền, sắc, hỏi, ngã, nặng
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const lowerVowels = VOWELS.flatMap((v) => TONES.map((tone) => (v + tone).normalize('NFC')));
const ALPHABET = [
  ...lowerVowels,
  ...lowerVowels.map((c) => c.toUpperCase()),
  'đ',
  'Đ',
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
];

function only(text: string): Cluster {
  const clusters = segmentText(text);
  if (clusters.length !== 1 || clusters[0] === undefined) throw new Error(`'${text}' is ${clusters.length} clusters`);
  return clusters[0];
}

function pixels(c: Cluster): Set<string> {
  const out = new Set<string>();
  const bm = c.glyph.bitmap;
  for (let y = 0; y < bm.height; y++) {
    for (let x = 0; x < bm.width; x++) if (bm.bits[y * bm.width + x] === 1) out.add(`${x + c.glyph.offsetX},${y}`);
  }
  return out;
}

t.test('the alphabet under test is the whole Vietnamese alphabet', async (t) => {
  t.equal(lowerVowels.length, 72, '12 vowels × 6 tones');
  t.ok(lowerVowels.every((c) => [...c].length === 1), 'every toned vowel is one precomposed code point');
  for (const c of 'àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ') t.ok(lowerVowels.includes(c), c);
});

t.test('every Vietnamese letter and every ASCII character has a glyph', async (t) => {
  for (const ch of ALPHABET) {
    const c = only(ch);
    t.equal(c.missing, false, `'${ch}' is covered`);
    if (ch !== ' ') t.ok(pixels(c).size > 0, `'${ch}' has ink`);
  }
  t.same(uncoveredCharacters(ALPHABET.join('')), []);
});

t.test('all 144 toned vowels look different from each other', async (t) => {
  const seen = new Map<string, string>();
  for (const ch of ALPHABET.slice(0, 144)) {
    const key = [...pixels(only(ch))].sort().join(' ');
    t.notOk(seen.has(key), `'${ch}' is not drawn like '${seen.get(key) ?? ''}'`);
    seen.set(key, ch);
  }
});

t.test('marks keep a dark pixel between themselves and their letter', async (t) => {
  for (const v of VOWELS) {
    for (const base of [v, v.toUpperCase()]) {
      // Under a tone mark i is drawn dotless, as in print; compare with the letter actually drawn.
      const letter = pixels(only(base === 'i' ? 'ı' : base));
      for (const tone of TONES.slice(1)) {
        const ch = (base + tone).normalize('NFC');
        const added = [...pixels(only(ch))].filter((p) => !letter.has(p));
        const touching = added.filter((p) => {
          const [x = 0, y = 0] = p.split(',').map(Number);
          for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (letter.has(`${x + dx},${y + dy}`)) return true;
          return false;
        });
        t.same(touching, [], `${ch}: tone mark does not touch the letter`);
      }
    }
  }
});

t.test('circumflex and breve keep a dark pixel between themselves and their letter', async (t) => {
  for (const [modified, plain] of [['â', 'a'], ['ă', 'a'], ['ê', 'e'], ['ô', 'o'], ['Â', 'A'], ['Ă', 'A'], ['Ê', 'E'], ['Ô', 'O']] as const) {
    const letter = pixels(only(plain));
    const added = [...pixels(only(modified))].filter((p) => !letter.has(p));
    t.ok(added.length >= 3, `${modified} has a visible modifier`);
    const gapRows = added.map((p) => Number(p.split(',')[1]));
    const letterTop = Math.min(...[...letter].map((p) => Number(p.split(',')[1])));
    t.equal(Math.max(...gapRows), letterTop - 2, `${modified}: one dark row between modifier and letter`);
  }
});

t.test('marks stay inside the 16-row cell, nặng under the baseline, and above-marks above the letter', async (t) => {
  for (const ch of ALPHABET.slice(0, 144)) {
    const c = only(ch);
    t.equal(c.glyph.bitmap.height, CELL_HEIGHT, ch);
  }
  const dot = [...pixels(only('ạ'))].filter((p) => !pixels(only('a')).has(p));
  t.same(dot.map((p) => Number(p.split(',')[1])), [15], 'ạ: the dot is on the last row');
  const acute = [...pixels(only('Ấ'))].filter((p) => !pixels(only('A')).has(p)).map((p) => Number(p.split(',')[1]));
  t.ok(Math.max(...acute) < 5, 'Ấ: circumflex and sắc sit above the capital with a dark row between');
});

t.test('precomposed and decomposed spellings render the same', async (t) => {
  const text = 'Thông báo khẩn: Bão số 3 đổ bộ — sơ tán ngay!';
  const nfc = segmentText(text.normalize('NFC'));
  const nfd = segmentText(text.normalize('NFD'));
  t.equal(nfd.length, nfc.length);
  nfc.forEach((c, i) => t.same(pixels(c), pixels(nfd[i] ?? c), c.text));
});

t.test('i loses its dot under a tone mark but keeps it with nặng', async (t) => {
  const dotless = pixels(only('ı'));
  const i = pixels(only('i'));
  t.ok([...pixels(only('í'))].filter((p) => !dotless.has(p)).length === 2, 'í = ı + a 2-pixel acute');
  t.ok([...i].every((p) => pixels(only('ị')).has(p)), 'ị keeps the dot of i');
});

t.test('uncovered characters become a replacement box and are reported, never dropped', async (t) => {
  const clusters = segmentText('Xin chào 😀 世 ø');
  const missing = clusters.filter((c) => c.missing);
  t.same(missing.map((c) => c.text), ['😀', '世', 'ø']);
  for (const c of missing) t.ok(pixels(c).size > 20, `${c.text} is drawn as a visible box`);
  t.same(uncoveredCharacters('Xin chào 😀 世 ø 😀'), ['😀', '世', 'ø']);
  t.same(uncoveredCharacters('a\u0327'), ['a\u0327'.normalize('NFC')], 'a letter with an unsupported mark is a box too');
  t.same(uncoveredCharacters('a\u0301\u0300'), ['a\u0301\u0300'.normalize('NFC')], 'two tone marks on one vowel is malformed');
});

t.test('spaces, tabs and no-break spaces are blank; soft hyphens and zero-width spaces are invisible', async (t) => {
  const clusters = segmentText('a\u00A0b\tc\u200Bd\u00ADe');
  t.same(clusters.map((c) => c.text), ['a', ' ', 'b', ' ', 'c', 'd', 'e']);
});

t.test('the letter sheets define every letter once, with the horn letters anchored on their body', async (t) => {
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzđĐơưƠƯı') t.ok(LETTER_GLYPHS.has(ch), ch);
});
