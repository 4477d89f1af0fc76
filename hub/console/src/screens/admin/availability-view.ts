// Device availability as the screen shows it: the share of time devices were online, per area (bars), per day
// (columns) and per device (with how often each dropped), from the hub's presence history.
import { h } from '../../core/dom.js';
import { formatNumber } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { card } from '../../core/view.js';
import { percent, textOf } from './admin-common.js';
import type { AvailabilityReport } from './admin-types.js';
import { barChart, columnChart, legend, type Segment } from './report-charts.js';
import { dataTable, dayLabel, stat, type ExportLink } from './playback-view.js';

const HOUR_MS = 3600_000;

function shareSegments(share: number | null): Segment[] {
  return share === null ? [] : [{ series: 'online', value: share }, { series: 'offline', value: 1 - share }];
}

export function availabilityView(ctx: ScreenContext, r: AvailabilityReport, exportLink: ExportLink): HTMLElement {
  const t = textOf(ctx);
  const lang = ctx.lang;
  const hours = (ms: number) => formatNumber(ms / HOUR_MS, lang, 1);
  const share = (s: number | null) => percent(s, lang);
  const key = () => legend([['online', t('admin.reports.online')], ['offline', t('admin.reports.offline')]]);
  const chartRows = r.byArea.filter((a) => a.depth === 1);
  const bars = (chartRows.length > 0 ? chartRows : r.byArea.filter((a) => a.depth === 0)).map((a) => ({ label: a.name, segments: shareSegments(a.share), valueText: share(a.share) }));
  const low = r.totals.share !== null && r.totals.share < 0.9;
  const stats = h(
    'div',
    { class: 'stats' },
    stat(t('admin.reports.availability'), share(r.totals.share), r.totals.share === null ? undefined : low ? 'warn' : 'ok'),
    stat(t('admin.reports.devices'), formatNumber(r.totals.devices, lang)),
    stat(t('admin.reports.hoursOnline'), hours(r.totals.onlineMs)),
    stat(t('admin.reports.neverSeen'), formatNumber(r.totals.neverSeen, lang), r.totals.neverSeen > 0 ? 'warn' : undefined),
  );
  const uptime = <T extends { onlineMs: number; observedMs: number; share: number | null }>() => [
    { key: 'online', label: t('admin.reports.hoursOnline'), className: 'num', render: (x: T) => hours(x.onlineMs) },
    { key: 'observed', label: t('admin.reports.hoursObserved'), className: 'num', render: (x: T) => hours(x.observedMs) },
    { key: 'share', label: t('admin.reports.availability'), className: 'num', render: (x: T) => share(x.share) },
  ];
  const areaRows = r.byArea.map((a) => ({ ...a, onlineMs: a.total.onlineMs, observedMs: a.total.observedMs }));
  const areaTable = table(
    [{ key: 'area', label: t('admin.reports.area'), render: (a: (typeof areaRows)[number]) => h('span', { style: { 'padding-left': `${a.depth * 1.25}rem` } }, a.name, ' ', h('span', { class: 'muted small' }, a.code)) }, ...uptime<(typeof areaRows)[number]>()],
    areaRows,
    { rowKey: (a) => a.code },
  );
  const dayTable = table([{ key: 'date', label: t('admin.reports.date'), render: (d: AvailabilityReport['byDay'][number]) => dayLabel(d.date) }, ...uptime<AvailabilityReport['byDay'][number]>()], r.byDay, { rowKey: (d) => d.date });
  type DeviceRow = AvailabilityReport['byDevice'][number];
  const deviceTable = table(
    [
      { key: 'device', label: t('admin.reports.device'), render: (d: DeviceRow) => [d.name, ' ', h('span', { class: 'muted small' }, d.deviceId)] },
      { key: 'area', label: t('admin.reports.area'), render: (d: DeviceRow) => d.areaName },
      ...uptime<DeviceRow>(),
      { key: 'outages', label: t('admin.reports.outages'), className: 'num', render: (d: DeviceRow) => (d.observedMs === 0 ? t('admin.reports.neverConnected') : formatNumber(d.outages, lang)) },
    ],
    r.byDevice,
    { rowKey: (d) => d.deviceId, empty: t('admin.reports.noDevices') },
  );
  return h(
    'div',
    { class: 'stack report-availability' },
    stats,
    h('p', { class: 'muted small' }, t('admin.reports.availabilityNote')),
    card(t('admin.reports.byArea'), [barChart(t('admin.reports.chartAvailabilityByArea', { area: r.area.name }), bars, 1), key(), dataTable(t('admin.reports.table'), areaTable)], exportLink('area', t('admin.reports.csv'))),
    card(t('admin.reports.byDay'), [columnChart(t('admin.reports.chartAvailabilityByDay'), r.byDay.map((d) => ({ date: d.date, segments: shareSegments(d.share) })), 1), key(), dataTable(t('admin.reports.table'), dayTable)], exportLink('day', t('admin.reports.csv'))),
    card(t('admin.reports.byDevice'), dataTable(t('admin.reports.table'), deviceTable), exportLink('device', t('admin.reports.csv'))),
  );
}
