// Playback per area, bulletin, device and day over a date range (issue 9 "Reports"; Điều 3.1, 18: collect and
// analyse what was actually played to evaluate grassroots information). Pure: SQLite groups the playback_logs rows
// (report-source.ts) and this assembles the report from the groups.
import type { AreaTree } from '../areas/index.js';
import { rollUpAreas, type AreaRow } from './area-rollup.js';
import { addCounts, countsByKey, emptyCounts, type CountRow, type EventCounts } from './event-counts.js';
import type { ReportRange } from './report-range.js';

export interface ReportDevice {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly areaCode: string;
  readonly state: string;
}

export interface ReportBulletin {
  readonly id: string;
  readonly title: string;
  readonly priority: string;
  readonly mode: string;
}

export interface PlaybackGroups {
  readonly byDevice: readonly CountRow[];
  /** Keyed by bulletin id; null for entries not tied to a bulletin (a fault between items). */
  readonly byBulletin: readonly CountRow[];
  /** Keyed by day index in the range (report-range.ts dayIndexSql). */
  readonly byDay: readonly CountRow[];
  /** Distinct devices that logged 'played' for each bulletin. */
  readonly reach: readonly { readonly bulletinId: string; readonly devices: number }[];
}

export interface PlaybackInputs {
  readonly tree: AreaTree;
  readonly root: string;
  readonly range: ReportRange;
  readonly bulletinFilter: string | null;
  /** Every device of the subtree that is not revoked, and any revoked one that still has logs in the range. */
  readonly devices: readonly ReportDevice[];
  readonly bulletins: readonly ReportBulletin[];
  readonly groups: PlaybackGroups;
}

export interface PlaybackReport {
  readonly area: { readonly code: string; readonly name: string; readonly timeZone: string };
  readonly fromDate: string;
  readonly toDate: string;
  readonly bulletin: string | null;
  readonly totals: EventCounts;
  readonly byArea: readonly (AreaRow<EventCounts> & { readonly devices: number })[];
  readonly byBulletin: readonly {
    readonly bulletinId: string | null;
    readonly title: string | null;
    readonly priority: string | null;
    readonly mode: string | null;
    readonly devicesPlayed: number;
    readonly counts: EventCounts;
  }[];
  readonly byDevice: readonly {
    readonly deviceId: string;
    readonly name: string;
    readonly kind: string;
    readonly state: string;
    readonly areaCode: string;
    readonly areaName: string;
    readonly counts: EventCounts;
  }[];
  readonly byDay: readonly { readonly date: string; readonly counts: EventCounts }[];
}

const COUNTS = { empty: emptyCounts, add: addCounts };

export function buildPlaybackReport(input: PlaybackInputs): PlaybackReport {
  const { tree, root, range } = input;
  const perDevice = countsByKey(input.groups.byDevice);
  const areaOf = new Map(input.devices.map((d) => [d.id, d.areaCode]));
  const ownByArea = new Map<string, EventCounts>();
  const devicesByArea = new Map<string, number>();
  for (const d of input.devices) devicesByArea.set(d.areaCode, (devicesByArea.get(d.areaCode) ?? 0) + 1);
  for (const [deviceId, counts] of perDevice) {
    const area = areaOf.get(String(deviceId));
    // The source lists every device that logged in the range, so this only skips what it was never asked about.
    if (area === undefined) continue;
    ownByArea.set(area, addCounts(ownByArea.get(area) ?? emptyCounts(), counts));
  }
  const deviceRows = rollUpAreas(tree, root, devicesByArea, { empty: () => 0, add: (a, b) => a + b });
  const byArea = rollUpAreas(tree, root, ownByArea, COUNTS).map((row, i) => ({ ...row, devices: deviceRows[i]!.total }));

  const totals = emptyCounts();
  for (const counts of perDevice.values()) addCounts(totals, counts);

  const titles = new Map(input.bulletins.map((b) => [b.id, b]));
  const reach = new Map(input.groups.reach.map((r) => [r.bulletinId, r.devices]));
  const byBulletin = [...countsByKey(input.groups.byBulletin)].map(([key, counts]) => {
    const id = key === null || key === '' ? null : String(key);
    const b = id === null ? undefined : titles.get(id);
    return {
      bulletinId: id, title: b?.title ?? null, priority: b?.priority ?? null, mode: b?.mode ?? null,
      devicesPlayed: id === null ? 0 : reach.get(id) ?? 0, counts,
    };
  });
  byBulletin.sort((a, b) => b.counts.total - a.counts.total || String(a.bulletinId).localeCompare(String(b.bulletinId)));

  const areaName = (code: string) => tree.nodes.get(code)?.area.name ?? code;
  const byDevice = input.devices.map((d) => ({
    deviceId: d.id, name: d.name, kind: d.kind, state: d.state, areaCode: d.areaCode, areaName: areaName(d.areaCode),
    counts: perDevice.get(d.id) ?? emptyCounts(),
  }));

  const perDay = countsByKey(input.groups.byDay);
  const byDay = range.days.map((day, i) => ({ date: day.date, counts: perDay.get(i) ?? emptyCounts() }));

  const node = tree.nodes.get(root)!;
  return {
    area: { code: root, name: node.area.name, timeZone: node.area.timeZone },
    fromDate: range.fromDate, toDate: range.toDate, bulletin: input.bulletinFilter,
    totals, byArea, byBulletin, byDevice, byDay,
  };
}
