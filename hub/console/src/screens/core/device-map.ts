// Bản đồ thiết bị: every device with coordinates drawn where it stands, coloured by presence, each a keyboard-reachable
// link to its page; area names at the centre of their devices; a scale bar. No tiles, no network (issue 9).
import { areaName } from '../../core/areas.js';
import { h, mount, svg } from '../../core/dom.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { card, page } from '../../core/view.js';
import type { DeviceView } from './device-health.js';
import { loadFleet, watchFleet, type Fleet } from './fleet.js';
import { project, scaleBar } from './map-projection.js';

const WIDTH = 800;
const HEIGHT = 560;

function presence(d: DeviceView): 'online' | 'offline' | 'pending' {
  if (d.state !== 'active') return 'pending';
  return d.online ? 'online' : 'offline';
}

/** The SVG map of `devices` (those without coordinates are left out; the caller lists them). */
export function deviceMap(ctx: ScreenContext, fleet: Fleet, devices: readonly DeviceView[]): SVGSVGElement {
  const t = ctx.t.bind(ctx);
  const located = devices.filter((d) => d.latitude !== null && d.longitude !== null);
  const projection = project(located.map((d) => ({ id: d.id, latitude: d.latitude!, longitude: d.longitude! })), WIDTH, HEIGHT);
  const at = new Map(projection.points.map((p) => [p.id, p]));
  const byArea = new Map<string, { x: number; y: number; n: number }>();
  for (const d of located) {
    const p = at.get(d.id)!;
    const sum = byArea.get(d.areaCode) ?? { x: 0, y: 0, n: 0 };
    byArea.set(d.areaCode, { x: sum.x + p.x, y: sum.y + p.y, n: sum.n + 1 });
  }
  const bar = projection.metresPerUnit > 0 ? scaleBar(projection.metresPerUnit, 160) : undefined;
  return svg(
    'svg',
    { class: 'map', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', 'aria-label': t('devices.map.label', { count: located.length }) },
    svg('rect', { width: WIDTH, height: HEIGHT, fill: '#e8eef3' }),
    [...byArea.entries()].map(([code, s]) => svg('text', { class: 'area-label', x: s.x / s.n, y: s.y / s.n - 14, 'text-anchor': 'middle' }, areaName(fleet.areas, code))),
    located.map((d) => {
      const p = at.get(d.id)!;
      const state = presence(d);
      const label = `${d.name} — ${t(`devices.status.${state === 'pending' ? 'pending' : state}`)}`;
      return svg('a', { href: `#/devices/${encodeURIComponent(d.id)}`, 'aria-label': label, dataset: { device: d.id, state } },
        svg('circle', { class: ['dev', `dev-${state}`], cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: d.kind === 'led' ? 7 : 9 }, svg('title', null, label)));
    }),
    bar === undefined ? null : svg('g', { transform: `translate(20 ${HEIGHT - 24})` },
      svg('path', { d: `M0 0h${bar.units.toFixed(1)}`, stroke: '#14202b', 'stroke-width': 3 }),
      svg('text', { x: 0, y: -6, class: 'area-label' }, bar.metres >= 1000 ? `${bar.metres / 1000} km` : `${bar.metres} m`)),
  );
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = ctx.t.bind(ctx);
  const fleet = await loadFleet(ctx);
  const host = h('div');
  const draw = () => {
    const devices = fleet.devices.filter((d) => d.state !== 'revoked');
    const missing = devices.filter((d) => d.latitude === null || d.longitude === null);
    mount(host,
      devices.length === missing.length ? h('p', { class: 'empty-state' }, t('devices.map.noneLocated')) : deviceMap(ctx, fleet, devices),
      h('div', { class: 'map-legend' },
        (['online', 'offline', 'pending'] as const).map((s) => h('span', null, h('span', { class: ['dot', `dot-${s}`], 'aria-hidden': 'true' }), t(`devices.status.${s}`)))),
      missing.length === 0 ? null : h('p', { class: 'muted small' }, t('devices.map.unlocated', { count: missing.length }), ' ',
        missing.slice(0, 20).map((d, i) => [i > 0 ? ', ' : '', h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.name)])));
  };
  draw();
  watchFleet(ctx, fleet, draw);
  return page(t('devices.map.title'), h('p', { class: 'muted' }, t('devices.map.lead')), card(null, host));
}

export const deviceMapScreen: Screen = {
  id: 'device-map',
  path: '/devices/map',
  nav: { labelKey: 'core.nav.map', order: 11 },
  permission: 'device.read',
  render,
};
