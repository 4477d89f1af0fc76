// Areas (địa bàn): the tree, CSV import, operating windows (Điều 10) and broadcast caps (issue 6, e.g. Hà Nội).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DeviceKind, OperatingWindow } from '@tinnguon/protocol';
import { subtree, validateCaps } from '../../areas/index.js';
import { HubError } from '../../errors.js';
import type { HubDeps } from '../hub-deps.js';

const WindowsBody = Type.Object({ windows: Type.Union([Type.Array(OperatingWindow, { maxItems: 12 }), Type.Null()]) }, { additionalProperties: false });
const WindowsParams = Type.Object({ code: Type.String({ maxLength: 32 }), kind: DeviceKind });
// Fields are checked by validateCaps, so a wrong one is refused with HUB_ERR_CAPS_INVALID naming it rather than
// silently dropped or coerced by the schema layer.
const CapsBody = Type.Object(
  {
    caps: Type.Union([
      Type.Object({}, { additionalProperties: true, description: '{ sessionsPerDay?: 1–12, minutesPerSession?: 1–600 }; {} means no caps' }),
      Type.Null({ description: 'inherit the parent area’s caps' }),
    ]),
  },
  { additionalProperties: false },
);

export function areaRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));

    app.get('/api/areas', { config: { permission: 'area.read', docs: { summary: 'The areas of my subtree with their windows and caps', tags: ['areas'] } } }, async (req) => {
      const all = await deps.areas.list();
      const root = req.principal?.area ?? null;
      if (root === null) return { areas: all };
      const mine = new Set(subtree(await deps.areas.tree(), root));
      return { areas: all.filter((a) => mine.has(a.code)) };
    });

    app.post('/api/areas/import', { config: { permission: 'area.manage', docs: { summary: 'Import areas from CSV (code,name,parent_code,time_zone)', tags: ['areas'] } } }, async (req) => {
      if (typeof req.body !== 'string') throw new HubError('HUB_ERR_VALIDATION', 'send the CSV as text/csv');
      return deps.areas.importCsv(req.body);
    });

    app.put<{ Params: Static<typeof WindowsParams>; Body: Static<typeof WindowsBody> }>(
      '/api/areas/:code/windows/:kind',
      {
        schema: { params: WindowsParams, body: WindowsBody },
        config: { permission: 'area.windows', target: { kind: 'area', in: 'params', key: 'code' }, docs: { summary: 'Override (or with null, inherit) an area’s operating windows', tags: ['areas'] } },
      },
      async (req) => {
        if ((await deps.areas.get(req.params.code)) === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', req.params.code);
        await deps.areas.setWindows(req.params.code, req.params.kind, req.body.windows);
        await deps.dispatcher.refresh();
        return { ok: true };
      },
    );

    // The same permission and scope as the windows: both are the area's broadcasting hours (Điều 10, "theo quy định
    // của địa phương"). Audited by the trust layer with the area as it was before.
    app.put<{ Params: Static<typeof WindowsParams>; Body: Static<typeof CapsBody> }>(
      '/api/areas/:code/caps/:kind',
      {
        schema: { params: WindowsParams, body: CapsBody },
        config: { permission: 'area.windows', target: { kind: 'area', in: 'params', key: 'code' }, docs: { summary: 'Cap (or with null, inherit) an area’s sessions per day and minutes per session', tags: ['areas'] } },
      },
      async (req) => {
        if ((await deps.areas.get(req.params.code)) === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', req.params.code);
        const caps = req.body.caps === null ? null : validateCaps(req.body.caps);
        await deps.areas.setCaps(req.params.code, req.params.kind, caps);
        await deps.dispatcher.refresh();
        return { ok: true, caps };
      },
    );
  };
}
