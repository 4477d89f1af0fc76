// Combining marks, by their Unicode code point after NFD. Vietnamese needs two families:
//   modifiers that change the vowel (circumflex â ê ô, breve ă; the horn of ơ ư is drawn into the base glyph), and
//   the five tone marks (huyền grave, sắc acute, hỏi hook above, ngã tilde, nặng dot below).
// The diaeresis is not Vietnamese but costs one row of data and spares foreign names (Müller) a replacement box.
import { parseMark, type Bitmap } from './glyph-sheet.js';

export type MarkKind = 'modifier' | 'tone' | 'below' | 'horn';

export interface MarkDef {
  readonly name: string;
  readonly kind: MarkKind;
  readonly bitmap: Bitmap;
  /** Column of the bitmap that sits on the letter's anchor column. */
  readonly anchor: number;
}

function mark(name: string, kind: MarkKind, anchor: number, rows: readonly string[]): MarkDef {
  return { name, kind, anchor, bitmap: parseMark(rows) };
}

// Each tone mark is at most 3 rows so that a modifier (2 rows) plus a tone fit the 5 rows above a capital
// (metrics.ts). Acute and grave lean their top pixel away from the letter like the pen stroke they stand for; the
// hook above is the top of a question mark, the form Vietnamese readers are taught; the tilde is a full wave of
// 5 columns because a 3-column one reads as an acute.
export const MARKS: ReadonlyMap<string, MarkDef> = new Map([
  ['\u0300', mark('grave', 'tone', 1, ['#.', '.#'])],
  ['\u0301', mark('acute', 'tone', 0, ['.#', '#.'])],
  ['\u0309', mark('hook', 'tone', 1, ['##.', '..#', '.#.'])],
  ['\u0303', mark('tilde', 'tone', 2, ['.##.#', '#..#.'])],
  ['\u0323', mark('dotBelow', 'below', 0, ['#'])],
  ['\u0302', mark('circumflex', 'modifier', 1, ['.#.', '#.#'])],
  ['\u0306', mark('breve', 'modifier', 2, ['#...#', '.###.'])],
  ['\u0308', mark('diaeresis', 'modifier', 1, ['#.#'])],
  ['\u031B', mark('horn', 'horn', 0, [])],
]);
