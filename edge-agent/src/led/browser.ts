// The browser-safe half of the LED path: font, layout and the pure renderer, with no Node APIs, for the console's
// pixel-true preview. The device imports the same modules, so both draw identical pixels.
export { BLACK, blit, createFramebuffer, fillFramebuffer, fillRect, framesEqual, getPixel, parseColour, setPixel } from './framebuffer.js';
export type { Framebuffer, Rgb } from './framebuffer.js';
export { segmentText, uncoveredCharacters } from './font/font.js';
export type { Cluster } from './font/font.js';
export { CELL_HEIGHT } from './font/metrics.js';
export { measureText } from './text-layout.js';
export type { TextMeasure } from './text-layout.js';
export { renderSlide, renderSlideWithIssues } from './render-slide.js';
export { renderSequence, slideAt } from './render-sequence.js';
export type { SlidePosition } from './render-sequence.js';
export { tickerOffset } from './render-text.js';
export { LABEL_MISSING, LABEL_UNSUPPORTED } from './render-image.js';
export { DEFAULT_BACKGROUND, DEFAULT_TEXT_COLOUR, MAX_SCALE } from './render-types.js';
export type { ImageSource, RenderIssue, RenderOptions, RenderResult, RenderSize, RgbImage } from './render-types.js';
export { crc32 } from './crc32.js';
