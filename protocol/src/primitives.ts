// Domain primitives shared by every process. Wire names are English camelCase (domain.md, vocabulary section).
import { Type, type Static } from '@sinclair/typebox';

/** Area codes are data, never fixed levels (Vietnam went from three local levels to two in 2025). */
export const AREA_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$';
export const AreaCode = Type.String({ pattern: AREA_CODE_PATTERN });
export type AreaCode = Static<typeof AreaCode>;

/** Root → leaf, e.g. province → commune. Depth is whatever the tree has. */
export const AreaChain = Type.Array(AreaCode, { minItems: 1, maxItems: 8 });
export type AreaChain = Static<typeof AreaChain>;

/** Device ids double as MQTT client ids and topic segments, so they exclude `/`, `+`, `#`. */
export const DEVICE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$';
export const DeviceId = Type.String({ pattern: DEVICE_ID_PATTERN });
export type DeviceId = Static<typeof DeviceId>;

/** Unique ids of signed payloads, bulletins and commands (UUIDs or similar). */
export const Id = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$' });
export type Id = Static<typeof Id>;

export const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
export type Sha256Hex = Static<typeof Sha256Hex>;

/** Milliseconds since the Unix epoch, UTC (design.md §11: store UTC). */
export const EpochMs = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });
export type EpochMs = Static<typeof EpochMs>;

export const DeviceKind = Type.Union([Type.Literal('loudspeaker'), Type.Literal('led')]);
export type DeviceKind = Static<typeof DeviceKind>;
export const DEVICE_KINDS: readonly DeviceKind[] = ['loudspeaker', 'led'];

/** A test or exercise is visibly different everywhere, and the flag is inside the signature (design.md §6). */
export const BroadcastMode = Type.Union([Type.Literal('live'), Type.Literal('test')]);
export type BroadcastMode = Static<typeof BroadcastMode>;

/** IANA time zone name; checked for existence where it is used (Intl). */
export const TimeZone = Type.String({ pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$', maxLength: 64 });

/** 'HH:MM' local wall-clock time; '24:00' only as a window end. */
export const ClockTime = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' });

/** Operating window in the area's local time (Điều 10). */
export const OperatingWindow = Type.Object(
  { start: ClockTime, end: ClockTime },
  { additionalProperties: false },
);
export type OperatingWindow = Static<typeof OperatingWindow>;

/** Short machine-readable reason codes, e.g. `AGENT_ERR_DECODE`. */
export const ReasonCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' });

/** Free text an official wrote; bounded so no message grows without limit. */
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
