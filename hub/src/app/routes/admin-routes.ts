// Administration helpers for the console (issue 9): a dry run of the area CSV import, the operating windows in force
// for an area and where they come from, and an audit search by who and what as well as where and when. All only
// read; changes stay on the existing routes (POST /api/areas/import, PUT /api/areas/:code/windows/:kind).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AreaCode } from '@tinnguon/protocol';
import { previewAreaImport } from '../../admin/area-import-preview.js';
import { searchAudit } from '../../admin/audit-search.js';
import { windowsInForce } from '../../admin/windows-in-force.js';
import { subtree } from '../../areas/index.js';
import { HubError } from '../../errors.js';
import type { HubDeps } from '../hub-deps.js';

const AreaParams = Type.Object({ code: AreaCode });
const AuditSearchQuery = Type.Object(
  {
    area: Type.Optional(AreaCode),
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    to: Type.Optional(Type.Integer({ minimum: 0 })),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    actor: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 120 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

export function adminRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // Encapsulated: the area routes' own text/csv parser does not reach this plugin.
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));

    app.post(
      '/api/areas/import/preview',
      { config: { permission: 'area.manage', docs: { summary: 'Dry run of the CSV import: every line as new, changed or unchanged, every problem by line', tags: ['areas'] } } },
      async (req) => {
        if (typeof req.body !== 'string') throw new HubError('HUB_ERR_VALIDATION', 'send the CSV as text/csv');
        return previewAreaImport(req.body, await deps.areas.list());
      },
    );

    app.get<{ Params: Static<typeof AreaParams> }>(
      '/api/areas/:code/windows',
      {
        schema: { params: AreaParams },
        config: { permission: 'area.read', target: { kind: 'area', in: 'params', key: 'code' }, docs: { summary: 'Operating windows in force per device kind (Điều 10), own or inherited, and from where', tags: ['areas'] } },
      },
      async (req) => {
        const tree = await deps.areas.tree();
        const node = tree.nodes.get(req.params.code);
        if (node === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', req.params.code);
        return { area: { code: node.area.code, name: node.area.name, timeZone: node.area.timeZone }, kinds: windowsInForce(tree, req.params.code) };
      },
    );

    app.get<{ Querystring: Static<typeof AuditSearchQuery> }>(
      '/api/audit/search',
      {
        schema: { querystring: AuditSearchQuery },
        config: { permission: 'audit.read', target: { kind: 'area', in: 'query', key: 'area' }, docs: { summary: 'Audit entries by area, time, actor and action, newest first, paged by seq', tags: ['audit'] } },
      },
      async (req) => {
        const q = req.query;
        const tree = await deps.areas.tree();
        const own = req.principal!.area;
        // As GET /api/audit: the province sees everything (entries without an area too), anyone else their subtree.
        const root = q.area ?? (own === null || tree.nodes.get(own)?.depth === 0 ? undefined : own);
        if (root !== undefined && !tree.nodes.has(root)) throw new HubError('HUB_ERR_AREA_UNKNOWN', root);
        return searchAudit(deps.trust!.audit, {
          ...(root === undefined ? {} : { areas: subtree(tree, root) }),
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
          ...(q.before === undefined ? {} : { beforeSeq: q.before }),
          ...(q.actor === undefined ? {} : { actor: q.actor }),
          ...(q.action === undefined ? {} : { action: q.action }),
          limit: q.limit,
        });
      },
    );
  };
}
