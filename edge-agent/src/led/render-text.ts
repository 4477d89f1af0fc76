// Text and ticker slides. Text slides word-wrap, align each line and centre the block vertically on its ink (not on
// its cells: the cell reserves rows for marks and descenders, and centring the cells would sit plain capitals two
// pixels low on the board). Tickers scroll right to left at `pixelsPerSecond` board pixels, entering from the right
// edge at elapsedMs = 0 and re-entering after the tail has left.
import type { TextSlide, TickerSlide } from '@tinnguon/protocol';
import { segmentText, type Cluster } from './font/font.js';
import { CELL_HEIGHT } from './font/metrics.js';
import { createFramebuffer, parseColour } from './framebuffer.js';
import { DEFAULT_BACKGROUND, DEFAULT_TEXT_COLOUR, MAX_SCALE, type RenderIssue, type RenderOptions, type RenderResult } from './render-types.js';
import { drawLine, inkRows, lineWidth, missingOf, singleLine, wrapClusters } from './text-layout.js';

export function renderTextSlide(slide: TextSlide, opts: RenderOptions): RenderResult {
  const { width, height } = opts;
  const frame = createFramebuffer(width, height, parseColour(slide.background ?? DEFAULT_BACKGROUND));
  const colour = parseColour(slide.colour ?? DEFAULT_TEXT_COLOUR);
  const clusters = segmentText(slide.text);
  const issues: RenderIssue[] = [];
  const missing = missingOf(clusters);
  if (missing.length > 0) issues.push({ kind: 'missingGlyphs', chars: missing });

  const { scale, lines } = chooseLayout(clusters, width, height, opts.scale);
  const fitting = Math.max(1, Math.floor(height / (CELL_HEIGHT * scale)));
  const shown = lines.slice(0, fitting);
  if (shown.length < lines.length) issues.push({ kind: 'textOverflow', shownLines: shown.length, totalLines: lines.length });

  const ink = inkRows(shown);
  if (ink === undefined) return { frame, issues };
  const inkHeight = (ink.bottom - ink.top + 1) * scale;
  const top = Math.floor((height - inkHeight) / 2) - ink.top * scale;
  shown.forEach((line, i) => {
    const w = lineWidth(line) * scale;
    const x = slide.align === 'left' ? 0 : slide.align === 'right' ? width - w : Math.floor((width - w) / 2);
    drawLine(frame, line, x, top + i * CELL_HEIGHT * scale, scale, colour);
  });
  return { frame, issues };
}

export function renderTickerSlide(slide: TickerSlide, opts: RenderOptions): RenderResult {
  const { width, height } = opts;
  const frame = createFramebuffer(width, height, parseColour(slide.background ?? DEFAULT_BACKGROUND));
  const colour = parseColour(slide.colour ?? DEFAULT_TEXT_COLOUR);
  const clusters = singleLine(segmentText(slide.text));
  const issues: RenderIssue[] = [];
  const missing = missingOf(clusters);
  if (missing.length > 0) issues.push({ kind: 'missingGlyphs', chars: missing });

  const scale = opts.scale ?? clampScale(Math.floor(height / CELL_HEIGHT));
  const ink = inkRows([clusters]);
  if (ink === undefined) return { frame, issues };
  const cycle = lineWidth(clusters) * scale + width;
  const offset = tickerOffset(opts.elapsedMs, slide.pixelsPerSecond, cycle);
  const inkHeight = (ink.bottom - ink.top + 1) * scale;
  const top = Math.floor((height - inkHeight) / 2) - ink.top * scale;
  drawLine(frame, clusters, width - offset, top, scale, colour);
  return { frame, issues };
}

/** Pixels scrolled after `elapsedMs`, wrapped to one cycle (text width plus board width). */
export function tickerOffset(elapsedMs: number, pixelsPerSecond: number, cycle: number): number {
  const travelled = Math.floor((Math.max(0, elapsedMs) * pixelsPerSecond) / 1000);
  return cycle > 0 ? travelled % cycle : 0;
}

function chooseLayout(clusters: readonly Cluster[], width: number, height: number, forced: number | undefined): { scale: number; lines: Cluster[][] } {
  if (forced !== undefined) return { scale: forced, lines: wrapClusters(clusters, Math.floor(width / forced)).lines };
  for (let scale = clampScale(Math.floor(height / CELL_HEIGHT)); scale > 1; scale--) {
    const wrapped = wrapClusters(clusters, Math.floor(width / scale));
    if (!wrapped.brokeWord && wrapped.lines.length * CELL_HEIGHT * scale <= height) return { scale, lines: wrapped.lines };
  }
  return { scale: 1, lines: wrapClusters(clusters, width).lines };
}

function clampScale(n: number): number {
  return Math.min(MAX_SCALE, Math.max(1, n));
}
