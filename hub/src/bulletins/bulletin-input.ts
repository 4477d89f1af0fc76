// What an official sends to author a bulletin. Media is named by SHA-256 of something already uploaded; text for the
// loudspeakers is turned into speech on the hub when the bulletin is submitted (Điều 7: "bản tin ký tự").
import { Type, type Static } from '@sinclair/typebox';
import { AreaCode, BroadcastMode, EpochMs, Priority, Schedule, Sha256Hex, TextSlide, TickerSlide } from '@tinnguon/protocol';

const SlideDuration = Type.Integer({ minimum: 500, maximum: 10 * 60 * 1000 });
const Line = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const AuthoredImageSlide = Type.Object(
  { type: Type.Literal('image'), mediaSha256: Sha256Hex, durationMs: SlideDuration },
  { additionalProperties: false },
);

export const AuthoredContent = Type.Union([
  Type.Object({ kind: Type.Literal('audio'), mediaSha256: Sha256Hex }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('tts'), text: Line(10_000), voice: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('ledText'), slide: Type.Union([TextSlide, TickerSlide]) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('image'), mediaSha256: Sha256Hex, durationMs: SlideDuration },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('slides'),
      slides: Type.Array(Type.Union([AuthoredImageSlide, TextSlide, TickerSlide]), { minItems: 1, maxItems: 50 }),
    },
    { additionalProperties: false },
  ),
]);
export type AuthoredContent = Static<typeof AuthoredContent>;

const fields = {
  title: Line(200),
  summary: Type.Optional(Line(1000)),
  author: Type.Optional(Line(120)),
  source: Type.Optional(Line(200)),
  priority: Priority,
  /** A test or exercise is visibly different everywhere (design.md §6). Default live. */
  mode: Type.Optional(BroadcastMode),
  /** The issuing area: an account acts only within its own area (Điều 9). */
  originArea: AreaCode,
  targetAreas: Type.Array(AreaCode, { minItems: 1, maxItems: 1000, uniqueItems: true }),
  content: AuthoredContent,
  schedule: Schedule,
  repeat: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  /** Default: when the draft is created. */
  validFrom: Type.Optional(EpochMs),
  validUntil: EpochMs,
};

export const NewBulletin = Type.Object(fields, { additionalProperties: false });
export type NewBulletin = Static<typeof NewBulletin>;

/** Any subset of the fields; an edit raises the revision. */
export const BulletinPatch = Type.Partial(Type.Object(fields, { additionalProperties: false }), { minProperties: 1 });
export type BulletinPatch = Static<typeof BulletinPatch>;

/** The media an authored content names, with the use it is put to (which decides the acceptable types). */
export function authoredMedia(content: AuthoredContent): { sha256: string; use: 'audio' | 'image' }[] {
  switch (content.kind) {
    case 'audio':
      return [{ sha256: content.mediaSha256, use: 'audio' }];
    case 'image':
      return [{ sha256: content.mediaSha256, use: 'image' }];
    case 'slides':
      return content.slides.flatMap((s) => (s.type === 'image' ? [{ sha256: s.mediaSha256, use: 'image' as const }] : []));
    case 'tts':
    case 'ledText':
      return [];
  }
}
