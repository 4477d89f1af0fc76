// Unsigned control messages. They only report or nudge: nothing a device acts on travels unsigned (design.md §6),
// which is why a doorbell carries a version number and never the manifest itself.
import { Type, type Static } from '@sinclair/typebox';
import { BroadcastMode, EpochMs, Id, ReasonCode, Text } from './primitives.js';
import { Priority } from './priority.js';

export const Doorbell = Type.Object(
  { manifestVersion: Type.Integer({ minimum: 1 }), at: EpochMs },
  { additionalProperties: false },
);
export type Doorbell = Static<typeof Doorbell>;

/** Application ack, sent only after the rows are committed (design.md §8: Aedes acks QoS 1 before the hub stores). */
export const LogAck = Type.Object(
  {
    fromSeq: Type.Integer({ minimum: 1 }),
    toSeq: Type.Integer({ minimum: 1 }),
    stored: Type.Integer({ minimum: 0 }),
    duplicates: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type LogAck = Static<typeof LogAck>;

const Instant = Type.Number({ minimum: 0, maximum: 8_640_000_000_000_000 });
/** NTP-style exchange: t0 device send, t1 hub receive, t2 hub send; the device stamps t3 on arrival. */
export const TimeRequest = Type.Object({ t0: Instant }, { additionalProperties: false });
export const TimeResponse = Type.Object({ t0: Instant, t1: Instant, t2: Instant }, { additionalProperties: false });
export type TimeRequest = Static<typeof TimeRequest>;
export type TimeResponse = Static<typeof TimeResponse>;

/** Retained presence; the offline form is also the MQTT Last Will (design.md §7). */
export const DeviceStatus = Type.Object(
  {
    state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    at: Type.Optional(EpochMs),
    version: Type.Optional(Type.String({ maxLength: 32 })),
    reason: Type.Optional(ReasonCode),
  },
  { additionalProperties: false },
);
export type DeviceStatus = Static<typeof DeviceStatus>;

export const NowPlaying = Type.Object(
  {
    bulletinId: Id,
    priority: Priority,
    mode: BroadcastMode,
    startedAt: EpochMs,
    paused: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const Heartbeat = Type.Object(
  {
    at: EpochMs,
    version: Type.String({ maxLength: 32 }),
    uptimeSec: Type.Integer({ minimum: 0 }),
    volume: Type.Integer({ minimum: 0, maximum: 100 }),
    amplifier: Type.Union([Type.Literal('on'), Type.Literal('off'), Type.Literal('fault')]),
    power: Type.Union([Type.Literal('mains'), Type.Literal('battery'), Type.Literal('lost'), Type.Literal('unknown')]),
    playing: Type.Union([NowPlaying, Type.Null()]),
    queued: Type.Integer({ minimum: 0 }),
    manifestVersion: Type.Integer({ minimum: 0 }),
    clock: Type.Object(
      {
        trusted: Type.Boolean(),
        offsetMs: Type.Union([Type.Number(), Type.Null()]),
        rttMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    cache: Type.Object(
      {
        files: Type.Integer({ minimum: 0 }),
        bytes: Type.Integer({ minimum: 0 }),
        missing: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    disk: Type.Object(
      { freeBytes: Type.Integer({ minimum: 0 }), totalBytes: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    temperatureC: Type.Union([Type.Number({ minimum: -60, maximum: 150 }), Type.Null()]),
    pendingLogs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Heartbeat = Static<typeof Heartbeat>;

export const PlaybackEvent = Type.Union([
  Type.Literal('played'),
  Type.Literal('interrupted'),
  Type.Literal('missed'),
  Type.Literal('stopped'),
  Type.Literal('rejected'),
  Type.Literal('fault'),
]);
export type PlaybackEvent = Static<typeof PlaybackEvent>;

/** One journal row (nhật ký phát). `seq` is per device and strictly increasing; the hub stores by (device, seq). */
export const PlaybackLog = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: EpochMs,
    event: PlaybackEvent,
    bulletinId: Type.Optional(Id),
    revision: Type.Optional(Type.Integer({ minimum: 1 })),
    priority: Type.Optional(Priority),
    mode: Type.Optional(BroadcastMode),
    /** The scheduled slot this entry accounts for, so "played once per slot, or missed with a reason" is checkable. */
    slotAt: Type.Optional(EpochMs),
    startedAt: Type.Optional(EpochMs),
    endedAt: Type.Optional(EpochMs),
    playedMs: Type.Optional(Type.Integer({ minimum: 0 })),
    reason: Type.Optional(ReasonCode),
    detail: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);
export type PlaybackLog = Static<typeof PlaybackLog>;

export const MAX_LOGS_PER_BATCH = 500;
export const LogBatch = Type.Object(
  { entries: Type.Array(PlaybackLog, { minItems: 1, maxItems: MAX_LOGS_PER_BATCH }) },
  { additionalProperties: false },
);
export type LogBatch = Static<typeof LogBatch>;

export const CommandResult = Type.Object(
  {
    commandId: Id,
    ok: Type.Boolean(),
    at: EpochMs,
    code: Type.Optional(ReasonCode),
    detail: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type CommandResult = Static<typeof CommandResult>;
