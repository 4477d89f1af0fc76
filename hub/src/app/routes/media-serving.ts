// Serves one stored media file with Range, If-Range and If-None-Match (RFC 9110), for devices and officials alike.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../../errors.js';
import { planMediaResponse } from '../../media/index.js';
import type { MediaBytesCache } from '../../media-cache/media-bytes-cache.js';
import type { HubDeps } from '../hub-deps.js';

/**
 * With `bytes`, a file small enough to hold is answered from memory (a 206 is a zero-copy slice of it); anything else
 * is streamed from the store. Headers and status come from planMediaResponse either way.
 */
export async function serveMedia(
  deps: HubDeps,
  sha256: string,
  req: FastifyRequest,
  reply: FastifyReply,
  bytes?: MediaBytesCache,
): Promise<FastifyReply> {
  const record = await deps.mediaRecords.get(sha256);
  if (record === undefined) throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', sha256);
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const plan = planMediaResponse(record, { range: header('range'), ifRange: header('if-range'), ifNoneMatch: header('if-none-match') });
  reply.status(plan.status).headers(plan.headers);
  if (plan.status === 416) throw new HubError('HUB_ERR_RANGE');
  if (plan.status === 304) return reply.send();
  // Fastify's HEAD twin of a GET sets Content-Length: 0 for an empty reply but keeps ours for a stream (RFC 9110
  // §9.3.2: HEAD answers with the GET's header fields). An empty stream reads nothing from disk.
  if (req.method === 'HEAD') return reply.send(Readable.from([]));
  const held = bytes === undefined ? undefined : await bytes.get(sha256, record.bytes);
  if (held !== undefined) return reply.send(plan.range === null ? held : held.subarray(plan.range.start, plan.range.end + 1));
  return reply.send(await deps.media.open(sha256, plan.range));
}
