// The signed envelope (design.md §6): everything a device acts on travels inside one.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Bulletin, StopOrder } from './bulletin.js';
import { Command } from './commands.js';
import { Manifest } from './manifest.js';
import { AreaCode, BroadcastMode, DeviceId, EpochMs, Id } from './primitives.js';

export const KEY_ID_PATTERN = '^[0-9a-f]{16}$';
/**
 * Ed25519 signatures are 64 bytes: 86 base64url characters, no padding. The last character carries 4 unused bits,
 * so only its canonical forms are allowed; otherwise a one-character change could leave the decoded bytes intact.
 */
export const SIGNATURE_PATTERN = '^[A-Za-z0-9_-]{85}[AQgw]$';

export const ENVELOPE_TYPES = ['bulletin', 'manifest', 'command', 'stop'] as const;
export type EnvelopeType = (typeof ENVELOPE_TYPES)[number];

export const PAYLOAD_SCHEMAS = {
  bulletin: Bulletin,
  manifest: Manifest,
  command: Command,
  stop: StopOrder,
} as const satisfies Record<EnvelopeType, TSchema>;

export type PayloadOf<K extends EnvelopeType> = Static<(typeof PAYLOAD_SCHEMAS)[K]>;

export const Targets = Type.Object(
  {
    areas: Type.Array(AreaCode, { maxItems: 1000 }),
    devices: Type.Array(DeviceId, { maxItems: 10_000 }),
  },
  { additionalProperties: false },
);
export type Targets = Static<typeof Targets>;

export const EnvelopeSchema = Type.Object(
  {
    v: Type.Literal(1),
    type: Type.Union(ENVELOPE_TYPES.map((t) => Type.Literal(t))),
    id: Id,
    keyId: Type.String({ pattern: KEY_ID_PATTERN }),
    issuedAt: EpochMs,
    expiresAt: EpochMs,
    mode: BroadcastMode,
    targets: Targets,
    payload: Type.Object({}, { additionalProperties: true }),
    sig: Type.String({ pattern: SIGNATURE_PATTERN }),
  },
  { additionalProperties: false },
);

export interface SignedEnvelope<K extends EnvelopeType = EnvelopeType> {
  readonly v: 1;
  readonly type: K;
  readonly id: string;
  readonly keyId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly mode: BroadcastMode;
  readonly targets: Targets;
  readonly payload: PayloadOf<K>;
  readonly sig: string;
}

export type UnsignedEnvelope<K extends EnvelopeType = EnvelopeType> = Omit<SignedEnvelope<K>, 'sig' | 'keyId' | 'v'>;
