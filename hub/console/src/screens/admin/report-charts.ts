// Bar charts in plain SVG (issue 9: charts, no chart library). Labels and values are HTML text, so they stay
// readable at 360 px; only the bars are SVG, stretched to the width available (preserveAspectRatio="none"). Each
// chart is a <figure> named for screen readers, and the same numbers are in the table under it.
import { h, svg } from '../../core/dom.js';

export interface Segment {
  readonly value: number;
  readonly series: SeriesName;
}

export interface Bar {
  readonly label: string;
  readonly segments: readonly Segment[];
  /** Shown at the bar's end: a count or a percentage. */
  readonly valueText: string;
}

// The theme's colours (static/console.css), each distinct from its neighbours and from the pale track.
export const SERIES = {
  played: '#146c2e',
  missed: '#b3141b',
  interrupted: '#a86b00',
  other: '#4a5866',
  online: '#146c2e',
  offline: '#c9d2db',
} as const;
export type SeriesName = keyof typeof SERIES;

/** Internal units of a bar's length; the SVG stretches them to the row's width. */
const SCALE = 1000;

function fill(series: SeriesName): Record<string, string> {
  return { fill: SERIES[series] };
}

function stackedRects(segments: readonly Segment[], top: number, place: (offset: number, length: number) => Record<string, string | number>): SVGRectElement[] {
  let offset = 0;
  return segments.filter((s) => s.value > 0).map((s) => {
    const length = (s.value / top) * SCALE;
    const rect = svg('rect', { ...place(offset, length), style: fill(s.series) });
    offset += length;
    return rect;
  });
}

/** Horizontal stacked bars, one row per area; `max` is the full length (default the largest bar), e.g. 1 for shares. */
export function barChart(title: string, bars: readonly Bar[], max?: number): HTMLElement {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.segments.reduce((s, x) => s + x.value, 0)), 1e-9);
  return h(
    'figure',
    { class: 'chart chart-bars', role: 'img', 'aria-label': title, style: { margin: '0 0 .5rem' } },
    bars.map((bar) =>
      h(
        'div',
        { class: 'chart-row', style: { margin: '0 0 .5rem' } },
        h('div', { style: { display: 'flex', 'justify-content': 'space-between', gap: '1rem' } }, h('span', null, bar.label), h('strong', { style: { 'font-variant-numeric': 'tabular-nums' } }, bar.valueText)),
        svg(
          'svg',
          { viewBox: `0 0 ${SCALE} 10`, preserveAspectRatio: 'none', width: '100%', height: 14, 'aria-hidden': 'true', style: { display: 'block' } },
          svg('rect', { x: 0, y: 0, width: SCALE, height: 10, style: { fill: '#eef1f4' } }),
          stackedRects(bar.segments, top, (x, w) => ({ x: x.toFixed(1), y: 0, width: Math.max(w, 1).toFixed(1), height: 10 })),
        ),
      ),
    ),
  );
}

export interface Column {
  /** 'YYYY-MM-DD'. */
  readonly date: string;
  readonly segments: readonly Segment[];
}

/** Columns per day; dates are marked under the first, the last and about every seventh column. */
export function columnChart(title: string, columns: readonly Column[], max?: number): HTMLElement {
  const top = Math.max(max ?? 0, ...columns.map((c) => c.segments.reduce((s, x) => s + x.value, 0)), 1e-9);
  const n = Math.max(columns.length, 1);
  const step = SCALE / n;
  const width = step * 0.7;
  const every = Math.max(1, Math.ceil(n / 7));
  const marks = columns.map((c, i) => (i === 0 || i === n - 1 || i % every === 0 ? `${c.date.slice(8, 10)}/${c.date.slice(5, 7)}` : ''));
  return h(
    'figure',
    { class: 'chart chart-columns', role: 'img', 'aria-label': title, style: { margin: '0 0 .5rem' } },
    svg(
      'svg',
      { viewBox: `0 0 ${SCALE} ${SCALE}`, preserveAspectRatio: 'none', width: '100%', height: 140, 'aria-hidden': 'true', style: { display: 'block', 'border-bottom': '1px solid #c9d2db' } },
      columns.map((c, i) => svg('g', null, stackedRects(c.segments, top, (y, hgt) => ({
        x: (i * step + (step - width) / 2).toFixed(1), y: (SCALE - y - hgt).toFixed(1), width: width.toFixed(1), height: Math.max(hgt, 1).toFixed(1),
      })))),
    ),
    h('div', { 'aria-hidden': 'true', class: 'small muted', style: { display: 'grid', 'grid-template-columns': `repeat(${n}, minmax(0, 1fr))`, 'text-align': 'center', 'white-space': 'nowrap' } },
      marks.map((m) => h('span', { style: { overflow: 'visible' } }, m))),
  );
}

/** The colour key, as text. */
export function legend(entries: readonly (readonly [SeriesName, string])[]): HTMLElement {
  return h(
    'ul',
    { class: 'chart-legend', style: { display: 'flex', 'flex-wrap': 'wrap', gap: '.25rem 1rem', 'list-style': 'none', padding: '0', margin: '.5rem 0 1rem' } },
    entries.map(([series, label]) =>
      h('li', null, svg('svg', { width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, style: fill(series) })), ` ${label}`),
    ),
  );
}
