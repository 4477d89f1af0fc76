// The "null sink that records timing" of design.md §10: what tests and the simulators' thousands of virtual devices
// play into. It keeps statistics, never the samples, so a long simulation stays within a fixed amount of memory.

import { setTimeout as sleep } from 'node:timers/promises';
import { AgentError } from '../errors.js';
import { abortedError } from './abortable.js';
import { framesToMs, systemClock } from './audio-sink.js';
import type { AudioClock, AudioFormat, AudioSink } from './audio-sink.js';

/** Waits `ms`, rejecting early when `signal` aborts. Simulators inject one driven by their own clock. */
export interface VirtualSinkTimer {
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemTimer: VirtualSinkTimer = { sleep: (ms, signal) => sleep(ms, undefined, { signal }) };

export interface VirtualSinkOptions {
  readonly clock?: AudioClock;
  /** Pace writes and `close()` to real time through `timer`; off by default so tests run at full speed. */
  readonly realtime?: boolean;
  readonly timer?: VirtualSinkTimer;
  /** Audio a paced sink accepts ahead of the listener, like a sound card's buffer. Default 100 ms. */
  readonly leadMs?: number;
  /** Writes kept per playback (totals still count every write). Default 1000. */
  readonly maxRecordedWrites?: number;
  /** Past playbacks kept, oldest dropped first. Default 16. */
  readonly maxPlaybacks?: number;
  /**
   * Compute `peak` and `checksum` over every sample (default true). A simulator fleet turns it off: it reads only
   * timing, and a pass over every sample of a thousand sinks in one process is CPU no loudspeaker spends (bench
   * `emergency`: it delayed other agents' alerts). Off, both stay at their initial values.
   */
  readonly fingerprint?: boolean;
}

export interface VirtualWrite {
  /** When this block starts sounding (clock ms). */
  readonly atMs: number;
  readonly frames: number;
  readonly sampleRate: number;
}

/** One open → close of the sink. */
export interface VirtualPlayback {
  readonly format: AudioFormat;
  readonly openedAtMs: number;
  readonly firstFrameAtMs: number | undefined;
  readonly writes: readonly VirtualWrite[];
  /** Writes beyond `maxRecordedWrites`, counted but not kept. */
  readonly unrecordedWrites: number;
  readonly totalFrames: number;
  readonly durationMs: number;
  /** Largest absolute sample value, 0–32768. */
  readonly peak: number;
  /** FNV-1a over every sample, to tell two renditions apart without keeping them. */
  readonly checksum: number;
  readonly stoppedAtMs: number | undefined;
  readonly closedAtMs: number | undefined;
  /** Writes refused because they came after `stop()`: a caller that keeps writing after preemption is a bug. */
  readonly writesAfterStop: number;
}

type PlaybackRecord = { -readonly [K in keyof VirtualPlayback]: VirtualPlayback[K] } & { writes: VirtualWrite[] };

export class VirtualSink implements AudioSink {
  readonly #clock: AudioClock;
  readonly #realtime: boolean;
  readonly #timer: VirtualSinkTimer;
  readonly #leadMs: number;
  readonly #maxWrites: number;
  readonly #maxPlaybacks: number;
  readonly #fingerprint: boolean;
  readonly #playbacks: PlaybackRecord[] = [];
  #current: PlaybackRecord | undefined;
  #stopper = new AbortController();
  #playheadEndMs = 0;
  /** The play's signal joined with stop(), made once per play rather than per 100 ms write: AbortSignal.any is the
   *  costliest step of a write, which a simulator's thousand sinks in one process pay every block (issue 8). */
  #joined: { readonly signal: AbortSignal; readonly stopper: AbortController; readonly combined: AbortSignal } | undefined;

  constructor(options: VirtualSinkOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#realtime = options.realtime ?? false;
    this.#timer = options.timer ?? systemTimer;
    this.#leadMs = options.leadMs ?? 100;
    this.#maxWrites = options.maxRecordedWrites ?? 1000;
    this.#maxPlaybacks = options.maxPlaybacks ?? 16;
    this.#fingerprint = options.fingerprint ?? true;
  }

  /** Every playback still kept, oldest first. */
  get playbacks(): readonly VirtualPlayback[] {
    return this.#playbacks;
  }

  get last(): VirtualPlayback | undefined {
    return this.#playbacks[this.#playbacks.length - 1];
  }

