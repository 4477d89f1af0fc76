// The bulletin (bản tin) as devices receive it, always inside a signed envelope or a signed manifest.
import { Type, type Static } from '@sinclair/typebox';
import { BulletinContent } from './content.js';
import { AreaCode, BroadcastMode, EpochMs, Id, Text } from './primitives.js';
import { Priority } from './priority.js';
import { Schedule } from './schedule.js';

export const Bulletin = Type.Object(
  {
    bulletinId: Id,
    revision: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    title: Text(200),
    summary: Type.Optional(Text(1000)),
    author: Type.Optional(Text(120)),
    source: Type.Optional(Text(200)),
    priority: Priority,
    mode: BroadcastMode,
    /** The issuing area and its depth in the tree (0 = root). Điều 8.2 orders priority bulletins by level. */
    originArea: AreaCode,
    originDepth: Type.Integer({ minimum: 0, maximum: 7 }),
    targetAreas: Type.Array(AreaCode, { minItems: 1, maxItems: 1000 }),
    content: BulletinContent,
    schedule: Schedule,
    /** How many times each slot plays back to back (emergency repeats follow the bulletin). */
    repeat: Type.Integer({ minimum: 1, maximum: 50 }),
    validFrom: EpochMs,
    validUntil: EpochMs,
  },
  { additionalProperties: false },
);
export type Bulletin = Static<typeof Bulletin>;

/** STOP (scope all) silences a device; a recall ends one bulletin everywhere. Both travel by the urgent path. */
export const StopOrder = Type.Union([
  Type.Object(
    { scope: Type.Literal('all'), reason: Type.Optional(Text(300)) },
    { additionalProperties: false },
  ),
  Type.Object(
    { scope: Type.Literal('bulletin'), bulletinId: Id, reason: Type.Optional(Text(300)) },
    { additionalProperties: false },
  ),
]);
export type StopOrder = Static<typeof StopOrder>;
