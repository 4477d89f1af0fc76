// Desired state down (design.md §4): a pure function from what the hub knows to what one device must hold and play.
// The hub signs the result, serves it over HTTP and rings the doorbell when it changes.
import { capsInForce, contentSuitsDevice, type Bulletin, type DeviceKind, type DeviceSettings, type Manifest, type MediaRef, type ProgrammeSelection } from '@tinnguon/protocol';
import { areaChain, areaNode, effectiveCaps, effectiveWindows, type AreaTree } from '../areas/index.js';

export interface ManifestDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly areaCode: string;
}

export interface ManifestInputs {
  readonly device: ManifestDevice;
  readonly tree: AreaTree;
  /** Published bulletins (any target); this function picks the device's own. */
  readonly bulletins: readonly Bulletin[];
  /** Commune choices keyed by the area that made them (Điều 8.2, 8.3). */
  readonly selections: ReadonlyMap<string, readonly ProgrammeSelection[]>;
  readonly recalled: readonly string[];
  readonly settings: DeviceSettings;
  readonly attentionTone?: MediaRef;
  readonly version: number;
  readonly now: number;
  /** Bulletins starting after now + horizon wait for a later manifest. */
  readonly horizonMs: number;
}

function startsWithinHorizon(b: Bulletin, until: number): boolean {
  return b.schedule.type !== 'once' || b.schedule.at <= until;
}

export function computeManifest(input: ManifestInputs): Manifest {
  const { device, tree, now } = input;
  const chain = areaChain(tree, device.areaCode);
  const recalled = new Set(input.recalled);
  const selections = chain.flatMap((code) => input.selections.get(code) ?? []);
  const picked = new Set(selections.map((s) => s.bulletinId));
  const bulletins = input.bulletins
    .filter((b) => b.targetAreas.some((area) => chain.includes(area)))
    .filter((b) => contentSuitsDevice(b.content.kind, device.kind))
    .filter((b) => b.validUntil > now && !recalled.has(b.bulletinId))
    .filter((b) => startsWithinHorizon(b, now + input.horizonMs))
    // Điều 8.3: a normal bulletin is only offered; it plays once the commune picks it.
    .filter((b) => b.priority !== 'normal' || picked.has(b.bulletinId))
    .sort((a, b) => a.bulletinId.localeCompare(b.bulletinId));
  const ids = new Set(bulletins.map((b) => b.bulletinId));
  // Only caps that limit something travel: an uncapped area's manifest (and so its fingerprint) is as before.
  const caps = capsInForce(effectiveCaps(tree, device.areaCode, device.kind));
  return {
    deviceId: device.id,
    version: input.version,
    generatedAt: now,
    kind: device.kind,
    areaChain: chain,
    timeZone: areaNode(tree, device.areaCode).area.timeZone,
    windows: [...effectiveWindows(tree, device.areaCode, device.kind)],
    ...(caps === undefined ? {} : { caps }),
    settings: input.settings,
    bulletins,
    selections: selections.filter((s) => ids.has(s.bulletinId)),
    recalled: input.recalled.filter((id) => input.bulletins.some((b) => b.bulletinId === id && b.targetAreas.some((a) => chain.includes(a)))),
    ...(input.attentionTone === undefined ? {} : { attentionTone: input.attentionTone }),
  };
}

/** What changed for a device, ignoring version and time: decides whether to ring the doorbell. */
export function manifestFingerprint(m: Manifest): string {
  const { version: _v, generatedAt: _g, ...rest } = m;
  return JSON.stringify(rest);
}