  /** Whether a stream is open and not stopped: what a heartbeat reports as "playing". */
  get playing(): boolean {
    return this.#current !== undefined && this.#current.stoppedAtMs === undefined;
  }

  open(format: AudioFormat): Promise<void> {
    if (this.#current !== undefined) this.#finish(this.#current);
    const now = this.#clock.now();
    this.#stopper = new AbortController();
    this.#playheadEndMs = now;
    this.#current = {
      format: { sampleRate: format.sampleRate, channels: format.channels },
      openedAtMs: now,
      firstFrameAtMs: undefined,
      writes: [],
      unrecordedWrites: 0,
      totalFrames: 0,
      durationMs: 0,
      peak: 0,
      checksum: 0x811c9dc5,
      stoppedAtMs: undefined,
      closedAtMs: undefined,
      writesAfterStop: 0,
    };
    this.#playbacks.push(this.#current);
    if (this.#playbacks.length > this.#maxPlaybacks) this.#playbacks.shift();
    return Promise.resolve();
  }

  async write(pcm: Int16Array, signal: AbortSignal): Promise<void> {
    const playback = this.#current;
    if (playback === undefined) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'write before open');
    if (playback.stoppedAtMs !== undefined) {
      playback.writesAfterStop++;
      throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'write after stop');
    }
    if (signal.aborted) throw abortedError(signal);
    const { sampleRate, channels } = playback.format;
    if (pcm.length % channels !== 0) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'partial frame');
    const frames = pcm.length / channels;
    const now = this.#clock.now();
    const atMs = this.#realtime ? Math.max(now, this.#playheadEndMs) : now;
    this.#playheadEndMs = atMs + framesToMs(frames, sampleRate);
    record(playback, pcm, { atMs, frames, sampleRate }, this.#maxWrites, this.#fingerprint);
    if (this.#realtime) await this.#waitUntil(this.#playheadEndMs - this.#leadMs, signal);
  }

  stop(): void {
    const playback = this.#current;
    if (playback === undefined || playback.stoppedAtMs !== undefined) return;
    playback.stoppedAtMs = this.#clock.now();
    this.#stopper.abort();
  }

  async close(): Promise<void> {
    const playback = this.#current;
    if (playback === undefined) return;
    if (this.#realtime && playback.stoppedAtMs === undefined) {
      try {
        await this.#waitUntil(this.#playheadEndMs, this.#stopper.signal);
      } catch (err) {
        // stop() during the drain ends it early, which is exactly what stop() is for.
        if (!(err instanceof AgentError && err.code === 'AGENT_ERR_ABORTED')) throw err;
      }
    }
    if (this.#current === playback) this.#finish(playback);
  }

  #finish(playback: PlaybackRecord): void {
    playback.closedAtMs = this.#clock.now();
    this.#current = undefined;
  }

  #combined(signal: AbortSignal): AbortSignal {
    const joined = this.#joined;
    if (joined !== undefined && joined.signal === signal && joined.stopper === this.#stopper) return joined.combined;
    const combined = AbortSignal.any([signal, this.#stopper.signal]);
    this.#joined = { signal, stopper: this.#stopper, combined };
    return combined;
  }

  async #waitUntil(atMs: number, signal: AbortSignal): Promise<void> {
    const combined = this.#combined(signal);
    const waitMs = atMs - this.#clock.now();
    if (combined.aborted) throw abortedError(combined);
    if (waitMs <= 0) return;
    try {
      await this.#timer.sleep(waitMs, combined);
    } catch (err) {
      if (combined.aborted) throw abortedError(combined);
      throw err;
    }
  }
}

function record(playback: PlaybackRecord, pcm: Int16Array, write: VirtualWrite, maxWrites: number, fingerprint: boolean): void {
  playback.firstFrameAtMs ??= write.atMs;
  if (playback.writes.length < maxWrites) playback.writes.push(write);
  else playback.unrecordedWrites++;
  playback.totalFrames += write.frames;
  playback.durationMs = framesToMs(playback.totalFrames, write.sampleRate);
  if (!fingerprint) return;
  let peak = playback.peak;
  let hash = playback.checksum;
  for (let i = 0; i < pcm.length; i++) {
    const sample = pcm[i] ?? 0;
    const magnitude = sample < 0 ? -sample : sample;
    if (magnitude > peak) peak = magnitude;
    hash = Math.imul(hash ^ (sample & 0xffff), 0x01000193) >>> 0;
  }
  playback.peak = peak;
  playback.checksum = hash;
}
