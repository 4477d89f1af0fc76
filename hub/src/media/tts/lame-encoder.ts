// WAV → MP3 with the `lame` program. Agents decode MP3 best, and emergency audio must be small (design.md §5):
// speech at 32 kbps mono is about 4 KB per second against 44 KB for espeak-ng's 22.05 kHz WAV.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubError } from '../../errors.js';
import { runProcess } from './run-process.js';
import { excerpt } from './tts-provider.js';

/** Encodes 16-bit PCM WAV bytes to MP3. HUB_ERR_TTS_UNAVAILABLE when no encoder is installed. */
export type Mp3Encoder = (wav: Uint8Array, options?: { signal?: AbortSignal | undefined }) => Promise<Uint8Array>;

export interface LameOptions {
  readonly binary?: string;
  readonly bitrateKbps?: number;
  readonly timeoutMs?: number;
  /** Where the encoder's scratch directory goes; defaults to the OS temp directory. */
  readonly tmpDir?: string;
}

const MAX_MP3_BYTES = 64 * 1024 * 1024;

/**
 * ABR rather than CBR, and a file rather than stdout: lame writes its Xing/LAME tag (encoder delay and padding) only
 * into a seekable file, and at 32 kbps CBR the tag does not fit in a frame. Without the tag decoders play about
 * 70 ms of extra silence and the measured duration is wrong (measured on espeak-ng output, lame 3.100).
 */
export function createLameEncoder(options: LameOptions = {}): Mp3Encoder {
  const binary = options.binary ?? 'lame';
  const bitrate = options.bitrateKbps ?? 32;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (wav, { signal } = {}) => {
    const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'tinnguon-lame-'));
    try {
      const out = join(dir, 'out.mp3');
      const args = ['--quiet', '--abr', String(bitrate), '-m', 'm', '-', out];
      const outcome = await runProcess(binary, args, { input: wav, timeoutMs, maxStdoutBytes: MAX_MP3_BYTES, signal });
      if (outcome.kind === 'not-found') throw new HubError('HUB_ERR_TTS_UNAVAILABLE', `${binary}: ${outcome.errno}`);
      if (outcome.kind === 'timeout') throw new HubError('HUB_ERR_TTS_FAILED', `${binary} timed out`);
      if (outcome.kind === 'output-too-large') throw new HubError('HUB_ERR_TTS_FAILED', `${binary} wrote to stdout`);
      if (outcome.code !== 0) {
        throw new HubError('HUB_ERR_TTS_FAILED', `${binary} exited ${outcome.code}: ${excerpt(outcome.stderr)}`);
      }
      return new Uint8Array(await readFile(out));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
