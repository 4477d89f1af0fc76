// A virtual LED board: keeps the frame it was last asked to show, encodes it as PNG on demand ("now showing" for the
// console and heartbeats), and optionally mirrors it to a file for simulators and field technicians. File writes are
// throttled (at most one per `minWriteIntervalMs`, the latest frame always written last) because a ticker renders
// 25+ frames a second and an SD card must not be rewritten at that rate. Writes go to a temporary file and are
// renamed into place, so a reader never sees half a PNG.
import { rename as fsRename, writeFile as fsWriteFile } from 'node:fs/promises';
import { AgentError } from '../errors.js';
import { createFramebuffer, type Framebuffer } from './framebuffer.js';
import type { LedSink } from './led-sink.js';
import { encodePng } from './png-encode.js';

export interface SnapshotFiles {
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export interface SnapshotTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PngSnapshotSinkOptions {
  /** Mirror every shown frame to this PNG file (throttled, atomic). */
  readonly filePath?: string;
  /** Default 1000 ms. */
  readonly minWriteIntervalMs?: number;
  readonly files?: SnapshotFiles;
  readonly timers?: SnapshotTimers;
}

const realFiles: SnapshotFiles = { writeFile: (p, d) => fsWriteFile(p, d), rename: fsRename };
const realTimers: SnapshotTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class PngSnapshotSink implements LedSink {
  /** Frames `show()` was called with. */
  framesShown = 0;
  /** Calls to `clear()`. */
  clears = 0;
  /** PNG files written (renamed into place). */
  filesWritten = 0;
  writeErrors = 0;
  lastWriteError: Error | undefined;

  private frame: Framebuffer | undefined;
  private png: Buffer | undefined;
  private closed = false;
  private dirty = false;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private writing: Promise<void> = Promise.resolve();
  private readonly files: SnapshotFiles;
  private readonly timers: SnapshotTimers;
  private readonly interval: number;

  constructor(private readonly opts: PngSnapshotSinkOptions = {}) {
    this.files = opts.files ?? realFiles;
    this.timers = opts.timers ?? realTimers;
    this.interval = opts.minWriteIntervalMs ?? 1000;
  }

  async show(fb: Framebuffer): Promise<void> {
    this.assertOpen();
    this.frame = { width: fb.width, height: fb.height, pixels: fb.pixels.slice() };
    this.png = undefined;
    this.framesShown++;
    await this.changed();
  }

  async clear(): Promise<void> {
    this.assertOpen();
    this.clears++;
    if (this.frame !== undefined) this.frame = createFramebuffer(this.frame.width, this.frame.height);
    this.png = undefined;
    await this.changed();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty) await this.write();
    await this.writing;
  }

  /** The frame now showing, or undefined before the first `show()`. */
  lastFrame(): Framebuffer | undefined {
    return this.frame;
  }

  /** PNG of the frame now showing, or undefined before the first `show()`. */
  snapshot(): Buffer | undefined {
    if (this.frame === undefined) return undefined;
    this.png ??= encodePng(this.frame);
    return this.png;
  }

  private assertOpen(): void {
    if (this.closed) throw new AgentError('AGENT_ERR_LED_DRIVER', 'the PNG snapshot sink is closed');
  }

  private async changed(): Promise<void> {
    if (this.opts.filePath === undefined) return;
    this.dirty = true;
    const wait = this.lastWriteAt + this.interval - this.timers.now();
    if (wait <= 0) {
      await this.write();
      return;
    }
    // Trailing write: the last frame of a burst reaches the file even if nothing is shown after it.
    this.timer ??= this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, wait);
  }

  private write(): Promise<void> {
    const path = this.opts.filePath;
    const png = this.snapshot();
    if (path === undefined || png === undefined || !this.dirty) return this.writing;
    this.dirty = false;
    this.lastWriteAt = this.timers.now();
    const tmp = `${path}.tmp`;
    this.writing = this.writing.then(async () => {
      try {
        await this.files.writeFile(tmp, png);
        await this.files.rename(tmp, path);
        this.filesWritten++;
      } catch (err) {
        // A full or read-only SD card must not stop the board from showing the bulletin; the count and the
        // error go up in the heartbeat instead.
        this.writeErrors++;
        this.lastWriteError = err instanceof Error ? err : new Error(String(err));
      }
    });
    return this.writing;
  }
}
