// Speech from an HTTP service (a better Vietnamese voice hosted in the provincial data centre, or a vendor's API).
// Contract: POST {"text","voice"} as JSON, answer 200 with MP3 or 16-bit PCM WAV bytes. The answer is sniffed, never
// trusted by its Content-Type.

import { HubError } from '../../errors.js';
import { sniffMedia } from '../sniff-media.js';
import { repairStreamedWav } from '../wav-header.js';
import type { TtsAudio, TtsOptions, TtsProvider } from './tts-provider.js';
import { excerpt, prepareTtsText } from './tts-provider.js';

export interface HttpTtsOptions {
  readonly url: string;
  /** Sent as `Authorization: Bearer …`; never logged or put in an error. */
  readonly token?: string;
  readonly timeoutMs?: number;
  readonly maxTextChars?: number;
  readonly maxResponseBytes?: number;
  readonly name?: string;
  readonly fetch?: typeof fetch;
}

// 502/503/504 mean the service (or its gateway) is down or overloaded, not that it rejected this text.
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

export class HttpTtsProvider implements TtsProvider {
  readonly name: string;
  readonly #options: HttpTtsOptions;

  constructor(options: HttpTtsOptions) {
    this.name = options.name ?? 'http';
    this.#options = options;
  }

  async synthesize(text: string, options: TtsOptions = {}): Promise<TtsAudio> {
    const o = this.#options;
    const input = prepareTtsText(text, o.maxTextChars ?? 10_000);
    const timeoutMs = o.timeoutMs ?? 30_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'audio/mpeg, audio/wav',
    };
    if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
    try {
      const response = await (o.fetch ?? fetch)(o.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ text: input, voice: options.voice }),
        signal,
      });
      if (!response.ok) {
        const body = excerpt(await response.text().catch(() => ''), 200);
        const code = UNAVAILABLE_STATUSES.has(response.status) ? 'HUB_ERR_TTS_UNAVAILABLE' : 'HUB_ERR_TTS_FAILED';
        throw new HubError(code, `HTTP ${response.status}${body === '' ? '' : `: ${body}`}`, { status: response.status });
      }
      return toAudio(await readLimited(response, o.maxResponseBytes ?? 64 * 1024 * 1024));
    } catch (err) {
      if (options.signal?.aborted === true) throw options.signal.reason;
      if (err instanceof HubError) throw err;
      if (timeout.aborted) throw new HubError('HUB_ERR_TTS_UNAVAILABLE', `no answer within ${timeoutMs} ms`);
      throw new HubError('HUB_ERR_TTS_UNAVAILABLE', describeFetchFailure(err));
    }
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new HubError('HUB_ERR_TTS_FAILED', `answer of ${declared} bytes is too large`);
  if (response.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new HubError('HUB_ERR_TTS_FAILED', `answer is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function toAudio(bytes: Uint8Array): TtsAudio {
  const sniffed = sniffMedia(bytes);
  if (sniffed?.mime === 'audio/mpeg') return { bytes, mime: 'audio/mpeg' };
  if (sniffed?.mime === 'audio/wav') {
    const wav = repairStreamedWav(bytes);
    if (wav !== null) return { bytes: wav, mime: 'audio/wav' };
  }
  throw new HubError('HUB_ERR_TTS_FAILED', `answer is ${sniffed?.mime ?? 'not audio we can play'}`);
}

/** undici wraps the socket error as `cause`; its code (ECONNREFUSED, ENOTFOUND…) is what an operator needs. */
function describeFetchFailure(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
}
