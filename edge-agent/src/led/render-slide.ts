// The pure LED renderer: (slide, board size, time) → frame. No clock, no I/O and no Node APIs, so the device and
// the console's browser preview produce the same pixels from the same slide (design.md: "LED slides with a
// pixel-true preview").
import type { Slide } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';
import type { Framebuffer } from './framebuffer.js';
import { renderImageSlide } from './render-image.js';
import { renderTextSlide, renderTickerSlide } from './render-text.js';
import { MAX_SCALE, type RenderOptions, type RenderResult } from './render-types.js';

/** Renders a slide and says what did not come out as the author intended (missing glyphs, overflow, images). */
export function renderSlideWithIssues(slide: Slide, opts: RenderOptions): RenderResult {
  if (opts.scale !== undefined && !(Number.isInteger(opts.scale) && opts.scale >= 1 && opts.scale <= MAX_SCALE)) {
    throw new AgentError('AGENT_ERR_LED_RENDER', `scale must be a whole number 1..${MAX_SCALE}, got ${opts.scale}`);
  }
  switch (slide.type) {
    case 'text':
      return renderTextSlide(slide, opts);
    case 'ticker':
      return renderTickerSlide(slide, opts);
    case 'image':
      return renderImageSlide(slide, opts);
    default:
      throw new AgentError('AGENT_ERR_LED_RENDER', `unknown slide type '${(slide as { type?: unknown }).type as string}'`);
  }
}

export function renderSlide(slide: Slide, opts: RenderOptions): Framebuffer {
  return renderSlideWithIssues(slide, opts).frame;
}
