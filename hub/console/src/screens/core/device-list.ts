// Danh sách thiết bị: every device of the account's area with filters (text without diacritics, area and below, kind,
// status or "has an alert"), live presence and health, a link to each device's page. The filters live in the URL
// (#/devices?status=offline), so a filtered list can be bookmarked or sent to a technician.
import { areaForest, areaName, flattenForest, subtreeCodes } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { formatAgo } from '../../core/format.js';
import { field, input, select } from '../../core/form.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { page } from '../../core/view.js';
import { deviceAlerts, filterDevices, type DeviceFilter, type DeviceView } from './device-health.js';
import { fleetNow, loadFleet, watchFleet } from './fleet.js';
import { alertText, kindLabel, statusBadge } from './labels.js';

const STATUSES = ['online', 'offline', 'alert', 'pending', 'revoked'] as const;

function readFilter(query: URLSearchParams): { text: string; area: string; kind: string; status: string } {
  return { text: query.get('q') ?? '', area: query.get('area') ?? '', kind: query.get('kind') ?? '', status: query.get('status') ?? '' };
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = ctx.t.bind(ctx);
  const lang = ctx.lang;
  const fleet = await loadFleet(ctx);
  const initial = readFilter(ctx.query);
  const text = field(t('devices.filter.text'), input({ type: 'search', name: 'q', value: initial.text, placeholder: t('devices.filter.textHint') }));
  const area = field(t('devices.filter.area'), select([{ value: '', label: t('devices.filter.allAreas') },
    ...flattenForest(areaForest(fleet.areas)).map((n) => ({ value: n.area.code, label: `${'\u00a0\u00a0\u00a0'.repeat(n.depth)}${n.area.name}` }))], initial.area, { name: 'area' }));
  const kind = field(t('devices.filter.kind'), select([{ value: '', label: t('devices.filter.allKinds') },
    { value: 'loudspeaker', label: kindLabel(t, 'loudspeaker') }, { value: 'led', label: kindLabel(t, 'led') }], initial.kind, { name: 'kind' }));
  const status = field(t('devices.filter.status'), select([{ value: '', label: t('devices.filter.allStatuses') },
    ...STATUSES.map((s) => ({ value: s, label: t(`devices.filter.status.${s}`) }))], initial.status, { name: 'status' }));
  const count = h('p', { class: 'muted', role: 'status' });
  const host = h('div');

  const current = (): DeviceFilter => ({
    text: text.control.value,
    ...(area.control.value === '' ? {} : { areas: subtreeCodes(fleet.areas, area.control.value) }),
    ...(kind.control.value === 'loudspeaker' || kind.control.value === 'led' ? { kind: kind.control.value } : {}),
    ...((STATUSES as readonly string[]).includes(status.control.value) ? { status: status.control.value as DeviceFilter['status'] } : {}),
  });
  const draw = () => {
    const now = fleetNow(fleet);
    const rows = filterDevices(fleet.devices, current(), now, fleet.areaNames);
    count.textContent = t('devices.list.count', { shown: rows.length, total: fleet.devices.length });
    mount(host, table<DeviceView>([
      { key: 'name', label: t('devices.col.name'), render: (d) => h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.name) },
      { key: 'kind', label: t('devices.col.kind'), render: (d) => kindLabel(t, d.kind) },
      { key: 'area', label: t('devices.col.area'), render: (d) => areaName(fleet.areas, d.areaCode) },
      { key: 'status', label: t('devices.col.status'), render: (d) => statusBadge(t, d) },
      { key: 'seen', label: t('devices.col.lastSeen'), render: (d) => (d.lastSeenAt === null ? '—' : formatAgo(d.lastSeenAt, now, lang)) },
      { key: 'volume', label: t('devices.col.volume'), className: 'num', render: (d) => (d.heartbeat === null || d.kind === 'led' ? '—' : `${d.heartbeat.volume}%`) },
      { key: 'alerts', label: t('devices.col.alerts'), render: (d) => deviceAlerts(d, now).map((a) => alertText(t, a)).join('; ') || '—' },
    ], rows, { empty: t('devices.list.none'), rowKey: (d) => d.id }));
  };
  const changed = () => {
    const q = new URLSearchParams();
    if (text.control.value !== '') q.set('q', text.control.value);
    for (const [name, f] of [['area', area], ['kind', kind], ['status', status]] as const) if (f.control.value !== '') q.set(name, f.control.value);
    const search = q.toString();
    // replaceState, not location.hash: the screen must not re-render (and lose the cursor) on every key.
    history.replaceState(null, '', `#/devices${search === '' ? '' : `?${search}`}`);
    draw();
  };
  text.control.addEventListener('input', changed);
  for (const f of [area, kind, status]) f.control.addEventListener('change', changed);
  draw();
  watchFleet(ctx, fleet, draw);
  const canAdd = ctx.session.permissions.includes('device.manage');
  return page(
    t('devices.list.title'),
    h('div', { class: 'btn-row' }, canAdd ? h('a', { class: 'btn btn-primary', href: '#/devices/new' }, t('devices.list.add')) : null, h('a', { class: 'btn btn-secondary', href: '#/devices/map' }, t('devices.list.toMap'))),
    h('form', { class: 'filters', role: 'search', on: { submit: (e) => e.preventDefault() } }, text.root, area.root, kind.root, status.root),
    count,
    host,
  );
}

export const deviceListScreen: Screen = {
  id: 'devices',
  path: '/devices',
  nav: { labelKey: 'core.nav.devices', order: 10 },
  permission: 'device.read',
  render,
};
