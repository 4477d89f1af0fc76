// Bulletin content forms, Điều 7 QĐ 993/2024: for radio, text (turned into speech) and audio; for LED boards text,
// image, graphic and slide sequences. Media is addressed by SHA-256 and verified before use (design.md §6).
import { Type, type Static } from '@sinclair/typebox';
import { Sha256Hex, Text } from './primitives.js';

export const MediaMime = Type.Union([
  Type.Literal('audio/mpeg'),
  Type.Literal('audio/wav'),
  Type.Literal('image/png'),
  Type.Literal('image/jpeg'),
]);
export type MediaMime = Static<typeof MediaMime>;

export const MediaRef = Type.Object(
  {
    sha256: Sha256Hex,
    bytes: Type.Integer({ minimum: 1, maximum: 512 * 1024 * 1024 }),
    mime: MediaMime,
    durationMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 3600 * 1000 })),
  },
  { additionalProperties: false },
);
export type MediaRef = Static<typeof MediaRef>;

const SlideDuration = Type.Integer({ minimum: 500, maximum: 10 * 60 * 1000 });
/** '#rrggbb' */
export const Colour = Type.String({ pattern: '^#[0-9a-f]{6}$' });

export const TextSlide = Type.Object(
  {
    type: Type.Literal('text'),
    text: Text(500),
    durationMs: SlideDuration,
    colour: Type.Optional(Colour),
    background: Type.Optional(Colour),
    align: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('center'), Type.Literal('right')])),
  },
  { additionalProperties: false },
);

export const TickerSlide = Type.Object(
  {
    type: Type.Literal('ticker'),
    text: Text(2000),
    durationMs: SlideDuration,
    pixelsPerSecond: Type.Integer({ minimum: 4, maximum: 512 }),
    colour: Type.Optional(Colour),
    background: Type.Optional(Colour),
  },
  { additionalProperties: false },
);

export const ImageSlide = Type.Object(
  { type: Type.Literal('image'), media: MediaRef, durationMs: SlideDuration },
  { additionalProperties: false },
);

export const Slide = Type.Union([TextSlide, TickerSlide, ImageSlide]);
export type Slide = Static<typeof Slide>;
export type TextSlide = Static<typeof TextSlide>;
export type TickerSlide = Static<typeof TickerSlide>;
export type ImageSlide = Static<typeof ImageSlide>;

export const AudioContent = Type.Object(
  { kind: Type.Literal('audio'), media: MediaRef },
  { additionalProperties: false },
);
/** Text for loudspeakers, rendered to audio on the hub; the text travels along for logs and LED mirrors. */
export const TtsContent = Type.Object(
  { kind: Type.Literal('tts'), text: Text(10_000), voice: Type.Optional(Type.String({ maxLength: 64 })), media: MediaRef },
  { additionalProperties: false },
);
export const LedTextContent = Type.Object(
  { kind: Type.Literal('ledText'), slide: Type.Union([TextSlide, TickerSlide]) },
  { additionalProperties: false },
);
export const ImageContent = Type.Object(
  { kind: Type.Literal('image'), slide: ImageSlide },
  { additionalProperties: false },
);
export const SlidesContent = Type.Object(
  { kind: Type.Literal('slides'), slides: Type.Array(Slide, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);

export const BulletinContent = Type.Union([AudioContent, TtsContent, LedTextContent, ImageContent, SlidesContent]);
export type BulletinContent = Static<typeof BulletinContent>;
export type ContentKind = BulletinContent['kind'];
export const CONTENT_KINDS: readonly ContentKind[] = ['audio', 'tts', 'ledText', 'image', 'slides'];

/** Which device kind can play a content form (Điều 7: audio forms for radio, visual forms for LED boards). */
export function contentSuitsDevice(kind: ContentKind, device: 'loudspeaker' | 'led'): boolean {
  return device === 'loudspeaker' ? kind === 'audio' || kind === 'tts' : kind !== 'audio' && kind !== 'tts';
}

/** Every media object a content needs in the cache. */
export function mediaOf(content: BulletinContent): MediaRef[] {
  switch (content.kind) {
    case 'audio':
    case 'tts':
      return [content.media];
    case 'ledText':
      return [];
    case 'image':
      return [content.slide.media];
    case 'slides':
      return content.slides.flatMap((s) => (s.type === 'image' ? [s.media] : []));
  }
}

/** The slides an LED board shows for a content, or none for audio forms. */
export function slidesOf(content: BulletinContent): Slide[] {
  switch (content.kind) {
    case 'audio':
    case 'tts':
      return [];
    case 'ledText':
    case 'image':
      return [content.slide];
    case 'slides':
      return content.slides;
  }
}
