// Data tables. Each cell carries its column label (data-label) so that at phone width (360 px) the stylesheet can
// stack every row into a labelled card instead of scrolling sideways.
import { h, type Child } from './dom.js';
import { uiText } from './ui-text.js';

export interface Column<T> {
  /** Stable id, also the cell's class (`col-<key>`) for styling. */
  readonly key: string;
  readonly label: string;
  readonly render: (row: T) => Child;
  /** Right-aligned numbers, etc. */
  readonly className?: string;
}

export interface TableOptions<T> {
  /** Shown in one full-width row when there are no rows (default: "Không có dữ liệu"). */
  readonly empty?: string;
  readonly caption?: string;
  /** data-key on each row, for tests and live updates. */
  readonly rowKey?: (row: T) => string;
  readonly rowClass?: (row: T) => string | undefined;
}

export function table<T>(columns: readonly Column<T>[], rows: readonly T[], options: TableOptions<T> = {}): HTMLElement {
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: [`col-${c.key}`, c.className] }, c.label))));
  const body = h(
    'tbody',
    null,
    rows.length === 0
      ? h('tr', { class: 'empty' }, h('td', { colspan: columns.length }, options.empty ?? uiText('core.empty')))
      : rows.map((row) =>
          h(
            'tr',
            { class: options.rowClass?.(row), ...(options.rowKey ? { dataset: { key: options.rowKey(row) } } : {}) },
            columns.map((c) => h('td', { class: [`col-${c.key}`, c.className], dataset: { label: c.label } }, c.render(row))),
          ),
        ),
  );
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, options.caption ? h('caption', null, options.caption) : null, head, body));
}
