// Một thiết bị: who and where it is, its health from the last heartbeat, its presence history, today's programme of
// its area, its recent playback logs (live), its LED "now showing" picture, and the command panel.
import { areaName } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { formatAgo, formatBytes, formatDate, formatDateTime, formatDuration, formatTimeSeconds } from '../../core/format.js';
import type { LiveEvent, Screen, ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { badge, card, emptyState, errorBox, facts, loading, page } from '../../core/view.js';
import { confirmDialog, openDialog } from '../../core/dialog.js';
import { button } from '../../core/form.js';
import { commandPanel } from './device-commands.js';
import { enrolmentBox } from './device-enrol.js';
import { deviceAlerts, type DeviceView, type HeartbeatView } from './device-health.js';
import { fleetNow, loadFleet, watchFleet } from './fleet.js';
import { alertText, kindLabel, priorityBadge, statusBadge } from './labels.js';
import { fetchProgramme, programmeList } from './programme-list.js';

interface HistoryAnswer {
  readonly history: { readonly at: number; readonly state: string; readonly reason: string | null }[];
  readonly snapshot: { readonly takenAt: number; readonly width: number; readonly height: number } | null;
}

interface LogRow {
  readonly seq: number;
  readonly at: number;
  readonly event: string;
  readonly bulletinId: string | null;
  readonly priority: string | null;
  readonly mode: string | null;
  readonly reason: string | null;
  readonly playedMs: number | null;
}

function health(ctx: ScreenContext, hb: HeartbeatView | null, kind: string, titles: Record<string, string>): HTMLElement {
  const t = ctx.t.bind(ctx);
  const lang = ctx.lang;
  if (hb === null) return emptyState(t('devices.detail.noHeartbeat'));
  const p = hb.playing;
  return facts([
    [t('devices.detail.playing'), p === null ? t('devices.detail.idle') : h('span', null, titles[p.bulletinId] ?? p.bulletinId, ' ', priorityBadge(t, p.priority, p.mode), p.paused ? ` (${t('devices.dashboard.paused')})` : '')],
    ...(kind === 'loudspeaker' ? [[t('devices.detail.volume'), `${hb.volume}%`] as const, [t('devices.detail.amplifier'), t(`devices.amp.${hb.amplifier}`)] as const] : []),
    [t('devices.detail.power'), t(`devices.power.${hb.power}`)],
    [t('devices.detail.clock'), hb.clock.trusted ? t('devices.detail.clockTrusted') : badge(t('devices.alert.clock-untrusted'), 'warn')],
    [t('devices.detail.cache'), t('devices.detail.cacheValue', { files: hb.cache.files, size: formatBytes(hb.cache.bytes, lang), missing: hb.cache.missing })],
    [t('devices.detail.disk'), t('devices.detail.diskValue', { free: formatBytes(hb.disk.freeBytes, lang), total: formatBytes(hb.disk.totalBytes, lang) })],
    [t('devices.detail.temperature'), hb.temperatureC === null ? '—' : `${hb.temperatureC} °C`],
    [t('devices.detail.software'), `${hb.version ?? '—'} · ${t('devices.detail.uptime', { time: formatDuration((hb.uptimeSec ?? 0) * 1000) })}`],
  ]);
}

function logTable(ctx: ScreenContext, rows: readonly LogRow[]): HTMLElement {
  const t = ctx.t.bind(ctx);
  return table<LogRow>([
    { key: 'at', label: t('devices.log.at'), render: (r) => formatDateTime(r.at) },
    { key: 'event', label: t('devices.log.event'), render: (r) => badge(t(`devices.log.event.${r.event}`), r.event === 'played' ? 'ok' : r.event === 'fault' || r.event === 'rejected' ? 'danger' : 'muted') },
    { key: 'bulletin', label: t('devices.log.bulletin'), render: (r) => (r.bulletinId === null ? '—' : h('span', null, r.bulletinId, ' ', r.priority === null ? null : priorityBadge(t, r.priority, r.mode ?? undefined))) },
    { key: 'played', label: t('devices.log.played'), className: 'num', render: (r) => (r.playedMs === null ? '—' : formatDuration(r.playedMs)) },
    { key: 'reason', label: t('devices.log.reason'), render: (r) => r.reason ?? '—' },
  ], rows, { empty: t('devices.log.none'), rowKey: (r) => String(r.seq) });
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = ctx.t.bind(ctx);
  const lang = ctx.lang;
  const id = ctx.params.id ?? '';
  const path = `/api/devices/${encodeURIComponent(id)}`;
  const [fleet, extra] = await Promise.all([loadFleet(ctx), ctx.api<HistoryAnswer>('GET', `/api/console/devices/${encodeURIComponent(id)}/history?limit=50`)]);
  const found = fleet.devices.find((d) => d.id === id);
  if (found === undefined) {
    // Not in my area's list: let the hub answer for this id, so the refusal carries its own code (out of scope, unknown).
    await ctx.api('GET', path);
  }
  const device = (): DeviceView => fleet.devices.find((d) => d.id === id) ?? found!;

  const summary = h('div');
  const healthHost = h('div');
  const drawTop = () => {
    const d = device();
    const now = fleetNow(fleet);
    const alerts = deviceAlerts(d, now);
    mount(summary, facts([
      [t('devices.col.status'), h('span', { dataset: { deviceStatus: d.online ? 'online' : 'offline' } }, statusBadge(t, d))],
      [t('devices.col.kind'), kindLabel(t, d.kind)],
      [t('devices.col.area'), areaName(fleet.areas, d.areaCode)],
      [t('devices.detail.id'), h('code', null, d.id)],
      [t('devices.detail.location'), d.location ?? '—'],
      [t('devices.detail.coordinates'), d.latitude === null || d.longitude === null ? t('devices.detail.noCoordinates') : `${d.latitude.toFixed(5)}, ${d.longitude.toFixed(5)}`],
      [t('devices.col.lastSeen'), d.lastSeenAt === null ? '—' : `${formatAgo(d.lastSeenAt, now, lang)} (${formatDateTime(d.lastSeenAt)})`],
      [t('devices.detail.manifest'), String(d.heartbeat?.manifestVersion ?? d.manifestVersion)],
      [t('devices.col.alerts'), alerts.length === 0 ? t('devices.detail.noAlerts') : h('span', null, alerts.map((a) => badge(alertText(t, a), a.severity)))],
    ]));
    mount(healthHost, health(ctx, d.heartbeat, d.kind, fleet.bulletinTitles));
  };
  drawTop();
  watchFleet(ctx, fleet, drawTop);

  const historyHost = h('div', null, table([
    { key: 'at', label: t('devices.log.at'), render: (r: HistoryAnswer['history'][number]) => formatDateTime(r.at) },
    { key: 'state', label: t('devices.col.status'), render: (r) => badge(t(`devices.status.${r.state}`), r.state === 'online' ? 'ok' : 'danger') },
    { key: 'reason', label: t('devices.log.reason'), render: (r) => r.reason ?? '—' },
  ], extra.history, { empty: t('devices.detail.noHistory') }));
  ctx.onLive('device.status', (e) => {
    if (e.deviceId !== id) return;
    const tbody = historyHost.querySelector('tbody');
    const row = h('tr', null, h('td', { dataset: { label: t('devices.log.at') } }, formatDateTime(e.at as number)),
      h('td', { dataset: { label: t('devices.col.status') } }, badge(t(`devices.status.${e.online === true ? 'online' : 'offline'}`), e.online === true ? 'ok' : 'danger')),
      h('td', { dataset: { label: t('devices.log.reason') } }, (e.reason as string | null) ?? '—'));
    tbody?.querySelector('tr.empty')?.remove();
    tbody?.prepend(row);
  });

  const logs: LogRow[] = [];
  const logHost = h('div', null, loading());
  ctx.api<{ logs: LogRow[] }>('GET', `/api/logs?device=${encodeURIComponent(id)}&limit=50`)
    .then((r) => { logs.push(...r.logs); mount(logHost, logTable(ctx, logs)); })
    .catch((error: unknown) => mount(logHost, errorBox(error)));
  ctx.onLive('playback.log', (e: LiveEvent) => {
    if (e.deviceId !== id) return;
    logs.unshift(e as unknown as LogRow);
    mount(logHost, logTable(ctx, logs.slice(0, 50)));
  });

  const programmeHost = h('div', null, loading());
  fetchProgramme(ctx, found?.areaCode ?? '', found?.kind ?? 'loudspeaker')
    .then((day) => mount(programmeHost, programmeList(ctx, day, fleetNow(fleet))))
    .catch((error: unknown) => mount(programmeHost, errorBox(error)));

  const snapshotHost = h('div');
  const showSnapshot = (s: HistoryAnswer['snapshot']) => mount(snapshotHost, s === null
    ? emptyState(t('devices.detail.noSnapshot'))
    : h('figure', null, h('img', { class: 'snapshot', src: `${path}/snapshot?at=${s.takenAt}`, alt: t('devices.detail.snapshotAlt', { name: device().name }), width: s.width * 2, height: s.height * 2 }),
      h('figcaption', { class: 'muted small' }, t('devices.detail.snapshotTaken', { time: `${formatTimeSeconds(s.takenAt)} ${formatDate(s.takenAt)}` }))));
  showSnapshot(extra.snapshot);
  const canCommand = ctx.session.permissions.includes('device.command') && found?.state === 'active';
  const onResult = (command: { action: string }, ok: boolean) => {
    if (command.action !== 'snapshot' || !ok) return;
    ctx.api<HistoryAnswer>('GET', `/api/console/devices/${encodeURIComponent(id)}/history?limit=1`).then((r) => showSnapshot(r.snapshot)).catch(() => undefined);
  };

  const d = device();
  // A lost code or a replaced SD card: a new one-time code; the old secret works until the device enrols again.
  const rekey = ctx.session.permissions.includes('device.manage') && d.state !== 'revoked'
    ? button(t('devices.detail.rekey'), async () => {
      const sure = await confirmDialog({ title: t('devices.detail.rekey'), message: t('devices.detail.rekeyConfirm', { name: d.name }) });
      if (!sure) return;
      const { enrolmentCode } = await ctx.api<{ enrolmentCode: string }>('POST', `${path}/rotate`);
      openDialog({ title: t('devices.detail.rekeyDone'), body: enrolmentBox(ctx, d.id, enrolmentCode, window.location.origin) });
    })
    : null;
  return page(
    d.name,
    d.state === 'pending' ? h('p', { class: 'form-message form-message-info' }, t('devices.detail.pendingNote')) : null,
    rekey === null ? null : h('div', { class: 'btn-row' }, rekey),
    h('div', { class: 'grid' }, card(t('devices.detail.about'), summary), card(t('devices.detail.health'), healthHost)),
    d.kind === 'led' ? card(t('devices.detail.snapshot'), snapshotHost) : null,
    canCommand ? commandPanel(ctx, d, onResult) : null,
    card(t('devices.detail.programme'), programmeHost),
    card(t('devices.detail.logs'), logHost),
    card(t('devices.detail.history'), historyHost),
  );
}

export const deviceDetailScreen: Screen = {
  id: 'device-detail',
  path: '/devices/:id',
  permission: 'device.read',
  render,
};
