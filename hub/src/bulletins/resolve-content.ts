// Authored content → the protocol content devices receive: media names become MediaRefs (SHA-256, size, type,
// duration) and text for loudspeakers becomes speech, stored like any other media (Điều 7, design.md §6).
import { mediaOf, type BulletinContent, type ImageSlide, type MediaRef } from '@tinnguon/protocol';
import { HubError } from '../errors.js';
import { prepareTtsText, type TtsProvider } from '../media/index.js';
import { mediaRef, type MediaRepository, type StoredMediaRecord } from '../media-records/media-repository.js';
import { authoredMedia, type AuthoredContent } from './bulletin-input.js';

export interface ContentResolverDeps {
  readonly media: Pick<MediaRepository, 'get' | 'ingest'>;
  readonly tts: TtsProvider;
  /** The upload limit, which synthesised speech obeys too. */
  readonly maxBytes: number;
  readonly ttsTimeoutMs?: number;
}

const TTS_MAX_CHARS = 10_000;

async function usable(media: ContentResolverDeps['media'], sha256: string, use: 'audio' | 'image'): Promise<StoredMediaRecord> {
  const record = await media.get(sha256);
  if (record === undefined) throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', sha256);
  if (!record.mime.startsWith(`${use}/`)) {
    throw new HubError('HUB_ERR_CONTENT_MEDIA_MISMATCH', `${sha256} is ${record.mime}, ${use} expected`, { sha256, mime: record.mime, expected: use });
  }
  return record;
}

/** Refuses content naming media the hub does not hold, or media of the wrong kind. Cheap: no synthesis. */
export async function checkAuthoredMedia(content: AuthoredContent, media: ContentResolverDeps['media']): Promise<void> {
  for (const { sha256, use } of authoredMedia(content)) await usable(media, sha256, use);
}

async function imageSlide(deps: ContentResolverDeps, sha256: string, durationMs: number): Promise<ImageSlide> {
  return { type: 'image', media: mediaRef(await usable(deps.media, sha256, 'image')), durationMs };
}

async function speech(deps: ContentResolverDeps, text: string, voice: string | undefined): Promise<{ text: string; media: MediaRef }> {
  const prepared = prepareTtsText(text, TTS_MAX_CHARS);
  const audio = await deps.tts.synthesize(prepared, {
    ...(voice === undefined ? {} : { voice }),
    signal: AbortSignal.timeout(deps.ttsTimeoutMs ?? 60_000),
  });
  const record = await deps.media.ingest(audio.bytes, audio.mime, 'tts', deps.maxBytes);
  return { text: prepared, media: mediaRef(record) };
}

export async function resolveContent(content: AuthoredContent, deps: ContentResolverDeps): Promise<BulletinContent> {
  switch (content.kind) {
    case 'audio':
      return { kind: 'audio', media: mediaRef(await usable(deps.media, content.mediaSha256, 'audio')) };
    case 'tts': {
      const { text, media } = await speech(deps, content.text, content.voice);
      return { kind: 'tts', text, ...(content.voice === undefined ? {} : { voice: content.voice }), media };
    }
    case 'ledText':
      return { kind: 'ledText', slide: content.slide };
    case 'image':
      return { kind: 'image', slide: await imageSlide(deps, content.mediaSha256, content.durationMs) };
    case 'slides': {
      const slides = [];
      for (const s of content.slides) slides.push(s.type === 'image' ? await imageSlide(deps, s.mediaSha256, s.durationMs) : s);
      return { kind: 'slides', slides };
    }
  }
}

/**
 * Speech relayed from upstream names audio this hub has never held, and devices fetch media only from their own hub:
 * the text travels along, so it is spoken again here. Other media must already be here.
 */
export async function localiseContent(content: BulletinContent, deps: ContentResolverDeps): Promise<BulletinContent> {
  if (content.kind === 'tts' && (await deps.media.get(content.media.sha256)) === undefined) {
    // The upstream voice names another engine's voice; this hub's default voice speaks it.
    const { text, media } = await speech(deps, content.text, undefined);
    return { kind: 'tts', text, media };
  }
  const missing = [];
  for (const { sha256 } of mediaOf(content)) if ((await deps.media.get(sha256)) === undefined) missing.push(sha256);
  if (missing.length > 0) throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', missing.join(', '), { missing });
  return content;
}
