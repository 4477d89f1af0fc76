// Shows a slide sequence on the board for a given time: one frame per slide change, or a steady frame rate while a
// ticker scrolls. Which slide shows is a pure function of elapsed time (render-sequence.ts), so starting late at an
// offset shows exactly what an on-time board shows. Abort returns at once; the next item draws over the board.
import type { Slide } from '@tinnguon/protocol';
import type { LedSink } from '../led/led-sink.js';
import { renderSequence, slideAt } from '../led/render-sequence.js';
import type { ImageSource } from '../led/render-types.js';

/** Frame interval while a ticker scrolls (25 fps, what the panels' refresh handles without tearing). */
export const TICKER_FRAME_MS = 40;

export interface LedSize {
  readonly width: number;
  readonly height: number;
}

export interface ShowSlidesOptions {
  readonly sink: LedSink;
  readonly slides: readonly Slide[];
  readonly size: LedSize;
  readonly images?: ImageSource;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly signal: AbortSignal;
  /** How long to show, from the offset. */
  readonly showMs: number;
  readonly startOffsetMs?: number;
}

export async function showSlides(o: ShowSlidesOptions): Promise<{ outcome: 'completed' | 'aborted'; playedMs: number }> {
  const offset = o.startOffsetMs ?? 0;
  const started = o.now();
  const size = { width: o.size.width, height: o.size.height, ...(o.images === undefined ? {} : { images: o.images }) };
  for (;;) {
    const shown = o.now() - started;
    if (o.signal.aborted) return { outcome: 'aborted', playedMs: shown };
    if (shown >= o.showMs) return { outcome: 'completed', playedMs: o.showMs };
    const elapsed = offset + shown;
    await o.sink.show(renderSequence(o.slides, elapsed, size));
    const at = slideAt(o.slides, elapsed);
    const wait = at.slide.type === 'ticker' ? TICKER_FRAME_MS : at.remainingMs;
    try {
      await o.sleep(Math.max(1, Math.min(wait, o.showMs - shown)), o.signal);
    } catch {
      return { outcome: 'aborted', playedMs: o.now() - started };
    }
  }
}

/** An abortable wait on injected timers. Rejects when `signal` aborts. */
export function sleeper(timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void }) {
  return (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        timers.clearTimeout(handle);
        reject(signal.reason as Error);
      };
      const handle = timers.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
}
