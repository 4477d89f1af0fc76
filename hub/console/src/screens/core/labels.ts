// Small pieces of device vocabulary shared by the dashboard and the device screens: status badges, alert lines,
// priority badges, area names.
import { h } from '../../core/dom.js';
import type { ScreenContext } from '../../core/screen.js';
import { badge } from '../../core/view.js';
import type { DeviceAlert, DeviceView } from './device-health.js';

type T = ScreenContext['t'];

export function statusBadge(t: T, d: Pick<DeviceView, 'state' | 'online'>): HTMLElement {
  if (d.state === 'pending') return badge(t('devices.status.pending'), 'muted');
  if (d.state === 'revoked') return badge(t('devices.status.revoked'), 'muted');
  return d.online ? badge(t('devices.status.online'), 'ok') : badge(t('devices.status.offline'), 'danger');
}

export function kindLabel(t: T, kind: string): string {
  return t(`devices.kind.${kind}`);
}

export function priorityBadge(t: T, priority: string, mode?: string): HTMLElement {
  const kind = priority === 'emergency' ? 'danger' : priority === 'priority' ? 'warn' : 'info';
  return h('span', { class: 'badges' }, badge(t(`devices.priority.${priority}`), kind), mode === 'test' ? badge('DIỄN TẬP / EXERCISE', 'warn') : null);
}

export function alertText(t: T, alert: DeviceAlert): string {
  return t(`devices.alert.${alert.kind}`, { value: alert.value ?? '' });
}

/** One alert line linking to its device. */
export function alertItem(t: T, alert: DeviceAlert, device: DeviceView | undefined, areaName: string): HTMLElement {
  return h(
    'li',
    { class: ['alert', `alert-${alert.severity}`], dataset: { kind: alert.kind, device: alert.deviceId } },
    badge(alert.severity === 'danger' ? t('devices.alert.severe') : t('devices.alert.warning'), alert.severity === 'danger' ? 'danger' : 'warn'),
    h('a', { href: `#/devices/${encodeURIComponent(alert.deviceId)}` }, device?.name ?? alert.deviceId),
    h('span', null, alertText(t, alert)),
    h('span', { class: 'muted small' }, areaName),
  );
}
