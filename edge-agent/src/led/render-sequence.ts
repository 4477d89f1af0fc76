// A bulletin's slides play in order, each for its durationMs, and loop (content.ts `SlidesContent`). Which slide
// shows is a pure function of the time since the sequence started, so a board that restarts mid-bulletin, or the
// console preview scrubbed to a time, shows exactly what a board started at zero shows at that time.
import type { Slide } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';
import type { Framebuffer } from './framebuffer.js';
import { renderSlide } from './render-slide.js';
import type { RenderSize } from './render-types.js';

export interface SlidePosition {
  readonly index: number;
  readonly slide: Slide;
  /** Time since this slide started showing. */
  readonly slideElapsedMs: number;
  /** Time until the next slide (or the loop) starts. */
  readonly remainingMs: number;
}

/** The slide showing `elapsedMs` after the sequence started. Intervals are [start, end): a boundary starts the next. */
export function slideAt(slides: readonly Slide[], elapsedMs: number): SlidePosition {
  const total = slides.reduce((sum, s) => sum + s.durationMs, 0);
  if (slides.length === 0 || !(total > 0)) throw new AgentError('AGENT_ERR_LED_RENDER', 'a slide sequence needs at least one slide with a duration');
  let t = Math.floor(elapsedMs) % total;
  if (t < 0) t += total;
  for (let index = 0; index < slides.length; index++) {
    const slide = slides[index];
    if (slide === undefined) break;
    if (t < slide.durationMs) return { index, slide, slideElapsedMs: t, remainingMs: slide.durationMs - t };
    t -= slide.durationMs;
  }
  throw new AgentError('AGENT_ERR_LED_RENDER', 'slide durations do not add up');
}

export function renderSequence(slides: readonly Slide[], elapsedMs: number, size: RenderSize): Framebuffer {
  const at = slideAt(slides, elapsedMs);
  return renderSlide(at.slide, { ...size, elapsedMs: at.slideElapsedMs });
}
