// Streams one stored media file with Range, If-Range and If-None-Match (RFC 9110), for devices and officials alike.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../../errors.js';
import { planMediaResponse } from '../../media/index.js';
import type { HubDeps } from '../hub-deps.js';

export async function serveMedia(deps: HubDeps, sha256: string, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const record = await deps.mediaRecords.get(sha256);
  if (record === undefined) throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', sha256);
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const plan = planMediaResponse(record, { range: header('range'), ifRange: header('if-range'), ifNoneMatch: header('if-none-match') });
  reply.status(plan.status).headers(plan.headers);
  if (plan.status === 416) throw new HubError('HUB_ERR_RANGE');
  if (plan.status === 304 || req.method === 'HEAD') return reply.send();
  return reply.send(await deps.media.open(sha256, plan.range));
}
