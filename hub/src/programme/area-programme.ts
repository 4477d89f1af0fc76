// The programme calendar of an area (lịch phát theo địa bàn): what a device of that kind in that area receives,
// run through the very function the device runs (buildProgramme), so the console shows exactly what devices do.
import {
  addDays, buildProgramme, localDayRange, programmeInputFromManifest, windowSpansBetween,
  type BroadcastCaps, type Bulletin, type DeviceKind, type Manifest, type ProgrammeSelection, type ProgrammeSlot, type ProgrammeWarning, type WindowSpan,
} from '@tinnguon/protocol';
import { areaNode, type AreaTree } from '../areas/index.js';
import { computeManifest } from '../dispatch/compute-manifest.js';

/** What dispatch reads to build manifests (Dispatcher's BulletinSource, at one instant). */
export interface ProgrammeSources {
  readonly tree: AreaTree;
  /** Published and recalled bulletins still within their validity. */
  readonly bulletins: readonly Bulletin[];
  readonly selections: ReadonlyMap<string, readonly ProgrammeSelection[]>;
  readonly recalled: readonly string[];
  readonly now: number;
  /** The manifest horizon devices are given; widened to reach the days asked for. */
  readonly horizonMs: number;
}

export interface CalendarSlot extends ProgrammeSlot {
  readonly title: string;
}

export interface CalendarWarning extends ProgrammeWarning {
  readonly title: string;
}

export interface CalendarDay {
  /** Local date in the area's zone. */
  readonly date: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly windows: WindowSpan[];
  /** The area's caps in force for this kind (issue 6, e.g. Hà Nội), as its devices receive them; absent: none. */
  readonly caps?: BroadcastCaps;
  readonly slots: CalendarSlot[];
  readonly warnings: CalendarWarning[];
}

/** Never enrolled, never signed: it only stands where a real device of that kind and area would. */
const SYNTHETIC_DEVICE = 'programme-calendar';

/** The manifest a device of `kind` in `areaCode` would receive now, looking far enough ahead to reach `untilMs`. */
export function areaManifest(sources: ProgrammeSources, areaCode: string, kind: DeviceKind, untilMs: number): Manifest {
  return computeManifest({
    device: { id: SYNTHETIC_DEVICE, kind, areaCode },
    tree: sources.tree,
    bulletins: sources.bulletins,
    selections: sources.selections,
    recalled: sources.recalled,
    settings: { volume: 0, heartbeatSec: 600 },
    version: 1,
    now: sources.now,
    horizonMs: Math.max(sources.horizonMs, untilMs - sources.now),
  });
}

function titled<T extends { bulletinId: string }>(items: readonly T[], titles: ReadonlyMap<string, string>): (T & { title: string })[] {
  return items.map((item) => ({ ...item, title: titles.get(item.bulletinId) ?? item.bulletinId }));
}

function dayOf(manifest: Manifest, date: string): CalendarDay {
  const { fromMs, toMs } = localDayRange(date, manifest.timeZone);
  const { slots, warnings } = buildProgramme(programmeInputFromManifest(manifest), fromMs, toMs);
  const titles = new Map(manifest.bulletins.map((b) => [b.bulletinId, b.title]));
  return {
    date, fromMs, toMs, windows: windowSpansBetween(manifest.timeZone, manifest.windows, fromMs, toMs),
    ...(manifest.caps === undefined ? {} : { caps: manifest.caps }),
    slots: titled(slots, titles), warnings: titled(warnings, titles),
  };
}

/** Consecutive local days from `firstDate`, each computed by buildProgramme exactly as a device would. */
export function areaProgrammeDays(sources: ProgrammeSources, areaCode: string, kind: DeviceKind, firstDate: string, days: number): CalendarDay[] {
  const timeZone = areaNode(sources.tree, areaCode).area.timeZone;
  const dates = Array.from({ length: days }, (_, i) => addDays(firstDate, i));
  const until = localDayRange(dates[dates.length - 1] ?? firstDate, timeZone).toMs;
  const manifest = areaManifest(sources, areaCode, kind, until);
  return dates.map((date) => dayOf(manifest, date));
}

export function areaProgrammeDay(sources: ProgrammeSources, areaCode: string, kind: DeviceKind, date: string): CalendarDay {
  return areaProgrammeDays(sources, areaCode, kind, date, 1)[0] as CalendarDay;
}
