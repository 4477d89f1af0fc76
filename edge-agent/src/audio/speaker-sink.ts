// The real loudspeaker output: the native `speaker` package (ALSA on the Pi), run in a child process per stream
// (design.md §10). `speaker` aborts the whole process when there is no sound card, so it never runs in the agent.
//
// stop() is SIGKILL: the kernel drops the ALSA buffer when the device is released, which is the only way to silence
// it at once (design.md §9), and a worker stuck in a blocking native write cannot ignore it. The next open() forks a
// fresh worker; a worker that died the same way is replaced just as lazily.

import { fileURLToPath } from 'node:url';
import { AgentError } from '../errors.js';
import { abortedError } from './abortable.js';
import { framesToMs } from './audio-sink.js';
import type { AudioFormat, AudioSink } from './audio-sink.js';
import { SpeakerProcess } from './speaker-process.js';

const here = import.meta.url;
/** The worker next to this module (its .ts source when running from source under a TypeScript loader). */
export const SPEAKER_WORKER_PATH = fileURLToPath(new URL(here.endsWith('.ts') ? './speaker-worker.ts' : './speaker-worker.js', here));

/** After the audio itself, how long a drain may take before the worker is declared stuck. */
const DRAIN_GRACE_MS = 5000;

export interface SpeakerSinkOptions {
  /** ALSA device, e.g. 'plughw:1,0' for a USB card; the system default when absent. */
  readonly device?: string;
  /** Audio sent ahead of what the driver has taken. Small, because a stop() throws it away. Default 200 ms. */
  readonly maxQueuedMs?: number;
  /** Longest wait for a worker to load the driver and open the device. Default 15 s (node on a Pi 3 is slow). */
  readonly startTimeoutMs?: number;
  /** Worker script; tests inject one that crashes. */
  readonly workerPath?: string;
  /** Module the worker loads as the driver. Default 'speaker'; tests inject a fake. */
  readonly speakerModule?: string;
}

export class SpeakerSink implements AudioSink {
  readonly #options: SpeakerSinkOptions;
  #process: SpeakerProcess | undefined;
  #format: AudioFormat = { sampleRate: 0, channels: 0 };
  #stopped = false;

  constructor(options: SpeakerSinkOptions = {}) {
    this.#options = options;
  }

  async open(format: AudioFormat): Promise<void> {
    this.#process?.kill(new AgentError('AGENT_ERR_ABORTED', 'reopened'));
    const { workerPath = SPEAKER_WORKER_PATH, speakerModule = 'speaker', startTimeoutMs = 15_000, device } = this.#options;
    const proc = SpeakerProcess.spawn(workerPath, [speakerModule]);
    this.#process = proc;
    this.#format = format;
    this.#stopped = false;
    const timeout = AbortSignal.timeout(Math.ceil(startTimeoutMs));
    try {
      await proc.waitUntil(() => proc.ready, timeout);
      proc.send({ type: 'open', sampleRate: format.sampleRate, channels: format.channels, ...(device === undefined ? {} : { device }) });
      await proc.waitUntil(() => proc.opened, timeout);
    } catch (err) {
      const late = timeout.aborted && proc.failure === undefined;
      proc.kill(new AgentError('AGENT_ERR_AUDIO_DRIVER', 'open failed'));
      if (this.#process === proc) this.#process = undefined;
      if (late) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', `speaker worker not ready within ${startTimeoutMs} ms`);
      throw err;
    }
  }

  async write(pcm: Int16Array, signal: AbortSignal): Promise<void> {
    const proc = this.#process;
    if (proc === undefined) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'write before open');
    if (this.#stopped) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'write after stop');
    if (signal.aborted) throw abortedError(signal);
    const { channels, sampleRate } = this.#format;
    if (pcm.length % channels !== 0) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'partial frame');
    proc.sendPcm(pcm, framesToMs(pcm.length / channels, sampleRate));
    const maxQueuedMs = this.#options.maxQueuedMs ?? 200;
    await proc.waitUntil(() => proc.queuedMs <= maxQueuedMs, signal);
  }

  stop(): void {
    if (this.#process === undefined || this.#stopped) return;
    this.#stopped = true;
    this.#process.kill(new AgentError('AGENT_ERR_ABORTED', 'speaker stopped'));
  }

  async close(): Promise<void> {
    const proc = this.#process;
    if (proc === undefined) return;
    const timeout = AbortSignal.timeout(Math.ceil(proc.queuedMs) + DRAIN_GRACE_MS);
    try {
      // Stopped or crashed: nothing is left to play, and a crash was already reported by the write it broke.
      if (proc.failure !== undefined) return;
      proc.send({ type: 'drain' });
      await proc.waitUntil(() => proc.drained, timeout);
    } catch (err) {
      if (this.#stopped) return; // stop() during the drain
      if (timeout.aborted) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'speaker worker did not drain');
      throw err;
    } finally {
      proc.kill(new AgentError('AGENT_ERR_ABORTED', 'closed'));
      if (this.#process === proc) this.#process = undefined;
    }
  }
}
