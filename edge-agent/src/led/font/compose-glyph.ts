// Builds the bitmap of one grapheme cluster (a base letter and its combining marks) from a base glyph and mark
// bitmaps. Composition instead of 134 hand-drawn Vietnamese letters keeps the data small and consistent: every
// vowel gets its marks in the same places, and a fix to a mark fixes every letter that uses it.
//
// Placement follows Vietnamese print convention (as taught in schools and used by the Unicode Vietnamese charts):
//   - a modifier (circumflex, breve) sits one dark row above the letter;
//   - with a circumflex, sắc and hỏi sit to its upper right and huyền to its upper left, ngã above it;
//   - with a breve every tone sits above it;
//   - nặng is a dot one dark row under the baseline, moved sideways if a descender is in the way (ỵ).
// Each mark is raised until no lit pixel touches lit pixels already placed (8-neighbourhood), so marks never merge
// into their letter or into each other on the board.
import type { Bitmap } from './glyph-sheet.js';
import { MARKS, type MarkDef } from './marks.js';
import { CELL_HEIGHT, X_HEIGHT_TOP_ROW } from './metrics.js';

export interface ComposedGlyph {
  /** Pen advance without letter spacing: the base glyph's width. */
  readonly advance: number;
  /** Column of the bitmap's left edge relative to the pen; negative when a mark overhangs to the left. */
  readonly offsetX: number;
  readonly bitmap: Bitmap;
}

export interface BaseLookup {
  glyph(ch: string): Bitmap | undefined;
  anchor(ch: string): number | undefined;
}

const MARGIN = 4;

/** Composes `base` + `marks` (NFD code points). Returns undefined when any part is not covered. */
export function composeGlyph(base: string, marks: readonly string[], fonts: BaseLookup): ComposedGlyph | undefined {
  const defs: MarkDef[] = [];
  for (const m of marks) {
    const def = MARKS.get(m);
    if (def === undefined) return undefined;
    defs.push(def);
  }
  const horn = defs.filter((d) => d.kind === 'horn');
  const modifiers = defs.filter((d) => d.kind === 'modifier');
  const tones = defs.filter((d) => d.kind === 'tone');
  const below = defs.filter((d) => d.kind === 'below');
  // A letter carries at most one of each (Vietnamese orthography); anything else is malformed input.
  if (horn.length > 1 || modifiers.length > 1 || tones.length > 1 || below.length > 1) return undefined;

  let key = horn.length === 1 ? `${base}\u031B`.normalize('NFC') : base;
  // Print convention: i loses its dot under a tone mark or a modifier (ì í ỉ ĩ); j likewise.
  if (key === 'i' && modifiers.length + tones.length > 0) key = 'ı';
  const baseGlyph = fonts.glyph(key);
  if (baseGlyph === undefined) return undefined;
  if (defs.length === horn.length) return { advance: baseGlyph.width, offsetX: 0, bitmap: baseGlyph };

  const canvas = new Canvas(baseGlyph.width + 2 * MARGIN);
  canvas.stamp(baseGlyph, MARGIN, 0);
  const anchorX = MARGIN + (fonts.anchor(key) ?? Math.floor((baseGlyph.width - 1) / 2));

  const modifier = modifiers[0];
  let placedModifier: Placed | undefined;
  if (modifier !== undefined) {
    const x = anchorX - modifier.anchor;
    placedModifier = canvas.placeAbove(modifier.bitmap, x, canvas.topInk(x, x + modifier.bitmap.width - 1) - 2);
  }
  const tone = tones[0];
  if (tone !== undefined) {
    if (placedModifier !== undefined && modifier?.name === 'circumflex' && tone.name !== 'tilde') {
      const bottom = placedModifier.y - 1;
      const x = tone.name === 'grave' ? placedModifier.x - tone.bitmap.width : placedModifier.x + placedModifier.width;
      canvas.placeAbove(tone.bitmap, x, bottom);
    } else {
      const x = anchorX - tone.anchor;
      const start = placedModifier !== undefined ? placedModifier.y - 1 : canvas.topInk(x, x + tone.bitmap.width - 1) - 2;
      canvas.placeAbove(tone.bitmap, x, start);
    }
  }
  const dot = below[0];
  if (dot !== undefined) canvas.placeBelow(dot.bitmap, anchorX - dot.anchor);
  return canvas.toGlyph(baseGlyph.width);
}

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

