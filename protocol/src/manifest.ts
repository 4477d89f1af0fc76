// Desired state down (design.md §4): what one device must hold and play for the coming days, and its settings.
import { Type, type Static } from '@sinclair/typebox';
import { Bulletin } from './bulletin.js';
import { MediaRef, Slide } from './content.js';
import { BroadcastCaps } from './programme/broadcast-caps.js';
import { AreaChain, DeviceId, DeviceKind, EpochMs, Id, OperatingWindow, TimeZone } from './primitives.js';
import { Schedule } from './schedule.js';

export const DeviceSettings = Type.Object(
  {
    volume: Type.Integer({ minimum: 0, maximum: 100 }),
    heartbeatSec: Type.Integer({ minimum: 5, maximum: 600 }),
    /** Shown by an LED board outside its windows; absent means blank (Điều 10). */
    idleSlide: Type.Optional(Slide),
  },
  { additionalProperties: false },
);
export type DeviceSettings = Static<typeof DeviceSettings>;

/** A commune's choice (Điều 8.2, 8.3): picks a normal bulletin with its own schedule, or reorders a priority one. */
export const ProgrammeSelection = Type.Object(
  {
    bulletinId: Id,
    order: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    schedule: Type.Optional(Schedule),
  },
  { additionalProperties: false },
);
export type ProgrammeSelection = Static<typeof ProgrammeSelection>;

export const Manifest = Type.Object(
  {
    deviceId: DeviceId,
    /** Strictly increasing per device; a device never goes back to an older manifest. */
    version: Type.Integer({ minimum: 1 }),
    generatedAt: EpochMs,
    kind: DeviceKind,
    areaChain: AreaChain,
    timeZone: TimeZone,
    windows: Type.Array(OperatingWindow, { maxItems: 12 }),
    /** The area's caps in force for this device kind (issue 6, e.g. Hà Nội); absent means none. */
    caps: Type.Optional(BroadcastCaps),
    settings: DeviceSettings,
    bulletins: Type.Array(Bulletin, { maxItems: 1000 }),
    selections: Type.Array(ProgrammeSelection, { maxItems: 2000 }),
    recalled: Type.Array(Id, { maxItems: 5000 }),
    /** Always pinned in the cache, played before emergencies (design.md §5). */
    attentionTone: Type.Optional(MediaRef),
  },
  { additionalProperties: false },
);
export type Manifest = Static<typeof Manifest>;
