// Where frames go (design.md §10: hardware behind small driver interfaces chosen in main.ts). Implementations: the
// HUB75 matrix through `rpi-led-matrix` in a child process, and a PNG snapshot sink for simulators, tests and the
// "now showing" picture in heartbeats.
import type { Framebuffer } from './framebuffer.js';

export interface LedSink {
  /** Shows `fb` on the board; resolves once the frame is on the panel (or recorded). */
  show(fb: Framebuffer): Promise<void>;
  /** Blanks the board (all LEDs off). */
  clear(): Promise<void>;
  /** Releases the driver; the sink cannot be used afterwards. */
  close(): Promise<void>;
}
