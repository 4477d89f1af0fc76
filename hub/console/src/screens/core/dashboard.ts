// Tổng quan (issue 9): devices online and offline, live without a refresh; what is playing where; today's programme;
// alerts (offline, power loss, amplifier fault, clock not trusted, cache problems). Everything is the account's own
// area: the hub filters both the REST answers and the live feed.
import { areaName, flattenForest, areaForest } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { formatAgo, formatDay } from '../../core/format.js';
import { field, select } from '../../core/form.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { card, emptyState, errorBox, loading, page } from '../../core/view.js';
import { fleetAlerts, fleetCounts, type DeviceView } from './device-health.js';
import { fleetNow, loadFleet, watchFleet, type Fleet } from './fleet.js';
import { alertItem, kindLabel, priorityBadge } from './labels.js';
import { fetchProgramme, programmeList } from './programme-list.js';

function stat(label: string, value: number, kind: string, key: string): HTMLElement {
  return h('div', { class: ['stat', `stat-${kind}`], dataset: { stat: key } }, h('div', { class: 'stat-value' }, String(value)), h('div', { class: 'stat-label' }, label));
}

function playingList(ctx: ScreenContext, fleet: Fleet, now: number): HTMLElement {
  const playing = fleet.devices.filter((d): d is DeviceView & { heartbeat: NonNullable<DeviceView['heartbeat']> } => d.online && d.heartbeat?.playing !== null && d.heartbeat?.playing !== undefined);
  if (playing.length === 0) return emptyState(ctx.t('devices.dashboard.nothingPlaying'));
  return h(
    'ul',
    { class: 'alerts', dataset: { list: 'playing' } },
    playing.map((d) => {
      const p = d.heartbeat.playing!;
      return h(
        'li',
        { class: ['alert', p.mode === 'test' ? 'mode-test' : null], dataset: { device: d.id } },
        h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.name),
        h('span', { class: 'muted small' }, areaName(fleet.areas, d.areaCode)),
        h('strong', null, fleet.bulletinTitles[p.bulletinId] ?? p.bulletinId),
        priorityBadge(ctx.t.bind(ctx), p.priority, p.mode),
        h('span', { class: 'muted small' }, p.paused ? ctx.t('devices.dashboard.paused') : ctx.t('devices.dashboard.since', { ago: formatAgo(p.startedAt, now, ctx.lang) })),
      );
    }),
  );
}

function programmeCard(ctx: ScreenContext, fleet: Fleet): HTMLElement {
  const host = h('div', null, loading());
  const areas = flattenForest(areaForest(fleet.areas));
  const areaSelect = select(areas.map((n) => ({ value: n.area.code, label: `${'\u00a0\u00a0\u00a0'.repeat(n.depth)}${n.area.name}` })), ctx.session.areaCode, { name: 'area' });
  const kindSelect = select([{ value: 'loudspeaker', label: kindLabel(ctx.t.bind(ctx), 'loudspeaker') }, { value: 'led', label: kindLabel(ctx.t.bind(ctx), 'led') }], 'loudspeaker', { name: 'kind' });
  let generation = 0;
  const load = async () => {
    const mine = ++generation;
    try {
      const day = await fetchProgramme(ctx, areaSelect.value || ctx.session.areaCode, kindSelect.value === 'led' ? 'led' : 'loudspeaker');
      if (mine === generation && !ctx.signal.aborted) mount(host, programmeList(ctx, day, fleetNow(fleet)));
    } catch (error) {
      if (mine === generation) mount(host, errorBox(error));
    }
  };
  areaSelect.addEventListener('change', () => void load());
  kindSelect.addEventListener('change', () => void load());
  void load();
  let pending: ReturnType<typeof setTimeout> | undefined;
  // A bulletin published, recalled or chosen changes the programme; several changes in a burst make one reload.
  ctx.onLive('bulletin.changed', () => {
    if (pending !== undefined) return;
    pending = setTimeout(() => {
      pending = undefined;
      void load();
    }, 1000);
  });
  ctx.onLive('live.resync', () => void load());
  return card(
    ctx.t('devices.dashboard.programme', { day: formatDay(fleetNow(fleet), ctx.lang) }),
    h('div', { class: 'stack' }, h('div', { class: 'filters' }, field(ctx.t('devices.filter.area'), areaSelect).root, field(ctx.t('devices.filter.kind'), kindSelect).root), host),
  );
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = ctx.t.bind(ctx);
  const fleet = await loadFleet(ctx);
  const stats = h('div', { class: 'stats', 'aria-live': 'polite' });
  const playing = h('div');
  const alerts = h('div');
  const draw = () => {
    const now = fleetNow(fleet);
    const counts = fleetCounts(fleet.devices);
    const list = fleetAlerts(fleet.devices, now);
    mount(stats,
      stat(t('devices.dashboard.online'), counts.online, 'ok', 'online'),
      stat(t('devices.dashboard.offline'), counts.offline, counts.offline > 0 ? 'danger' : 'ok', 'offline'),
      stat(t('devices.dashboard.playing'), counts.playing, 'info', 'playing'),
      stat(t('devices.dashboard.alerts'), list.length, list.length > 0 ? 'warn' : 'ok', 'alerts'),
      counts.pending > 0 ? stat(t('devices.dashboard.pending'), counts.pending, 'muted', 'pending') : null);
    mount(playing, playingList(ctx, fleet, now));
    const byId = new Map(fleet.devices.map((d) => [d.id, d]));
    mount(alerts, list.length === 0
      ? emptyState(t('devices.dashboard.noAlerts'))
      : h('ul', { class: 'alerts', dataset: { list: 'alerts' } }, list.slice(0, 50).map((a) => alertItem(t, a, byId.get(a.deviceId), areaName(fleet.areas, byId.get(a.deviceId)?.areaCode ?? '')))),
      list.length > 50 ? h('p', null, h('a', { href: '#/devices?status=alert' }, t('devices.dashboard.allAlerts', { count: list.length }))) : null);
  };
  draw();
  watchFleet(ctx, fleet, draw);
  return page(
    t('devices.dashboard.title'),
    h('p', { class: 'muted' }, t('devices.dashboard.lead', { area: areaName(fleet.areas, ctx.session.areaCode) })),
    stats,
    h('div', { class: 'grid' },
      card(t('devices.dashboard.nowPlaying'), playing),
      card(t('devices.dashboard.alertsTitle'), alerts, h('a', { href: '#/devices' }, t('devices.dashboard.toDevices'))),
    ),
    programmeCard(ctx, fleet),
  );
}

export const dashboardScreen: Screen = {
  id: 'dashboard',
  path: '/',
  nav: { labelKey: 'core.nav.dashboard', order: 0 },
  permission: 'device.read',
  render,
};
