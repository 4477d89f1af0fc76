// Glyphs are drawn in the source as "sheets": a row of characters and, under it, their pixels side by side ('#' lit,
// '.' dark, glyphs separated by spaces), one text line per cell row from SHEET_TOP_ROW down. This keeps the font
// reviewable by eye in a diff, which a table of hex numbers is not, and keeps the data small enough to ship in the
// browser preview as well as on the device.
import { CELL_HEIGHT, SHEET_TOP_ROW } from './metrics.js';

/** A one-bit bitmap; `bits[y * width + x]` is 1 where the pixel is lit. */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  readonly bits: Uint8Array;
}

export interface SheetGlyph extends Bitmap {
  /** Always CELL_HEIGHT: glyph bitmaps cover the whole cell so marks can be placed in cell coordinates. */
  readonly height: number;
}

/** Parses a sheet; throws on a malformed sheet, which a unit test catches before any board does. */
export function parseSheet(chars: string, sheet: string): Map<string, SheetGlyph> {
  const glyphChars = [...chars];
  const lines = sheet.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length !== CELL_HEIGHT - SHEET_TOP_ROW) {
    throw new Error(`glyph sheet for '${chars}' has ${lines.length} rows, expected ${CELL_HEIGHT - SHEET_TOP_ROW}`);
  }
  const columns = lines.map((l) => l.split(/\s+/));
  const out = new Map<string, SheetGlyph>();
  glyphChars.forEach((ch, i) => {
    const rows = columns.map((c) => c[i] ?? '');
    const width = rows[0]?.length ?? 0;
    if (width === 0 || rows.some((r) => r.length !== width || /[^#.]/.test(r))) {
      throw new Error(`glyph sheet for '${chars}': glyph '${ch}' has ragged or invalid rows`);
    }
    const bits = new Uint8Array(width * CELL_HEIGHT);
    rows.forEach((r, y) => {
      for (let x = 0; x < width; x++) if (r[x] === '#') bits[(y + SHEET_TOP_ROW) * width + x] = 1;
    });
    out.set(ch, { width, height: CELL_HEIGHT, bits });
  });
  if (columns.some((c) => c.length !== glyphChars.length)) {
    throw new Error(`glyph sheet for '${chars}' has a row with the wrong number of glyphs`);
  }
  return out;
}

/** A small bitmap (a diacritic) from rows of '#'/'.'. */
export function parseMark(rows: readonly string[]): Bitmap {
  const width = rows[0]?.length ?? 0;
  const bits = new Uint8Array(width * rows.length);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) if (r[x] === '#') bits[y * width + x] = 1;
  });
  return { width, height: rows.length, bits };
}
