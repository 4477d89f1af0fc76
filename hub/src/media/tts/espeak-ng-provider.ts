// Speech from espeak-ng, installed from Debian on the hub. Robotic but offline, free and always there, which is what
// an emergency at 3 a.m. needs when a cloud voice is unreachable.

import { HubError, isHubError } from '../../errors.js';
import { parseWav, repairStreamedWav } from '../wav-header.js';
import type { Mp3Encoder } from './lame-encoder.js';
import { runProcess } from './run-process.js';
import type { TtsAudio, TtsOptions, TtsProvider } from './tts-provider.js';
import { excerpt, prepareTtsText } from './tts-provider.js';

export interface EspeakNgOptions {
  readonly binary?: string;
  /** Voice used when a call names none. */
  readonly defaultVoice?: string;
  /** Voices a caller may ask for (`espeak-ng --voices=vi`). Anything else is refused, never passed on. */
  readonly voices?: readonly string[];
  readonly wordsPerMinute?: number;
  readonly timeoutMs?: number;
  readonly maxTextChars?: number;
  /** Encode to MP3 with this; when it reports HUB_ERR_TTS_UNAVAILABLE (no lame), WAV is returned instead. */
  readonly mp3Encoder?: Mp3Encoder | null;
}

export const VIETNAMESE_VOICES: readonly string[] = ['vi', 'vi-vn-x-central', 'vi-vn-x-south'];

// About 15 minutes of speech at 22.05 kHz mono 16-bit is 40 MB; anything larger is a runaway.
const MAX_WAV_BYTES = 64 * 1024 * 1024;

export class EspeakNgProvider implements TtsProvider {
  readonly name = 'espeak-ng';
  readonly #options: EspeakNgOptions;

  constructor(options: EspeakNgOptions = {}) {
    this.#options = options;
  }

  async synthesize(text: string, options: TtsOptions = {}): Promise<TtsAudio> {
    const o = this.#options;
    const input = prepareTtsText(text, o.maxTextChars ?? 10_000);
    const voice = options.voice ?? o.defaultVoice ?? 'vi';
    const voices = o.voices ?? VIETNAMESE_VOICES;
    if (!voices.includes(voice)) {
      throw new HubError('HUB_ERR_VALIDATION', `unknown voice ${JSON.stringify(voice)}`, { voices });
    }
    const binary = o.binary ?? 'espeak-ng';
    // -b 1: the input is UTF-8, stated rather than left to espeak-ng's build default, since Vietnamese is all
    // diacritics. --stdout: WAV on stdout; the text goes on stdin, never on the command line.
    const args = ['-v', voice, '-s', String(o.wordsPerMinute ?? 150), '-b', '1', '--stdout'];
    const outcome = await runProcess(binary, args, {
      input,
      timeoutMs: o.timeoutMs ?? 60_000,
      maxStdoutBytes: MAX_WAV_BYTES,
      signal: options.signal,
    });
    if (outcome.kind === 'not-found') throw new HubError('HUB_ERR_TTS_UNAVAILABLE', `${binary}: ${outcome.errno}`);
    if (outcome.kind === 'timeout') throw new HubError('HUB_ERR_TTS_FAILED', `${binary} timed out`);
    if (outcome.kind === 'output-too-large') throw new HubError('HUB_ERR_TTS_FAILED', `${binary} output too large`);
    if (outcome.code !== 0) {
      throw new HubError('HUB_ERR_TTS_FAILED', `${binary} exited ${outcome.code}: ${excerpt(outcome.stderr)}`);
    }
    const wav = repairStreamedWav(outcome.stdout);
    if (wav === null) throw new HubError('HUB_ERR_TTS_FAILED', `${binary} did not produce 16-bit PCM WAV`);
    if (!hasSamples(wav)) throw new HubError('HUB_ERR_TTS_FAILED', `${binary} produced no speech`);
    return this.#encode(wav, options.signal);
  }

  async #encode(wav: Uint8Array, signal: AbortSignal | undefined): Promise<TtsAudio> {
    const encoder = this.#options.mp3Encoder;
    if (encoder === undefined || encoder === null) return { bytes: wav, mime: 'audio/wav' };
    try {
      return { bytes: await encoder(wav, { signal }), mime: 'audio/mpeg' };
    } catch (err) {
      if (isHubError(err, 'HUB_ERR_TTS_UNAVAILABLE')) return { bytes: wav, mime: 'audio/wav' };
      throw err;
    }
  }
}

function hasSamples(wav: Uint8Array): boolean {
  const layout = parseWav(wav);
  return layout !== null && layout.dataOffset >= 0 && layout.dataDeclaredBytes >= layout.blockAlign;
}
