// The playback report as the screen shows it: headline numbers, bars per area and per day, and the four tables
// (area, day, bulletin, device), each with its CSV download. Pure rendering of a PlaybackReport.
import { h } from '../../core/dom.js';
import { formatNumber } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { table, type Column } from '../../core/table.js';
import { badge, card } from '../../core/view.js';
import { percent, textOf } from './admin-common.js';
import type { EventCounts, PlaybackEvent, PlaybackReport } from './admin-types.js';
import { barChart, columnChart, legend, type Segment } from './report-charts.js';

export type ExportLink = (table: string, label: string) => HTMLElement;

/**
 * A table under its chart, folded on a phone (760 px, the stylesheet's breakpoint) where each row becomes a card
 * and a province's communes would otherwise run to metres of scrolling; open on a desktop.
 */
export function dataTable(label: string, content: HTMLElement): HTMLElement {
  const phone = typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 760px)').matches;
  return h('details', { class: 'data-table', open: !phone }, h('summary', null, label), content);
}

export function playedShare(c: EventCounts): number | null {
  return c.total === 0 ? null : c.played / c.total;
}

function segments(c: EventCounts): Segment[] {
  return [
    { series: 'played', value: c.played },
    { series: 'missed', value: c.missed },
    { series: 'interrupted', value: c.interrupted },
    { series: 'other', value: c.stopped + c.rejected + c.fault },
  ];
}

function countColumns<T>(ctx: ScreenContext, counts: (row: T) => EventCounts): Column<T>[] {
  const n = (v: number) => formatNumber(v, ctx.lang);
  const col = (key: PlaybackEvent | 'total'): Column<T> => ({ key, label: ctx.t(`admin.reports.event.${key}`), className: 'num', render: (r) => n(counts(r)[key]) });
  return [
    col('played'), col('missed'), col('interrupted'), col('rejected'),
    // Stopped by an official and device faults: rarer, kept apart in the exports.
    { key: 'other', label: ctx.t('admin.reports.stoppedOrFault'), className: 'num', render: (r) => n(counts(r).stopped + counts(r).fault) },
    col('total'),
    { key: 'share', label: ctx.t('admin.reports.playedShare'), className: 'num', render: (r) => percent(playedShare(counts(r)), ctx.lang) },
  ];
}

export function stat(label: string, value: string, kind?: 'ok' | 'danger' | 'warn'): HTMLElement {
  return h('div', { class: ['stat', kind === undefined ? null : `stat-${kind}`] }, h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label));
}

export function playbackView(ctx: ScreenContext, r: PlaybackReport, exportLink: ExportLink): HTMLElement {
  const t = textOf(ctx);
  const lang = ctx.lang;
  const n = (v: number) => formatNumber(v, lang);
  const key = () => legend([['played', t('admin.reports.event.played')], ['missed', t('admin.reports.event.missed')], ['interrupted', t('admin.reports.event.interrupted')], ['other', t('admin.reports.otherOutcomes')]]);
  const chartRows = r.byArea.filter((a) => a.depth === 1);
  const areaBars = (chartRows.length > 0 ? chartRows : r.byArea.filter((a) => a.depth === 0)).map((a) => ({ label: a.name, segments: segments(a.total), valueText: n(a.total.total) }));
  const stats = h(
    'div',
    { class: 'stats' },
    stat(t('admin.reports.event.played'), n(r.totals.played), 'ok'),
    stat(t('admin.reports.event.missed'), n(r.totals.missed), r.totals.missed > 0 ? 'danger' : undefined),
    stat(t('admin.reports.event.interrupted'), n(r.totals.interrupted), r.totals.interrupted > 0 ? 'warn' : undefined),
    stat(t('admin.reports.event.rejected'), n(r.totals.rejected), r.totals.rejected > 0 ? 'danger' : undefined),
    stat(t('admin.reports.playedShare'), percent(playedShare(r.totals), lang)),
  );

  const areaTable = table(
    [
      { key: 'area', label: t('admin.reports.area'), render: (a) => h('span', { style: { 'padding-left': `${a.depth * 1.25}rem` } }, a.name, ' ', h('span', { class: 'muted small' }, a.code)) },
      { key: 'devices', label: t('admin.reports.devices'), className: 'num', render: (a) => n(a.devices) },
      ...countColumns<PlaybackReport['byArea'][number]>(ctx, (a) => a.total),
    ],
    r.byArea,
    { rowKey: (a) => a.code, caption: t('admin.reports.byAreaCaption') },
  );
  const dayTable = table([{ key: 'date', label: t('admin.reports.date'), render: (d) => dayLabel(d.date) }, ...countColumns<PlaybackReport['byDay'][number]>(ctx, (d) => d.counts)], r.byDay, { rowKey: (d) => d.date });
  const bulletinTable = table(
    [
      {
        key: 'title', label: t('admin.reports.bulletin'),
        render: (b) => (b.bulletinId === null ? h('span', { class: 'muted' }, t('admin.reports.noBulletin')) : [b.title ?? b.bulletinId, b.mode === 'test' ? [' ', badge(t('admin.reports.exercise'), 'warn')] : null]),
      },
      { key: 'priority', label: t('admin.reports.priority'), render: (b) => (b.priority === null ? '—' : t(`admin.priority.${b.priority}`)) },
      { key: 'reached', label: t('admin.reports.devicesPlayed'), className: 'num', render: (b) => n(b.devicesPlayed) },
      ...countColumns<PlaybackReport['byBulletin'][number]>(ctx, (b) => b.counts),
    ],
    r.byBulletin,
    { rowKey: (b) => b.bulletinId ?? '-', empty: t('admin.reports.noLogs') },
  );
  const deviceTable = table(
    [
      { key: 'device', label: t('admin.reports.device'), render: (d) => [d.name, ' ', h('span', { class: 'muted small' }, d.deviceId)] },
      { key: 'kind', label: t('admin.reports.kind'), render: (d) => t(`admin.kind.${d.kind}`) },
      { key: 'area', label: t('admin.reports.area'), render: (d) => d.areaName },
      ...countColumns<PlaybackReport['byDevice'][number]>(ctx, (d) => d.counts),
    ],
    r.byDevice,
    { rowKey: (d) => d.deviceId, empty: t('admin.reports.noDevices') },
  );
  return h(
    'div',
    { class: 'stack report-playback' },
    stats,
    card(t('admin.reports.byArea'), [barChart(t('admin.reports.chartByArea', { area: r.area.name }), areaBars), key(), dataTable(t('admin.reports.table'), areaTable)], exportLink('area', t('admin.reports.csv'))),
    card(t('admin.reports.byDay'), [columnChart(t('admin.reports.chartByDay'), r.byDay.map((d) => ({ date: d.date, segments: segments(d.counts) }))), key(), dataTable(t('admin.reports.table'), dayTable)], exportLink('day', t('admin.reports.csv'))),
    card(t('admin.reports.byBulletin'), dataTable(t('admin.reports.table'), bulletinTable), exportLink('bulletin', t('admin.reports.csv'))),
    card(t('admin.reports.byDevice'), dataTable(t('admin.reports.table'), deviceTable), exportLink('device', t('admin.reports.csv'))),
  );
}

/** 'YYYY-MM-DD' as officials write it: 'DD/MM/YYYY'. */
export function dayLabel(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
