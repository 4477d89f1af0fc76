// The audit log for officials: entries in their area subtree by time (issue 4), and a verification of the whole chain.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AreaCode } from '@tinnguon/protocol';
import { subtree } from '../areas/index.js';
import type { TrustLayer } from '../authz/trust-layer.js';

const AuditQuery = Type.Object(
  {
    area: Type.Optional(AreaCode),
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    to: Type.Optional(Type.Integer({ minimum: 0 })),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 200 }),
  },
  { additionalProperties: false },
);

export function auditRoutes(trust: TrustLayer) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: Static<typeof AuditQuery> }>(
      '/api/audit',
      {
        schema: { querystring: AuditQuery },
        config: {
          permission: 'audit.read',
          target: { kind: 'area', in: 'query', key: 'area' },
          docs: { summary: 'Audit entries by area (its subtree) and time, newest first', tags: ['audit'] },
        },
      },
      async (req) => {
        const q = req.query;
        const tree = await trust.areas.tree();
        const own = req.principal!.area;
        // A province-level caller sees everything, entries without an area included; anyone else their subtree.
        const root = q.area ?? (own === null || tree.nodes.get(own)?.depth === 0 ? undefined : own);
        const entries = await trust.audit.query({
          ...(root === undefined ? {} : { areas: subtree(tree, root) }),
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
          ...(q.before === undefined ? {} : { beforeSeq: q.before }),
          limit: q.limit,
        });
        return { entries };
      },
    );

    app.get(
      '/api/audit/verify',
      { config: { permission: 'audit.verify', docs: { summary: 'Verify the hash chain; names the first broken link', tags: ['audit'] } } },
      async () => trust.audit.verify(),
    );
  };
}
