// What the dashboard and device list conclude from devices and their heartbeats (design.md §7: heartbeats carry
// volume, what is playing, amplifier, power, temperature, disk, clock trust, cache state). Pure, no DOM: table-tested
// in test/console/device-health.test.ts.

export interface NowPlaying {
  readonly bulletinId: string;
  readonly priority: 'emergency' | 'priority' | 'normal';
  readonly mode: 'live' | 'test';
  readonly startedAt: number;
  readonly paused: boolean;
}

/** The protocol Heartbeat (protocol/src/messages.ts), as far as the console reads it. */
export interface HeartbeatView {
  readonly at: number;
  readonly version?: string;
  readonly uptimeSec?: number;
  readonly volume: number;
  readonly amplifier: 'on' | 'off' | 'fault';
  readonly power: 'mains' | 'battery' | 'lost' | 'unknown';
  readonly playing: NowPlaying | null;
  readonly queued?: number;
  readonly manifestVersion?: number;
  readonly clock: { readonly trusted: boolean; readonly offsetMs: number | null };
  readonly cache: { readonly files: number; readonly bytes: number; readonly missing: number };
  readonly disk: { readonly freeBytes: number; readonly totalBytes: number };
  readonly temperatureC: number | null;
  readonly pendingLogs?: number;
}

export interface DeviceView {
  readonly id: string;
  readonly kind: 'loudspeaker' | 'led';
  readonly areaCode: string;
  readonly name: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly location: string | null;
  readonly state: 'pending' | 'active' | 'revoked';
  readonly online: boolean;
  readonly lastSeenAt: number | null;
  readonly manifestVersion: number;
  readonly heartbeat: HeartbeatView | null;
}

export type AlertKind = 'offline' | 'power-lost' | 'on-battery' | 'amplifier-fault' | 'clock-untrusted' | 'cache-missing' | 'disk-low' | 'silent';
export type AlertSeverity = 'danger' | 'warn';

export interface DeviceAlert {
  readonly deviceId: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /** Numbers for the message: missing files, free disk percent, seconds since the last heartbeat. */
  readonly value?: number;
}

/** Heartbeats come every 30 s by default (manifest settings); three missed in a row is worth a look. */
export const SILENT_AFTER_MS = 120_000;
export const DISK_LOW_FRACTION = 0.1;

/**
 * Alerts for one device. Only enrolled devices count (a pending one has never been online). An offline device gets
 * "offline" alone: its last heartbeat describes the past. While online, every fault its heartbeat reports.
 */
export function deviceAlerts(d: DeviceView, now: number): DeviceAlert[] {
  if (d.state !== 'active') return [];
  if (!d.online) return [{ deviceId: d.id, kind: 'offline', severity: 'danger' }];
  const out: DeviceAlert[] = [];
  const hb = d.heartbeat;
  if (d.lastSeenAt !== null && now - d.lastSeenAt > SILENT_AFTER_MS) {
    out.push({ deviceId: d.id, kind: 'silent', severity: 'warn', value: Math.round((now - d.lastSeenAt) / 1000) });
  }
  if (hb === null) return out;
  if (hb.power === 'lost') out.push({ deviceId: d.id, kind: 'power-lost', severity: 'danger' });
  else if (hb.power === 'battery') out.push({ deviceId: d.id, kind: 'on-battery', severity: 'warn' });
  if (hb.amplifier === 'fault') out.push({ deviceId: d.id, kind: 'amplifier-fault', severity: 'danger' });
  // Design.md §11: an untrusted clock plays no dated content — the device is silent for the programme.
  if (!hb.clock.trusted) out.push({ deviceId: d.id, kind: 'clock-untrusted', severity: 'warn' });
  if (hb.cache.missing > 0) out.push({ deviceId: d.id, kind: 'cache-missing', severity: 'warn', value: hb.cache.missing });
  if (hb.disk.totalBytes > 0 && hb.disk.freeBytes / hb.disk.totalBytes < DISK_LOW_FRACTION) {
    out.push({ deviceId: d.id, kind: 'disk-low', severity: 'warn', value: Math.round((hb.disk.freeBytes / hb.disk.totalBytes) * 100) });
  }
  return out;
}

