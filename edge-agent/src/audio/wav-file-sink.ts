// Writes what would have been played to a WAV file: for field technicians without a speaker attached and for
// listening to exactly what a device produced. Not paced: it takes audio as fast as the disk does.

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { AgentError } from '../errors.js';
import { abortedError } from './abortable.js';
import type { AudioFormat, AudioSink } from './audio-sink.js';
import { WAV_HEADER_BYTES, wavHeader } from './wav-format.js';

export class WavFileSink implements AudioSink {
  readonly path: string;
  #file: FileHandle | undefined;
  #format: AudioFormat = { sampleRate: 0, channels: 0 };
  #dataBytes = 0;
  #stopped = false;
  #pending: Promise<void> = Promise.resolve();

  /** Each `open()` starts `path` afresh; `close()` makes it a complete WAV file. */
  constructor(path: string) {
    this.path = path;
  }

  async open(format: AudioFormat): Promise<void> {
    if (this.#file !== undefined) await this.close();
    try {
      this.#file = await open(this.path, 'w');
      // Sizes stay 0 until close() patches them; a reader that meets such a file treats it as "until end of file".
      await this.#file.write(wavHeader(format, 0));
    } catch (err) {
      throw new AgentError('AGENT_ERR_AUDIO_DRIVER', `cannot write ${this.path}`, { cause: err });
    }
    this.#format = format;
    this.#dataBytes = 0;
    this.#stopped = false;
  }

  async write(pcm: Int16Array, signal: AbortSignal): Promise<void> {
    const file = this.#file;
    if (file === undefined) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'write before open');
    if (this.#stopped) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'write after stop');
    if (signal.aborted) throw abortedError(signal);
    if (pcm.length % this.#format.channels !== 0) throw new AgentError('AGENT_ERR_AUDIO_DRIVER', 'partial frame');
    const bytes = int16leBytes(pcm);
    const written = this.#pending.then(() => file.write(bytes)).then(() => {
      this.#dataBytes += bytes.length;
    });
    this.#pending = written.catch(() => undefined);
    try {
      await written;
    } catch (err) {
      throw new AgentError('AGENT_ERR_AUDIO_DRIVER', `cannot write ${this.path}`, { cause: err });
    }
  }

  /** Nothing is buffered in memory; this only refuses further writes until the next open. */
  stop(): void {
    if (this.#file !== undefined) this.#stopped = true;
  }

  async close(): Promise<void> {
    const file = this.#file;
    if (file === undefined) return;
    this.#file = undefined;
    try {
      await this.#pending;
      await file.write(wavHeader(this.#format, this.#dataBytes), 0, WAV_HEADER_BYTES, 0);
    } catch (err) {
      throw new AgentError('AGENT_ERR_AUDIO_DRIVER', `cannot finish ${this.path}`, { cause: err });
    } finally {
      await file.close();
    }
  }
}

function int16leBytes(pcm: Int16Array): Uint8Array {
  const bytes = new Uint8Array(pcm.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < pcm.length; i++) view.setInt16(2 * i, pcm[i] ?? 0, true);
  return bytes;
}
