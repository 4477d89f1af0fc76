// Contracts of the HTTP side of the device link (design.md, decision 3): enrolment and manifest delivery.
import { Type, type Static } from '@sinclair/typebox';
import { AreaChain, DeviceId, DeviceKind, TimeZone } from './primitives.js';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export const TrustedKeySchema = Type.Object(
  {
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    // 32 bytes in 43 base64url characters; the last one canonical (2 unused bits).
    publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$' }),
    notAfter: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const EnrolmentRequest = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9]{4,16}(-[A-Z0-9]{4,16})*$', maxLength: 40 }),
    agentVersion: Type.Optional(Type.String({ maxLength: 32 })),
    hardware: Type.Optional(Type.String({ maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type EnrolmentRequest = Static<typeof EnrolmentRequest>;

/** What an agent stores after enrolment (credentials with file mode 600). */
export const EnrolmentResponse = Type.Object(
  {
    deviceId: DeviceId,
    kind: DeviceKind,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    mqttUsername: DeviceId,
    mqttPassword: Type.String({ minLength: 24, maxLength: 128 }),
    mqttUrl: Type.String({ maxLength: 300 }),
    hubUrl: Type.String({ maxLength: 300 }),
    areaChain: AreaChain,
    timeZone: TimeZone,
    trustedKeys: Type.Array(TrustedKeySchema, { minItems: 1, maxItems: 8 }),
  },
  { additionalProperties: false },
);
export type EnrolmentResponse = Static<typeof EnrolmentResponse>;

/** Device HTTP requests authenticate with the same credentials as MQTT, as HTTP Basic. */
export const HTTP_PATHS = {
  enrol: '/api/device/enrol',
  manifest: '/api/device/manifest',
  media: (sha256: string) => `/api/device/media/${sha256}`,
  snapshot: '/api/device/snapshot',
} as const;
