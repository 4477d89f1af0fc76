// Shapes shared by the pure renderer's modules.
import type { Framebuffer } from './framebuffer.js';

/** A decoded picture: same layout as a frame (RGB, 3 bytes per pixel). */
export type RgbImage = Framebuffer;

/**
 * Looks up a decoded image by the SHA-256 its MediaRef names. `undefined` means not in the cache (yet);
 * `{ error }` means the bytes are there but cannot be shown (corrupt, or a format the board does not decode).
 */
export type ImageSource = (sha256: string) => RgbImage | { readonly error: string } | undefined;

export interface RenderSize {
  readonly width: number;
  readonly height: number;
  readonly images?: ImageSource;
  /**
   * Pixel scale of the font (1 = 16-row lines, 2 = 32-row lines, …). Omitted: text slides take the largest scale
   * up to 4 at which the text fits without cutting a word, tickers the largest that fits the height.
   */
  readonly scale?: number;
}

export interface RenderOptions extends RenderSize {
  /** Time since the slide started showing; drives ticker scrolling. */
  readonly elapsedMs: number;
}

/** Something an official composing the slide needs to know: the board shows it, but not as intended. */
export type RenderIssue =
  | { readonly kind: 'missingGlyphs'; readonly chars: readonly string[] }
  | { readonly kind: 'textOverflow'; readonly shownLines: number; readonly totalLines: number }
  | { readonly kind: 'imageMissing'; readonly sha256: string }
  | { readonly kind: 'imageUnsupported'; readonly sha256: string; readonly reason: string };

export interface RenderResult {
  readonly frame: Framebuffer;
  readonly issues: readonly RenderIssue[];
}

export const DEFAULT_TEXT_COLOUR = '#ffcc00';
export const DEFAULT_BACKGROUND = '#000000';
export const MAX_SCALE = 4;
