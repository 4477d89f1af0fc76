// The agent's HTTP client (manifests, media, snapshots) on node:http. Node's global fetch loads undici on first use —
// about 10 MiB of the agent's resident memory on a device whose budget is 80 MiB (issue 8) — for three kinds of
// request to one hub. Redirects are not followed and no compression is asked for: the hub serves its device API
// directly, and a 3xx is an error like any other non-2xx.
import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { FetchLike, HttpResponse } from '../cache/download-media.js';

type RequestFn = (url: URL, options: RequestOptions, callback: (res: IncomingMessage) => void) => ReturnType<typeof httpRequest>;

/** Resolves once the status and headers are in; the body streams. Rejects like fetch: a TypeError when the hub cannot
 *  be reached, the signal's reason (an AbortError) on abort. */
export const nodeHttpFetch: FetchLike = async (url, init) => {
  const target = new URL(url);
  let send: RequestFn;
  if (target.protocol === 'http:') send = httpRequest;
  else if (target.protocol === 'https:') send = (await import('node:https')).request;
  else throw new TypeError(`unsupported protocol ${target.protocol}`);
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = String(init.body.byteLength);
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = send(target, { method: init.method ?? 'GET', headers, ...(init.signal === undefined ? {} : { signal: init.signal }) }, (res) =>
      resolve(toResponse(res, init.signal)),
    );
    // `on`, not `once`: a socket error after the response has begun is the body's to report, and must not be unhandled.
    req.on('error', (err) => reject(err.name === 'AbortError' ? err : new TypeError(`fetch failed: ${err.message}`, { cause: err })));
    req.end(init.body === undefined ? undefined : Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength));
  });
};

function toResponse(res: IncomingMessage, signal: AbortSignal | undefined): HttpResponse {
  const status = res.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name) {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    body: {
      [Symbol.asyncIterator]: () => bodyOf(res, signal),
      cancel: () => {
        res.destroy();
        return Promise.resolve();
      },
    },
    async text() {
      const chunks: Uint8Array[] = [];
      for await (const chunk of bodyOf(res, signal)) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** The body's chunks; an abort mid-body rejects with the signal's reason (an AbortError), as fetch does, not with the
 *  socket's "aborted". */
async function* bodyOf(res: IncomingMessage, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array, void> {
  try {
    for await (const chunk of res) yield chunk as Buffer;
  } catch (err) {
    if (signal?.aborted === true) throw signal.reason;
    throw err;
  }
}
