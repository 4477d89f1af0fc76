// Which devices a fleet has: N devices spread round-robin over the chosen areas, as loudspeaker clusters, LED boards
// or a mix (one LED board for every two clusters, roughly what a commune installs). Pure.
import type { DeviceKind } from '@tinnguon/protocol';

export type FleetKind = DeviceKind | 'mixed';

export interface PlannedDevice {
  readonly index: number;
  readonly kind: DeviceKind;
  readonly areaCode: string;
  readonly name: string;
}

export interface AreaInfo {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
}

const KIND_LABEL: Record<DeviceKind, string> = { loudspeaker: 'Cụm loa mô phỏng', led: 'Bảng tin LED mô phỏng' };

export function kindFor(kind: FleetKind, index: number): DeviceKind {
  if (kind !== 'mixed') return kind;
  return index % 3 === 2 ? 'led' : 'loudspeaker';
}

/** The leaves of the area tree (communes in a two- or three-level tree): where devices are installed. */
export function leafAreas(areas: readonly AreaInfo[]): AreaInfo[] {
  const parents = new Set(areas.map((a) => a.parentCode).filter((c): c is string => c !== null));
  return areas.filter((a) => !parents.has(a.code)).sort((a, b) => a.code.localeCompare(b.code));
}

export function planFleet(count: number, kind: FleetKind, areas: readonly AreaInfo[]): PlannedDevice[] {
  if (areas.length === 0) return [];
  return Array.from({ length: count }, (_, index) => {
    const area = areas[index % areas.length] as AreaInfo;
    const k = kindFor(kind, index);
    return { index, kind: k, areaCode: area.code, name: `${KIND_LABEL[k]} ${index + 1} – ${area.name}`.slice(0, 200) };
  });
}
