// The audio driver boundary (design.md §10). Everything above this line works on 16-bit PCM; everything below it is
// a real or virtual output chosen in main.ts.

export interface AudioFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

/** A block of decoded audio: signed 16-bit samples, interleaved by channel. */
export interface PcmChunk extends AudioFormat {
  readonly pcm: Int16Array;
}

/**
 * One audio output. A sink plays one stream at a time: `open` → `write`… → `close` (lets buffered audio finish) or
 * `stop` (drops it) and then `close`. After `close` the sink may be opened again.
 */
export interface AudioSink {
  /** Prepares the output for this format. Rejects with AGENT_ERR_AUDIO_DRIVER when the device is unusable. */
  open(format: AudioFormat): Promise<void>;
  /**
   * Queues interleaved PCM (whole frames) and resolves when the sink can take more: a real output paces this to real
   * time, so the caller never buffers more than the sink's small lead. Rejects with AGENT_ERR_ABORTED when `signal`
   * aborts or `stop()` is called while it waits, and with AGENT_ERR_AUDIO_DRIVER when the device fails.
   */
  write(pcm: Int16Array, signal: AbortSignal): Promise<void>;
  /**
   * Silences the output now, dropping everything buffered (design.md §9: preemption never waits for an ALSA buffer
   * to drain). Synchronous so an abort handler can call it. Writes are refused until the next `open`.
   */
  stop(): void;
  /** Ends the stream: waits for buffered audio to play out (at once after `stop`) and releases the device. */
  close(): Promise<void>;
}

/** Milliseconds since the epoch; the agent injects a manual clock in tests and simulators. */
export interface AudioClock {
  now(): number;
}

export const systemClock: AudioClock = { now: () => Date.now() };

export function framesToMs(frames: number, sampleRate: number): number {
  return (frames * 1000) / sampleRate;
}
