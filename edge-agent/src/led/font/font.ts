// The LED font's public face: splits text into grapheme clusters and returns a bitmap for each, composing Vietnamese
// letters from base glyphs and marks (compose-glyph.ts). Input is normalised to NFD first so that precomposed
// (NFC, what keyboards and the hub produce) and decomposed (what some macOS and legacy VNI converters produce)
// spellings of the same word render identically.
import { composeGlyph, type BaseLookup, type ComposedGlyph } from './compose-glyph.js';
import type { Bitmap } from './glyph-sheet.js';
import { LETTER_GLYPHS, MARK_ANCHOR_OVERRIDES } from './glyphs-letters.js';
import { REPLACEMENT_CHAR, SYMBOL_GLYPHS } from './glyphs-symbols.js';
import { CELL_HEIGHT, SPACE_WIDTH } from './metrics.js';

export interface Cluster {
  /** The cluster as the user typed it, in NFC (what a report shows). */
  readonly text: string;
  readonly glyph: ComposedGlyph;
  /** True when the font does not cover the cluster and `glyph` is the replacement box. */
  readonly missing: boolean;
  readonly isSpace: boolean;
  readonly isNewline: boolean;
}

const SPACE_BITMAP: Bitmap = { width: SPACE_WIDTH, height: CELL_HEIGHT, bits: new Uint8Array(SPACE_WIDTH * CELL_HEIGHT) };
const SPACE: ComposedGlyph = { advance: SPACE_WIDTH, offsetX: 0, bitmap: SPACE_BITMAP };
const NEWLINE: ComposedGlyph = { advance: 0, offsetX: 0, bitmap: { width: 0, height: CELL_HEIGHT, bits: new Uint8Array(0) } };

const BASES: BaseLookup = {
  glyph: (ch) => LETTER_GLYPHS.get(ch) ?? SYMBOL_GLYPHS.get(ch),
  anchor: (ch) => MARK_ANCHOR_OVERRIDES.get(ch),
};

// Spaces of every width collapse to one: a board has no room for typographic spacing, and a no-break space pasted
// from a word processor must not become a replacement box.
const SPACES = /^[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]$/u;
// Invisible format characters (soft hyphen, zero-width space/joiners, BOM, variation selectors) carry no ink by
// design; dropping them is rendering them faithfully, not losing them.
const INVISIBLE = /^[\u00AD\u200B-\u200D\u2060\uFEFF\uFE00-\uFE0F]$/u;
const COMBINING = /^\p{M}$/u;

const cache = new Map<string, ComposedGlyph | null>();
const CACHE_LIMIT = 2048;

/** Splits text into drawable clusters. `\n` (and `\r\n`) become newline clusters; callers decide what they mean. */
export function segmentText(text: string): Cluster[] {
  const out: Cluster[] = [];
  const cps = [...text.replace(/\r\n?/g, '\n').normalize('NFD')];
  let i = 0;
  while (i < cps.length) {
    const base = cps[i] ?? '';
    i++;
    const marks: string[] = [];
    while (i < cps.length && COMBINING.test(cps[i] ?? '')) marks.push(cps[i++] ?? '');
    if (INVISIBLE.test(base) && marks.length === 0) continue;
    if (base === '\n') {
      out.push({ text: '\n', glyph: NEWLINE, missing: false, isSpace: false, isNewline: true });
      if (marks.length > 0) out.push(missingCluster(marks.join('')));
      continue;
    }
    if (SPACES.test(base) && marks.length === 0) {
      out.push({ text: ' ', glyph: SPACE, missing: false, isSpace: true, isNewline: false });
      continue;
    }
    const glyph = glyphFor(base, marks);
    const nfc = (base + marks.join('')).normalize('NFC');
    out.push(glyph === undefined ? missingCluster(nfc) : { text: nfc, glyph, missing: false, isSpace: false, isNewline: false });
  }
  return out;
}

/** The distinct clusters of `text` that the font cannot draw (they render as replacement boxes). */
export function uncoveredCharacters(text: string): string[] {
  return [...new Set(segmentText(text).filter((c) => c.missing).map((c) => c.text))];
}

function glyphFor(base: string, marks: readonly string[]): ComposedGlyph | undefined {
  const key = base + marks.join('');
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const glyph = composeGlyph(base, marks, BASES);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, glyph ?? null);
  return glyph;
}

function missingCluster(text: string): Cluster {
  const box = BASES.glyph(REPLACEMENT_CHAR);
  if (box === undefined) throw new Error('font has no replacement glyph');
  return { text, glyph: { advance: box.width, offsetX: 0, bitmap: box }, missing: true, isSpace: false, isNewline: false };
}