class Canvas {
  readonly bits: Uint8Array;

  constructor(readonly width: number) {
    this.bits = new Uint8Array(width * CELL_HEIGHT);
  }

  stamp(bm: Bitmap, x: number, y: number): void {
    this.forEachLit(bm, x, y, (px, py) => {
      if (px >= 0 && px < this.width && py >= 0 && py < CELL_HEIGHT) this.bits[py * this.width + px] = 1;
    });
  }

  /** First lit row over columns x0..x1, or the x-height top when the columns are empty (a mark on a space). */
  topInk(x0: number, x1: number): number {
    for (let y = 0; y < CELL_HEIGHT; y++) {
      for (let x = Math.max(0, x0); x <= Math.min(this.width - 1, x1); x++) if (this.lit(x, y)) return y;
    }
    return X_HEIGHT_TOP_ROW;
  }

  /** Places `bm` with its last row at `bottom` or higher, the lowest position that touches nothing. */
  placeAbove(bm: Bitmap, x: number, bottom: number): Placed {
    let y = bottom - bm.height + 1;
    while (y > 0 && this.touches(bm, x, y)) y--;
    this.stamp(bm, x, Math.max(0, y));
    return { x, y: Math.max(0, y), width: bm.width };
  }

  /** Places a below-mark one dark row under the letter's lowest ink, sliding sideways around descenders (ỵ). */
  placeBelow(bm: Bitmap, x: number): void {
    let bottomInk = -1;
    for (let y = 0; y < CELL_HEIGHT; y++) {
      for (let xx = 0; xx < this.width; xx++) if (this.lit(xx, y)) bottomInk = y;
    }
    const y = Math.min(CELL_HEIGHT - bm.height, bottomInk + 2);
    for (const dx of [0, 1, -1, 2, -2]) {
      if (!this.touches(bm, x + dx, y)) {
        this.stamp(bm, x + dx, y);
        return;
      }
    }
    this.stamp(bm, x, y);
  }

  toGlyph(advance: number): ComposedGlyph {
    let minX = this.width;
    let maxX = -1;
    for (let y = 0; y < CELL_HEIGHT; y++) {
      for (let x = 0; x < this.width; x++) {
        if (this.lit(x, y)) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
    }
    minX = Math.min(minX, MARGIN);
    maxX = Math.max(maxX, MARGIN + advance - 1);
    const width = maxX - minX + 1;
    const bits = new Uint8Array(width * CELL_HEIGHT);
    for (let y = 0; y < CELL_HEIGHT; y++) {
      for (let x = 0; x < width; x++) bits[y * width + x] = this.bits[y * this.width + x + minX] ?? 0;
    }
    return { advance, offsetX: minX - MARGIN, bitmap: { width, height: CELL_HEIGHT, bits } };
  }

  private lit(x: number, y: number): boolean {
    return x >= 0 && x < this.width && y >= 0 && y < CELL_HEIGHT && this.bits[y * this.width + x] === 1;
  }

  private touches(bm: Bitmap, x: number, y: number): boolean {
    let hit = false;
    this.forEachLit(bm, x, y, (px, py) => {
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (this.lit(px + dx, py + dy)) hit = true;
    });
    return hit;
  }

  private forEachLit(bm: Bitmap, x: number, y: number, fn: (px: number, py: number) => void): void {
    for (let by = 0; by < bm.height; by++) {
      for (let bx = 0; bx < bm.width; bx++) if (bm.bits[by * bm.width + bx] === 1) fn(x + bx, y + by);
    }
  }
}
