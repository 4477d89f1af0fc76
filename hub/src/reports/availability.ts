// Device availability: the share of time each device was online over a date range, from the presence history the
// hub keeps (device_status_history: one row per online/offline change, from the retained status and the Last Will,
// design.md §7). Pure.
//
// What the history can and cannot say: observation of a device starts at its first presence record (before that it
// was not installed yet), and between records the last known state holds. A hub that was itself down records
// nothing, so its downtime counts in the state each device had when the hub stopped.
import type { AreaTree } from '../areas/index.js';
import { rollUpAreas, type AreaRow } from './area-rollup.js';
import { dayIndexOf, type ReportRange } from './report-range.js';

export type Presence = 'online' | 'offline';

export interface PresenceDevice {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly areaCode: string;
  /** The first presence record ever, or null if the device never connected. */
  readonly firstSeenAt: number | null;
  /** The last change before the range starts, or null if there is none. */
  readonly stateBefore: Presence | null;
}

export interface PresenceChange {
  readonly deviceId: string;
  readonly at: number;
  readonly state: Presence;
}

export interface Uptime {
  onlineMs: number;
  observedMs: number;
}

export interface DeviceAvailability extends Uptime {
  /** Online → offline transitions inside the range: how often it dropped. */
  readonly outages: number;
  readonly perDay: readonly Uptime[];
}

export function share(u: Uptime): number | null {
  return u.observedMs === 0 ? null : u.onlineMs / u.observedMs;
}

function addSpan(perDay: Uptime[], range: ReportRange, from: number, to: number, key: keyof Uptime): void {
  for (let i = Math.max(0, dayIndexOf(range, from)); i < range.days.length; i++) {
    const day = range.days[i]!;
    if (day.fromMs >= to) break;
    const a = Math.max(from, day.fromMs);
    const b = Math.min(to, day.toMs);
    if (b > a) perDay[i]![key] += b - a;
  }
}

/**
 * One device over the range, observed from max(range start, first record) to min(range end, now). `changes` are
 * that device's records inside the range, oldest first.
 */
export function deviceAvailability(device: PresenceDevice, changes: readonly PresenceChange[], range: ReportRange, now: number): DeviceAvailability {
  const perDay: Uptime[] = range.days.map(() => ({ onlineMs: 0, observedMs: 0 }));
  const start = Math.max(range.fromMs, device.firstSeenAt ?? Infinity);
  const end = Math.min(range.toMs, now);
  if (!(start < end)) return { onlineMs: 0, observedMs: 0, outages: 0, perDay };
  addSpan(perDay, range, start, end, 'observedMs');
  let state: Presence = device.stateBefore ?? 'offline';
  let cursor = start;
  let outages = 0;
  for (const change of changes) {
    if (change.at < start) {
      state = change.state;
      continue;
    }
    if (change.at >= end) break;
    if (state === 'online') addSpan(perDay, range, cursor, change.at, 'onlineMs');
    if (state === 'online' && change.state === 'offline') outages++;
    state = change.state;
    cursor = change.at;
  }
  if (state === 'online') addSpan(perDay, range, cursor, end, 'onlineMs');
  const sum = (key: keyof Uptime) => perDay.reduce((s, d) => s + d[key], 0);
  return { onlineMs: sum('onlineMs'), observedMs: sum('observedMs'), outages, perDay };
}

export interface AvailabilityReport {
  readonly area: { readonly code: string; readonly name: string; readonly timeZone: string };
  readonly fromDate: string;
  readonly toDate: string;
  readonly totals: Uptime & { readonly share: number | null; readonly devices: number; readonly neverSeen: number };
  readonly byArea: readonly (AreaRow<Uptime> & { readonly share: number | null })[];
  readonly byDevice: readonly {
    readonly deviceId: string;
    readonly name: string;
    readonly kind: string;
    readonly areaCode: string;
    readonly areaName: string;
    readonly onlineMs: number;
    readonly observedMs: number;
    readonly share: number | null;
    readonly outages: number;
  }[];
  readonly byDay: readonly { readonly date: string; readonly onlineMs: number; readonly observedMs: number; readonly share: number | null }[];
}

export interface AvailabilityInputs {
  readonly tree: AreaTree;
  readonly root: string;
  readonly range: ReportRange;
  readonly now: number;
  readonly devices: readonly PresenceDevice[];
  /** Records inside the range for these devices, in any order. */
  readonly changes: readonly PresenceChange[];
}

const UPTIME = { empty: (): Uptime => ({ onlineMs: 0, observedMs: 0 }), add: (a: Uptime, b: Uptime) => ((a.onlineMs += b.onlineMs), (a.observedMs += b.observedMs), a) };

export function buildAvailabilityReport(input: AvailabilityInputs): AvailabilityReport {
  const { tree, root, range } = input;
  const byDeviceChanges = new Map<string, PresenceChange[]>();
  for (const c of input.changes) {
    const list = byDeviceChanges.get(c.deviceId) ?? [];
    list.push(c);
    byDeviceChanges.set(c.deviceId, list);
  }
  const days = range.days.map(UPTIME.empty);
  const ownByArea = new Map<string, Uptime>();
  const areaName = (code: string) => tree.nodes.get(code)?.area.name ?? code;
  const byDevice = input.devices.map((d) => {
    const changes = (byDeviceChanges.get(d.id) ?? []).sort((a, b) => a.at - b.at);
    const a = deviceAvailability(d, changes, range, input.now);
    a.perDay.forEach((u, i) => UPTIME.add(days[i]!, u));
    ownByArea.set(d.areaCode, UPTIME.add(ownByArea.get(d.areaCode) ?? UPTIME.empty(), a));
    return {
      deviceId: d.id, name: d.name, kind: d.kind, areaCode: d.areaCode, areaName: areaName(d.areaCode),
      onlineMs: a.onlineMs, observedMs: a.observedMs, share: share(a), outages: a.outages,
    };
  });
  const totals = byDevice.reduce((t, d) => UPTIME.add(t, d), UPTIME.empty());
  const node = tree.nodes.get(root)!;
  return {
    area: { code: root, name: node.area.name, timeZone: node.area.timeZone },
    fromDate: range.fromDate,
    toDate: range.toDate,
    totals: { ...totals, share: share(totals), devices: input.devices.length, neverSeen: input.devices.filter((d) => d.firstSeenAt === null).length },
    byArea: rollUpAreas(tree, root, ownByArea, UPTIME).map((r) => ({ ...r, share: share(r.total) })),
    byDevice,
    byDay: range.days.map((day, i) => ({ date: day.date, ...days[i]!, share: share(days[i]!) })),
  };
}
