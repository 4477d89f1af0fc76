// Vertical metrics of the LED font, in pixels of a 16-row cell (one P10 module is 16 rows high).
//
// Why these numbers: Vietnamese stacks up to two marks above a letter (â + sắc → ấ) and one below (nặng), so a
// 16-row cell is budgeted as
//   rows 0–4   marks above capitals (circumflex or breve, then a tone mark above or beside it)
//   row  5     clearance under capital marks; top of lowercase ascenders (b d đ h k l)
//   rows 6–13  capitals and digits, 8 rows; lowercase x-height is rows 8–13 (6 rows, marks in rows 0–6)
//   rows 14–15 descenders (g p q y j), and the nặng dot on row 15 under a one-row gap
// Capitals keep 8 rows and lowercase 6 because lowercase carries most of a bulletin and the x-height is what a
// reader across the street resolves; the price is two-row descenders, which stay legible (g, p, q, y keep their
// tails). Every mark keeps one dark pixel between itself and the letter: on an LED board adjacent lit pixels merge
// into one blob at a distance, so a mark touching its letter reads as a different letter.
export const CELL_HEIGHT = 16;
/** Last row of ink for letters without descenders. */
export const BASELINE_ROW = 13;
export const CAP_TOP_ROW = 6;
export const X_HEIGHT_TOP_ROW = 8;
/** First cell row covered by the glyph sheets (rows above are only ever used by marks). */
export const SHEET_TOP_ROW = 5;
/** Columns between two glyphs. */
export const LETTER_SPACING = 1;
export const SPACE_WIDTH = 3;
