// One speaker worker process as SpeakerSink sees it: what it has acknowledged, and why it is gone once it is.

import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { AgentError } from '../errors.js';
import { abortedError } from './abortable.js';
import { parseFromSpeakerWorker } from './speaker-ipc.js';
import type { FromSpeakerWorker, ToSpeakerWorker } from './speaker-ipc.js';

/**
 * Kept from each end of the worker's stderr for the error message: ALSA and native asserts explain themselves there,
 * the cause usually first and the fatal stack last.
 */
const STDERR_KEEP_CHARS = 300;

export class SpeakerProcess {
  readonly #child: ChildProcess;
  #ready = false;
  #opened = false;
  #drained = false;
  #queuedMs = 0;
  #nextId = 0;
  readonly #inFlight = new Map<number, number>();
  #failure: AgentError | undefined;
  #workerError: string | undefined;
  #stderrHead = '';
  #stderrTail = '';
  #stderrChars = 0;
  readonly #waiters = new Set<() => void>();

  constructor(child: ChildProcess) {
    this.#child = child;
  }

  /** Forks `workerPath` with IPC; `args` reach the worker as process.argv[2…]. */
  static spawn(workerPath: string, args: readonly string[]): SpeakerProcess {
    const child = fork(workerPath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    const proc = new SpeakerProcess(child);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => proc.#keepStderr(text));
    child.on('message', (raw) => proc.#onMessage(raw));
    child.on('error', (err) => proc.#fail(new AgentError('AGENT_ERR_AUDIO_DRIVER', err.message, { cause: err })));
    // 'close' rather than 'exit': by then stderr has been read to the end, so the error says why.
    child.on('close', (code, signal) => proc.#onExit(code, signal));
    return proc;
  }

  get ready(): boolean {
    return this.#ready;
  }

  get opened(): boolean {
    return this.#opened;
  }

  get drained(): boolean {
    return this.#drained;
  }

  /** Audio sent but not yet taken by the driver. */
  get queuedMs(): number {
    return this.#queuedMs;
  }

  /** Why this process can no longer play, once that is so. */
  get failure(): AgentError | undefined {
    return this.#failure;
  }

  send(message: ToSpeakerWorker): void {
    if (this.#failure !== undefined) throw this.#failure;
    this.#child.send(message, (err) => {
      if (err !== null) this.#fail(new AgentError('AGENT_ERR_AUDIO_DRIVER', 'speaker worker unreachable', { cause: err }));
    });
  }

  sendPcm(pcm: Int16Array, durationMs: number): void {
    const id = this.#nextId++;
    // slice(): a view would serialise its whole backing buffer. Host byte order is what the driver expects.
    const data = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength).slice();
    this.send({ type: 'pcm', id, data });
    this.#inFlight.set(id, durationMs);
    this.#queuedMs += durationMs;
  }

  /** Resolves once `condition` holds; rejects with `failure` when the process is gone, or on abort. */
  waitUntil(condition: () => boolean, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (): boolean => {
        const failure = this.#failure;
        if (failure === undefined && !condition() && !signal.aborted) return false;
        this.#waiters.delete(settle);
        signal.removeEventListener('abort', settle);
        if (failure !== undefined) reject(failure);
        else if (signal.aborted) reject(abortedError(signal));
        else resolve();
        return true;
      };
      if (settle()) return;
      this.#waiters.add(settle);
      signal.addEventListener('abort', settle, { once: true });
    });
  }

  /** Ends the process now (SIGKILL: the kernel drops the ALSA buffer with it). Waiters reject with `reason`. */
  kill(reason: AgentError): void {
    this.#fail(reason);
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  #onMessage(raw: unknown): void {
    const message: FromSpeakerWorker | undefined = parseFromSpeakerWorker(raw);
    if (message === undefined) {
      this.kill(new AgentError('AGENT_ERR_AUDIO_DRIVER', 'malformed message from the speaker worker'));
      return;
    }
    switch (message.type) {
      case 'ready':
        this.#ready = true;
        break;
      case 'opened':
        this.#opened = true;
        break;
      case 'drained':
        this.#drained = true;
        break;
      case 'ack':
        this.#queuedMs -= this.#inFlight.get(message.id) ?? 0;
        this.#inFlight.delete(message.id);
        break;
      case 'error':
        // The exit that follows reports it.
        this.#workerError = message.message;
        return;
    }
    this.#notify();
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal === null ? `code ${String(code)}` : signal;
    const gap = this.#stderrChars > 2 * STDERR_KEEP_CHARS ? ' … ' : '';
    const stderr = `${this.#stderrHead}${gap}${this.#stderrTail}`.replace(/\s+/g, ' ').trim();
    const why = [this.#workerError, stderr].filter((s) => s !== undefined && s !== '').join(' | ');
    this.#fail(new AgentError('AGENT_ERR_AUDIO_DRIVER', `speaker worker exited (${how})${why === '' ? '' : `: ${why}`}`));
  }

  #keepStderr(text: string): void {
    this.#stderrChars += text.length;
    const room = Math.max(0, STDERR_KEEP_CHARS - this.#stderrHead.length);
    this.#stderrHead += text.slice(0, room);
    this.#stderrTail = (this.#stderrTail + text.slice(room)).slice(-STDERR_KEEP_CHARS);
  }

  #fail(reason: AgentError): void {
    this.#failure ??= reason;
    this.#notify();
  }

  #notify(): void {
    for (const settle of [...this.#waiters]) settle();
  }
}
