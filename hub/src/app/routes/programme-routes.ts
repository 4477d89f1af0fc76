// The programme calendar per area and day, and a preview of the coming days, each item with the reason it is where
// it is (issue 6). Computed by the devices' own buildProgramme over what a device in the area would receive.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AreaCode, DeviceKind, isCalendarDate, localDateOf, LocalDate } from '@tinnguon/protocol';
import { HubError } from '../../errors.js';
import { areaProgrammeDays, type ProgrammeSources } from '../../programme/index.js';
import type { HubDeps } from '../hub-deps.js';

const DAY_MS = 24 * 3600_000;
const MAX_PREVIEW_DAYS = 14;

const AreaParams = Type.Object({ code: AreaCode });
const DayQuery = Type.Object(
  { date: Type.Optional(LocalDate), kind: Type.Optional(DeviceKind) },
  { additionalProperties: false },
);
const PreviewQuery = Type.Object(
  { from: Type.Optional(LocalDate), days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PREVIEW_DAYS })), kind: Type.Optional(DeviceKind) },
  { additionalProperties: false },
);

export function programmeRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const docs = (summary: string) => ({ docs: { summary, tags: ['programme'] }, permission: 'programme.read' as const, target: { kind: 'area', in: 'params', key: 'code' } as const });

    /** What dispatch would read right now, so the calendar is what the next manifests make devices do. */
    async function sources(): Promise<ProgrammeSources> {
      const [tree, bulletins, recalled, selections] = await Promise.all([
        deps.areas.tree(), deps.bulletins.published(), deps.bulletins.recalledIds(), deps.bulletins.selections(),
      ]);
      return { tree, bulletins, recalled, selections, now: deps.now(), horizonMs: deps.config.manifestHorizonDays * DAY_MS };
    }

    async function calendar(code: string, kind: DeviceKind | undefined, date: string | undefined, days: number) {
      const src = await sources();
      const node = src.tree.nodes.get(code);
      if (node === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', code);
      if (date !== undefined && !isCalendarDate(date)) throw new HubError('HUB_ERR_VALIDATION', `${date} is not a calendar date`);
      const { timeZone, name } = node.area;
      const first = date ?? localDateOf(src.now, timeZone);
      const chosenKind = kind ?? 'loudspeaker';
      return { area: { code, name, timeZone }, kind: chosenKind, days: areaProgrammeDays(src, code, chosenKind, first, days) };
    }

    app.get<{ Params: Static<typeof AreaParams>; Querystring: Static<typeof DayQuery> }>(
      '/api/areas/:code/programme',
      { schema: { params: AreaParams, querystring: DayQuery }, config: docs('An area’s programme for one local day (default today), as its devices will play it') },
      async (req) => {
        const { area, kind, days } = await calendar(req.params.code, req.query.kind, req.query.date, 1);
        const [day] = days;
        return { area, kind, ...day };
      },
    );

    app.get<{ Params: Static<typeof AreaParams>; Querystring: Static<typeof PreviewQuery> }>(
      '/api/areas/:code/programme/preview',
      { schema: { params: AreaParams, querystring: PreviewQuery }, config: docs('The coming days of an area’s programme, with why each item is where it is') },
      async (req) => calendar(req.params.code, req.query.kind, req.query.from, req.query.days ?? 3),
    );
  };
}
