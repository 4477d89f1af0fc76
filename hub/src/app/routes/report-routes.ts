// Reports for officials (issue 9): playback per area, bulletin, device and day, and device availability, as JSON for
// the console and as CSV or XLSX downloads. Each covers the subtree of ?area (default: the caller's own area); the
// guard refuses an area outside the caller's subtree (report.read, subtree scope), so a commune reads only itself.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AreaCode, LocalDate } from '@tinnguon/protocol';
import { HubError } from '../../errors.js';
import {
  AVAILABILITY_TABLES, PLAYBACK_TABLES, ReportService, availabilitySheet, csvFromSheet, playbackSheet, xlsxWorkbook,
  type ReportLang, type Sheet,
} from '../../reports/index.js';
import type { HubDeps } from '../hub-deps.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const RangeFields = { area: Type.Optional(AreaCode), from: Type.Optional(LocalDate), to: Type.Optional(LocalDate) };
const ExportFields = { format: literals(['csv', 'xlsx'] as const), lang: Type.Optional(literals(['vi', 'en'] as const)) };
const Bulletin = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));

const PlaybackQuery = Type.Object({ ...RangeFields, bulletin: Bulletin }, { additionalProperties: false });
const AvailabilityQuery = Type.Object(RangeFields, { additionalProperties: false });
const PlaybackExport = Type.Object({ ...RangeFields, bulletin: Bulletin, ...ExportFields, table: Type.Optional(literals(PLAYBACK_TABLES)) }, { additionalProperties: false });
const AvailabilityExport = Type.Object({ ...RangeFields, ...ExportFields, table: Type.Optional(literals(AVAILABILITY_TABLES)) }, { additionalProperties: false });

const TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export function reportRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const reports = new ReportService({ db: deps.db, areas: deps.areas, now: deps.now });
    const config = (summary: string) => ({
      permission: 'report.read' as const,
      target: { kind: 'area', in: 'query', key: 'area' } as const,
      docs: { summary, tags: ['reports'] },
    });

    /** ?area, else the caller's own area; the break-glass token (whole tree) gets the first root. */
    async function areaOf(req: FastifyRequest, given: string | undefined): Promise<string> {
      const own = given ?? req.principal?.area ?? (await deps.areas.tree()).roots[0];
      if (own === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', 'no areas yet');
      return own;
    }

    function send(reply: FastifyReply, name: string, format: 'csv' | 'xlsx', sheets: readonly Sheet[]) {
      const body = format === 'csv' ? csvFromSheet(sheets[0]!) : xlsxWorkbook(sheets, new Date(deps.now()));
      return reply
        .header('content-type', TYPES[format])
        .header('content-disposition', `attachment; filename="${name}.${format}"`)
        // A report names devices and bulletins of the caller's area: no shared cache may keep a copy.
        .header('cache-control', 'private, no-store')
        .send(body);
    }

    const fileName = (kind: string, r: { area: { code: string }; fromDate: string; toDate: string }) => `${kind}-${r.area.code}-${r.fromDate}-${r.toDate}`;

    app.get<{ Querystring: Static<typeof PlaybackQuery> }>(
      '/api/reports/playback',
      { schema: { querystring: PlaybackQuery }, config: config('Playback per area, bulletin, device and day over a date range (default: the last 7 days)') },
      async (req) => reports.playback({ ...req.query, area: await areaOf(req, req.query.area) }),
    );

    app.get<{ Querystring: Static<typeof AvailabilityQuery> }>(
      '/api/reports/availability',
      { schema: { querystring: AvailabilityQuery }, config: config('Share of time each device was online, per area, device and day') },
      async (req) => reports.availability({ ...req.query, area: await areaOf(req, req.query.area) }),
    );

    app.get<{ Querystring: Static<typeof PlaybackExport> }>(
      '/api/reports/playback/export',
      { schema: { querystring: PlaybackExport }, config: config('Playback report as CSV (one table) or XLSX (every table, one sheet each)') },
      async (req, reply) => {
        const { format, table, lang, ...query } = req.query;
        const report = await reports.playback({ ...query, area: await areaOf(req, query.area) });
        const tables = format === 'csv' ? [table ?? 'area'] : table === undefined ? PLAYBACK_TABLES : [table];
        const language: ReportLang = lang ?? 'vi';
        return send(reply, fileName('bao-cao-phat', report), format, tables.map((t) => playbackSheet(report, t, language)));
      },
    );

    app.get<{ Querystring: Static<typeof AvailabilityExport> }>(
      '/api/reports/availability/export',
      { schema: { querystring: AvailabilityExport }, config: config('Availability report as CSV (one table) or XLSX (every table)') },
      async (req, reply) => {
        const { format, table, lang, ...query } = req.query;
        const report = await reports.availability({ ...query, area: await areaOf(req, query.area) });
        const tables = format === 'csv' ? [table ?? 'area'] : table === undefined ? AVAILABILITY_TABLES : [table];
        const language: ReportLang = lang ?? 'vi';
        return send(reply, fileName('kha-dung-thiet-bi', report), format, tables.map((t) => availabilitySheet(report, t, language)));
      },
    );
  };
}
