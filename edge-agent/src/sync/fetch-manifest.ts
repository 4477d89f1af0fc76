// GET the signed manifest over HTTP (design.md §3: manifests and media go over HTTP; MQTT only rings the doorbell).
import { HTTP_PATHS, MAX_MANIFEST_BYTES, parseJsonBytes } from '@tinnguon/protocol';
import type { FetchLike, HttpResponse } from '../cache/download-media.js';
import { AgentError } from '../errors.js';

export interface ManifestRequest {
  readonly hubUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  readonly signal?: AbortSignal;
  /** A hub that accepts the connection and never answers must not hold the sync forever. Default 30 s. */
  readonly timeoutMs?: number;
}

/** Resolves with the parsed JSON (not yet verified). Rejects AGENT_ERR_MANIFEST. */
export async function fetchManifest(request: ManifestRequest): Promise<unknown> {
  const url = new URL(HTTP_PATHS.manifest, request.hubUrl).toString();
  const timeout = AbortSignal.timeout(request.timeoutMs ?? 30_000);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
  let response: HttpResponse;
  try {
    response = await request.fetch(url, { headers: { ...request.headers, accept: 'application/json' }, signal });
  } catch (err) {
    throw new AgentError('AGENT_ERR_MANIFEST', `GET ${url}: ${(err as Error).message}`, { cause: err });
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new AgentError('AGENT_ERR_MANIFEST', `GET ${url}: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_MANIFEST_BYTES) {
    await response.body.cancel();
    throw new AgentError('AGENT_ERR_MANIFEST', `manifest of ${declared} bytes exceeds ${MAX_MANIFEST_BYTES}`);
  }
  // Read with a bound, so a broken or hostile server cannot fill memory.
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > MAX_MANIFEST_BYTES) throw new AgentError('AGENT_ERR_MANIFEST', `manifest exceeds ${MAX_MANIFEST_BYTES} bytes`);
    chunks.push(chunk);
  }
  const parsed = parseJsonBytes(Buffer.concat(chunks), MAX_MANIFEST_BYTES);
  if (!parsed.ok) throw new AgentError('AGENT_ERR_MANIFEST', parsed.error.reason);
  return parsed.value;
}

export function basicAuthHeader(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}