/** Danger first, then by kind, then device. */
export function fleetAlerts(devices: readonly DeviceView[], now: number): DeviceAlert[] {
  const rank = (a: DeviceAlert) => (a.severity === 'danger' ? 0 : 1);
  return devices.flatMap((d) => deviceAlerts(d, now)).sort((a, b) => rank(a) - rank(b) || a.kind.localeCompare(b.kind) || a.deviceId.localeCompare(b.deviceId));
}

export interface FleetCounts {
  readonly total: number;
  readonly online: number;
  readonly offline: number;
  readonly pending: number;
  readonly playing: number;
}

export function fleetCounts(devices: readonly DeviceView[]): FleetCounts {
  const active = devices.filter((d) => d.state === 'active');
  return {
    total: active.length,
    online: active.filter((d) => d.online).length,
    offline: active.filter((d) => !d.online).length,
    pending: devices.filter((d) => d.state === 'pending').length,
    playing: active.filter((d) => d.online && d.heartbeat?.playing !== null && d.heartbeat?.playing !== undefined).length,
  };
}

/** Live events as the hub sends them (hub/src/live/live-events.ts). */
export type DeviceLiveEvent =
  | { readonly type: 'device.status'; readonly deviceId: string; readonly online: boolean; readonly at: number }
  | { readonly type: 'device.heartbeat'; readonly deviceId: string; readonly online: boolean; readonly lastSeenAt: number; readonly heartbeat: unknown };

/**
 * The list after one live event; undefined when the event names a device the list does not hold (a new device: the
 * caller reloads). A presence change to online also makes a pending device active: it has just enrolled.
 */
export function applyDeviceEvent(devices: readonly DeviceView[], event: DeviceLiveEvent): DeviceView[] | undefined {
  const index = devices.findIndex((d) => d.id === event.deviceId);
  if (index < 0) return undefined;
  const d = devices[index]!;
  const next: DeviceView =
    event.type === 'device.status'
      ? { ...d, online: event.online, lastSeenAt: event.at, state: event.online && d.state === 'pending' ? 'active' : d.state }
      : { ...d, online: event.online, lastSeenAt: event.lastSeenAt, heartbeat: (event.heartbeat as HeartbeatView | null) ?? d.heartbeat };
  const out = [...devices];
  out[index] = next;
  return out;
}

export interface DeviceFilter {
  readonly text?: string;
  /** Codes the chosen area covers (itself and below); undefined = all. */
  readonly areas?: ReadonlySet<string>;
  readonly kind?: 'loudspeaker' | 'led';
  readonly status?: 'online' | 'offline' | 'pending' | 'revoked' | 'alert';
}

/** Vietnamese search without diacritics: "dak nia" finds "Đắk Nia". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/đ/giu, 'd').toLowerCase();
}

export function filterDevices(devices: readonly DeviceView[], filter: DeviceFilter, now: number, areaNames: ReadonlyMap<string, string> = new Map()): DeviceView[] {
  const words = fold(filter.text ?? '').split(/\s+/).filter(Boolean);
  return devices.filter((d) => {
    if (filter.kind !== undefined && d.kind !== filter.kind) return false;
    if (filter.areas !== undefined && !filter.areas.has(d.areaCode)) return false;
    switch (filter.status) {
      case 'online': if (!(d.state === 'active' && d.online)) return false; break;
      case 'offline': if (!(d.state === 'active' && !d.online)) return false; break;
      case 'pending': if (d.state !== 'pending') return false; break;
      case 'revoked': if (d.state !== 'revoked') return false; break;
      case 'alert': if (deviceAlerts(d, now).length === 0) return false; break;
      default: break;
    }
    if (words.length === 0) return true;
    const hay = fold(`${d.name} ${d.id} ${d.location ?? ''} ${areaNames.get(d.areaCode) ?? ''}`);
    return words.every((w) => hay.includes(w));
  });
}
