// Frames of authored LED slides at a board's resolution, drawn by the devices' renderer (led-renderer.ts) with the
// devices' image decoder, so the console shows what a board will show, pixel for pixel (issue 9). Image slides name
// uploads by SHA-256 exactly as the composer authors them; they become the MediaRefs devices receive.
import type { Slide, TextSlide, TickerSlide } from '@tinnguon/protocol';
import type { Static } from '@sinclair/typebox';
import type { AuthoredImageSlide } from '../bulletins/bulletin-input.js';
import { HubError } from '../errors.js';
import { mediaRef, type MediaRepository } from '../media-records/media-repository.js';
import type { LedRenderer, LedRenderIssue } from './led-renderer.js';

export type AuthoredSlide = Static<typeof AuthoredImageSlide> | TextSlide | TickerSlide;

export interface PreviewRequest {
  readonly width: number;
  readonly height: number;
  readonly slides: readonly AuthoredSlide[];
  /** Times since the sequence started; default: the first frame of every slide. */
  readonly times?: readonly number[];
}

export interface PreviewFrame {
  readonly elapsedMs: number;
  readonly slideIndex: number;
  /** Base64 of width × height × 3 RGB bytes, row-major: the frame a board's sink is handed. */
  readonly rgb: string;
}

export interface PreviewIssue {
  readonly slideIndex: number;
  readonly issue: LedRenderIssue;
}

export interface PreviewResult {
  readonly width: number;
  readonly height: number;
  /** One pass through the slides. */
  readonly passMs: number;
  readonly frames: readonly PreviewFrame[];
  /** What the board shows, but not as the author intended (missing glyphs, overflow, unusable images). */
  readonly issues: readonly PreviewIssue[];
}

export interface PreviewDeps {
  readonly renderer: LedRenderer;
  readonly media: Pick<MediaRepository, 'get'>;
  readonly readMedia: (sha256: string) => Promise<Uint8Array | undefined>;
}

/** A request's frames must fit in a reply a phone can take: 8 MB of raw RGB (a 256 × 64 board gives 170 frames). */
export const MAX_PREVIEW_BYTES = 8 * 1024 * 1024;

/** Authored slides → the protocol slides devices receive; unknown or non-image media is refused as on submission. */
export async function resolveSlides(slides: readonly AuthoredSlide[], media: PreviewDeps['media']): Promise<Slide[]> {
  const out: Slide[] = [];
  for (const s of slides) {
    if (s.type !== 'image') {
      out.push(s);
      continue;
    }
    const record = await media.get(s.mediaSha256);
    if (record === undefined) throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', s.mediaSha256);
    if (!record.mime.startsWith('image/')) throw new HubError('HUB_ERR_CONTENT_MEDIA_MISMATCH', `${s.mediaSha256} is ${record.mime}, image expected`);
    out.push({ type: 'image', media: mediaRef(record), durationMs: s.durationMs });
  }
  return out;
}

/** Start of each slide in the loop: the default frames, one per slide. */
export function slideStarts(slides: readonly { durationMs: number }[]): number[] {
  const starts: number[] = [];
  let t = 0;
  for (const s of slides) {
    starts.push(t);
    t += s.durationMs;
  }
  return starts;
}

export async function previewLedSlides(req: PreviewRequest, deps: PreviewDeps): Promise<PreviewResult> {
  const times = req.times ?? slideStarts(req.slides);
  const frameBytes = req.width * req.height * 3;
  if (times.length * frameBytes > MAX_PREVIEW_BYTES) {
    throw new HubError('HUB_ERR_LED_PREVIEW_INVALID', `${times.length} frames of ${req.width}×${req.height} exceed ${MAX_PREVIEW_BYTES} bytes; ask for fewer`);
  }
  const slides = await resolveSlides(req.slides, deps.media);
  const bytes = new Map<string, Uint8Array>();
  for (const s of slides) {
    if (s.type !== 'image' || bytes.has(s.media.sha256)) continue;
    const b = await deps.readMedia(s.media.sha256);
    if (b !== undefined) bytes.set(s.media.sha256, b);
  }
  const { renderer } = deps;
  const images = renderer.createPngImageSource((sha) => bytes.get(sha), Math.max(8, bytes.size));
  const size = { width: req.width, height: req.height, images };
  try {
    // Issues at each slide's first frame: what the author must fix does not depend on the ticker's position.
    const issues = slides.flatMap((slide, slideIndex) => renderer.renderSlideWithIssues(slide, { ...size, elapsedMs: 0 }).issues.map((issue) => ({ slideIndex, issue })));
    const frames = times.map((elapsedMs) => {
      // The sequence position as the device computes it (render-sequence.ts), then the same slide renderer.
      const at = renderer.slideAt(slides, elapsedMs);
      const { frame } = renderer.renderSlideWithIssues(at.slide, { ...size, elapsedMs: at.slideElapsedMs });
      return { elapsedMs, slideIndex: at.index, rgb: Buffer.from(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength).toString('base64') };
    });
    return { width: req.width, height: req.height, passMs: slides.reduce((sum, s) => sum + s.durationMs, 0), frames, issues };
  } catch (err) {
    // The renderer refuses what a board could not show either (agent code AGENT_ERR_LED_RENDER).
    if ((err as { code?: unknown }).code === 'AGENT_ERR_LED_RENDER') throw new HubError('HUB_ERR_LED_PREVIEW_INVALID', (err as Error).message);
    throw err;
  }
}
