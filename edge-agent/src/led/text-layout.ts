// Lays clusters out in lines and draws them. Widths are in font pixels (scale 1); the renderer multiplies by the
// scale it chose. Everything here is integer arithmetic so that the browser preview and the device agree pixel for
// pixel.
import { segmentText, type Cluster } from './font/font.js';
import { CELL_HEIGHT, LETTER_SPACING } from './font/metrics.js';
import { fillRect, type Framebuffer, type Rgb } from './framebuffer.js';

export interface TextMeasure {
  /** Board pixels at the given scale, on one line (newlines count as spaces). */
  readonly width: number;
  readonly height: number;
  /** Characters the font cannot draw; each renders as a replacement box. */
  readonly missing: string[];
}

export interface WrappedText {
  readonly lines: Cluster[][];
  /** A word longer than a whole line had to be cut between letters. */
  readonly brokeWord: boolean;
}

/** Measures `text` set on a single line, as a ticker shows it. */
export function measureText(text: string, scale = 1): TextMeasure {
  const clusters = singleLine(segmentText(text));
  return { width: lineWidth(clusters) * scale, height: CELL_HEIGHT * scale, missing: missingOf(clusters) };
}

/** Newlines become spaces: a ticker is one line by nature. */
export function singleLine(clusters: readonly Cluster[]): Cluster[] {
  return clusters.map((c) => (c.isNewline ? spaceCluster() : c));
}

export function missingOf(clusters: readonly Cluster[]): string[] {
  return [...new Set(clusters.filter((c) => c.missing).map((c) => c.text))];
}

/** Width in font pixels of clusters set side by side. */
export function lineWidth(clusters: readonly Cluster[]): number {
  if (clusters.length === 0) return 0;
  let w = 0;
  for (const c of clusters) w += c.glyph.advance + LETTER_SPACING;
  return w - LETTER_SPACING;
}

/** Greedy word wrap at spaces; explicit newlines always break; a word wider than a line is cut between letters. */
export function wrapClusters(clusters: readonly Cluster[], maxWidth: number): WrappedText {
  const lines: Cluster[][] = [];
  let brokeWord = false;
  for (const paragraph of splitParagraphs(clusters)) {
    let line: Cluster[] = [];
    for (const word of splitWords(paragraph)) {
      const candidate = line.length === 0 ? word : [...line, spaceCluster(), ...word];
      if (lineWidth(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line.length > 0) lines.push(line);
      line = [];
      let rest = word;
      while (lineWidth(rest) > maxWidth && rest.length > 1) {
        brokeWord = true;
        let n = 1;
        while (n < rest.length && lineWidth(rest.slice(0, n + 1)) <= maxWidth) n++;
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    lines.push(line);
  }
  return { lines, brokeWord };
}

/** First and last lit rows (font pixels, relative to the first line's cell top) of a block of lines. */
export function inkRows(lines: readonly (readonly Cluster[])[]): { top: number; bottom: number } | undefined {
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  lines.forEach((line, i) => {
    for (const c of line) {
      const bm = c.glyph.bitmap;
      for (let y = 0; y < CELL_HEIGHT; y++) {
        for (let x = 0; x < bm.width; x++) {
          if (bm.bits[y * bm.width + x] === 1) {
            top = Math.min(top, i * CELL_HEIGHT + y);
            bottom = Math.max(bottom, i * CELL_HEIGHT + y);
          }
        }
      }
    }
  });
  return Number.isFinite(top) ? { top, bottom } : undefined;
}

/** Draws one line with its pen starting at board pixel (x, y), clipped to the frame. */
export function drawLine(fb: Framebuffer, clusters: readonly Cluster[], x: number, y: number, scale: number, colour: Rgb): void {
  let pen = x;
  for (const c of clusters) {
    const g = c.glyph;
    const left = pen + g.offsetX * scale;
    if (left < fb.width && left + g.bitmap.width * scale > 0) {
      const bm = g.bitmap;
      for (let by = 0; by < bm.height; by++) {
        for (let bx = 0; bx < bm.width; bx++) {
          if (bm.bits[by * bm.width + bx] === 1) fillRect(fb, left + bx * scale, y + by * scale, scale, scale, colour);
        }
      }
    }
    pen += (g.advance + LETTER_SPACING) * scale;
    // Marks overhang at most a few columns to the left of their letter (compose-glyph.ts).
    if (pen - 4 * scale >= fb.width) break;
  }
}

function splitParagraphs(clusters: readonly Cluster[]): Cluster[][] {
  const out: Cluster[][] = [[]];
  for (const c of clusters) {
    if (c.isNewline) out.push([]);
    else out[out.length - 1]?.push(c);
  }
  return out;
}

function splitWords(paragraph: readonly Cluster[]): Cluster[][] {
  const words: Cluster[][] = [];
  let word: Cluster[] = [];
  for (const c of paragraph) {
    if (c.isSpace) {
      if (word.length > 0) words.push(word);
      word = [];
    } else {
      word.push(c);
    }
  }
  if (word.length > 0) words.push(word);
  return words;
}

let space: Cluster | undefined;
function spaceCluster(): Cluster {
  space ??= segmentText(' ')[0];
  if (space === undefined) throw new Error('font has no space');
  return space;
}
