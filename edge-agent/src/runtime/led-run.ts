// How the executor shows an item on an LED board. An emergency (or any single item) shows its slides for one pass per
// repetition; a spoken emergency shows its title and text as a red ticker, so a board in the same commune carries the
// alert too. The window's loop item cycles through every bulletin the programme puts in the loop (layOutLed), one
// pass each, until the window ends, and writes one 'played' entry per bulletin it showed.
import { readFileSync } from 'node:fs';
import { slidesOf, type Slide } from '@tinnguon/protocol';
import { createPngImageSource } from '../led/image-source.js';
import { renderSlide } from '../led/render-slide.js';
import type { LedSink } from '../led/led-sink.js';
import type { ImageSource } from '../led/render-types.js';
import type { NewPlaybackLog } from '../journal/new-playback-log.js';
import type { PlaybackRun, RunItem } from '../queue/playback-executor.js';
import type { AgentItem, LedLoopSpan } from './agent-item.js';
import { ensureCached, type MediaSource } from './ensure-cached.js';
import type { ScheduledSlot } from './scheduler.js';
import { showSlides, type LedSize } from './show-slides.js';
import { slotKey } from './slot-ledger.js';

export interface LedLoopSource {
  ledSlotsAt(span: LedLoopSpan, now: number): readonly ScheduledSlot[];
  ledNextJoin(span: LedLoopSpan, now: number): number | undefined;
  markShown(slot: ScheduledSlot['slot']): void;
}

export interface LedRunOptions {
  readonly sink: LedSink;
  readonly size: LedSize;
  readonly cache: MediaSource;
  readonly clock: { now(): number };
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly loop: LedLoopSource;
  readonly ledger: { has(key: string): boolean; append(entry: NewPlaybackLog): Promise<unknown> };
  /** Shown between items (DeviceSettings.idleSlide); blank when absent (Điều 10: nothing outside the windows). */
  readonly idleSlide: () => Slide | undefined;
  readonly onError: (err: unknown, context: string) => void;
}

const TICKER_PX_PER_SECOND = 32;
const EMERGENCY_RED = '#ff3030';

/** The slides an item shows; a spoken bulletin becomes a ticker of its title and text. */
export function slidesForItem(item: AgentItem, boardWidth: number): Slide[] {
  const slides = slidesOf(item.content);
  if (slides.length > 0) return slides;
  const spoken = item.content.kind === 'tts' ? item.content.text : '';
  const text = [item.title, spoken].filter((s) => s !== undefined && s !== '').join(' — ').slice(0, 2000) || 'Thông báo';
  // Long enough for the whole text to cross the board once (about 6 px per character at scale 1).
  const crossMs = Math.ceil(((text.length * 6 + boardWidth) / TICKER_PX_PER_SECOND) * 1000);
  const durationMs = Math.min(600_000, Math.max(item.durationMs ?? 0, crossMs, 500));
  return [{ type: 'ticker', text, durationMs, pixelsPerSecond: TICKER_PX_PER_SECOND, ...(item.priority === 'emergency' ? { colour: EMERGENCY_RED } : {}) }];
}

export function ledRun(o: LedRunOptions): RunItem<AgentItem> {
  const images: ImageSource = createPngImageSource((sha) => {
    try {
      return readFileSync(o.cache.pathFor(sha));
    } catch {
      return undefined;
    }
  });
  const prepare = async (slides: readonly Slide[], signal: AbortSignal): Promise<void> => {
    for (const media of slides.flatMap((s) => (s.type === 'image' ? [s.media] : []))) {
      // A missing image is drawn as a labelled placeholder rather than holding the bulletin back.
      await ensureCached(o.cache, media, signal).catch((err: unknown) => o.onError(err, `image ${media.sha256}`));
    }
  };
  const show = (slides: readonly Slide[], showMs: number, signal: AbortSignal, startOffsetMs = 0) =>
    showSlides({ sink: o.sink, slides, size: o.size, images, now: () => o.clock.now(), sleep: o.sleep, signal, showMs, startOffsetMs });
  const idle = async (): Promise<void> => {
    const slide = o.idleSlide();
    if (slide === undefined) await o.sink.clear();
    else await o.sink.show(renderSlide(slide, { ...o.size, images, elapsedMs: 0 }));
  };

  const single = async (item: AgentItem, signal: AbortSignal): Promise<PlaybackRun> => {
    const slides = slidesForItem(item, o.size.width);
    await prepare(slides, signal);
    const passMs = slides.reduce((sum, s) => sum + s.durationMs, 0);
    const offset = item.startOffsetMs ?? 0;
    const result = await show(slides, Math.max(0, passMs - offset), signal, offset);
    if (result.outcome === 'completed') await idle();
    return result;
  };

  const journaled = new Set<string>();
  const loop = async (span: LedLoopSpan, signal: AbortSignal): Promise<PlaybackRun> => {
    const shown = new Map<string, { scheduled: ScheduledSlot; firstAt: number; ms: number }>();
    let total = 0;
    try {
      for (;;) {
        const now = o.clock.now();
        if (signal.aborted) return { outcome: 'aborted', playedMs: total };
        if (now >= span.windowEnd) break;
        const active = o.loop.ledSlotsAt(span, now);
        if (active.length === 0) {
          const next = o.loop.ledNextJoin(span, now);
          if (next === undefined || next >= span.windowEnd) break;
          await idle();
          await o.sleep(next - now, signal).catch(() => undefined);
          continue;
        }
        for (const scheduled of active) {
          if (signal.aborted) break;
          o.loop.markShown(scheduled.slot);
          const slides = slidesOf(scheduled.bulletin.content);
          await prepare(slides, signal);
          const passMs = slides.reduce((sum, s) => sum + s.durationMs, 0);
          const startedAt = o.clock.now();
          const result = await show(slides, Math.min(passMs, Math.max(0, span.windowEnd - startedAt)), signal);
          const key = slotKey(scheduled.slot.bulletinId, scheduled.slot.startAt);
          const seen = shown.get(key) ?? { scheduled, firstAt: startedAt, ms: 0 };
          seen.ms += result.playedMs;
          shown.set(key, seen);
          total += result.playedMs;
        }
      }
      await idle();
      return { outcome: 'completed', playedMs: total };
    } finally {
      journalShown(shown, o, journaled);
    }
  };

  return (item, signal) => (item.loop === undefined ? single(item, signal) : loop(item.loop, signal));
}

/** One entry per bulletin shown, once per slot even when the loop restarts after an emergency. */
function journalShown(shown: ReadonlyMap<string, { scheduled: ScheduledSlot; firstAt: number; ms: number }>, o: LedRunOptions, journaled: Set<string>): void {
  const endedAt = o.clock.now();
  for (const [key, { scheduled, firstAt, ms }] of shown) {
    if (journaled.has(key) || o.ledger.has(key) || ms <= 0) continue;
    journaled.add(key);
    const { slot } = scheduled;
    const entry: NewPlaybackLog = {
      at: endedAt, event: 'played', bulletinId: slot.bulletinId, revision: slot.revision, priority: slot.priority, mode: slot.mode,
      slotAt: slot.startAt, startedAt: firstAt, endedAt, playedMs: Math.round(ms), detail: 'Hiển thị trong vòng lặp bảng tin',
    };
    o.ledger.append(entry).catch((err: unknown) => o.onError(err, 'journal (LED)'));
  }
}
