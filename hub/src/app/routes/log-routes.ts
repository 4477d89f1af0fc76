// Playback-log queries by area (its whole subtree), device, bulletin and time range (issue 3).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { subtree } from '../../areas/index.js';
import type { HubDeps } from '../hub-deps.js';

const LogQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ maxLength: 32 })),
    device: Type.Optional(Type.String({ maxLength: 64 })),
    bulletin: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    to: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
  },
  { additionalProperties: false },
);

export function logRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: Static<typeof LogQuery> }>(
      '/api/logs',
      {
        schema: { querystring: LogQuery },
        config: { permission: 'report.read', target: { kind: 'area', in: 'query', key: 'area' }, docs: { summary: 'Playback logs by area (default: mine), device, bulletin and time', tags: ['reports'] } },
      },
      async (req) => {
        const q = req.query;
        const where: string[] = [];
        const params: (string | number)[] = [];
        // Without ?area, the caller's own subtree: a commune never reads another commune's logs.
        const area = q.area ?? req.principal?.area ?? undefined;
        if (area !== undefined) {
          const codes = subtree(await deps.areas.tree(), area);
          where.push(`l.device_id IN (SELECT id FROM devices WHERE area_code IN (${codes.map(() => '?').join(',')}))`);
          params.push(...codes);
        }
        const filters: [string, string | number | undefined][] = [
          ['l.device_id = ?', q.device],
          ['l.bulletin_id = ?', q.bulletin],
          ['l.at >= ?', q.from],
          ['l.at < ?', q.to],
        ];
        for (const [clause, value] of filters) {
          if (value === undefined) continue;
          where.push(clause);
          params.push(value);
        }
        const rows = await deps.db.all(
          `SELECT l.device_id AS deviceId, l.seq, l.at, l.event, l.bulletin_id AS bulletinId, l.priority, l.mode, l.slot_at AS slotAt,
                  l.started_at AS startedAt, l.ended_at AS endedAt, l.played_ms AS playedMs, l.reason, l.detail
           FROM playback_logs l ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.at DESC LIMIT ?`,
          [...params, q.limit],
        );
        return { logs: rows };
      },
    );
  };
}
