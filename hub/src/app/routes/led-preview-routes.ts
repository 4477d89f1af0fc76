// The composer's LED preview (issue 9: "slides with a pixel-true preview at the board's resolution, using the same
// renderer the devices use") and the board sizes to preview at. Rendering happens here, with the agent's own
// renderer and image decoder, rather than in the browser: image slides need the device's PNG decoder (node:zlib) and
// cache lookups, which only run under Node, and the browser then copies RGB bytes into a canvas, which is exact.
import { readFile } from 'node:fs/promises';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { TextSlide, TickerSlide, validate } from '@tinnguon/protocol';
import { subtree } from '../../areas/index.js';
import { AuthoredImageSlide } from '../../bulletins/bulletin-input.js';
import { HubError } from '../../errors.js';
import { lazyRenderer, type LedRenderer } from '../../workflow/led-renderer.js';
import { previewLedSlides } from '../../workflow/led-preview.js';
import type { HubDeps } from '../hub-deps.js';

export interface LedPreviewRouteOptions {
  readonly renderer?: () => Promise<LedRenderer>;
}

/** The agent's own bounds for a PNG board (edge-agent config `led.width`/`led.height`). */
const PreviewBody = Type.Object(
  {
    width: Type.Integer({ minimum: 8, maximum: 2048 }),
    height: Type.Integer({ minimum: 8, maximum: 1024 }),
    slides: Type.Array(Type.Union([AuthoredImageSlide, TextSlide, TickerSlide]), { minItems: 1, maxItems: 50 }),
    times: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 24 * 3600_000 }), { minItems: 1, maxItems: 300 })),
  },
  { additionalProperties: false },
);

/** A board whose size nobody has reported yet previews at the agent's default (edge-agent config). */
export const DEFAULT_BOARD = { width: 128, height: 32 } as const;

/** Slides are a union: Fastify's Ajv would strip fields while trying each branch (see bulletin-routes.ts). */
const typeboxCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => (data: unknown) => {
  const value = httpPart === 'querystring' || httpPart === 'params' ? Value.Convert(schema, data) : data;
  const result = validate(schema, value);
  return result.ok ? { value: result.value } : { error: new HubError('HUB_ERR_VALIDATION', `${httpPart ?? 'request'}: ${result.error.reason}`) };
};

interface BoardRow {
  id: string;
  name: string;
  area_code: string;
  width: number | null;
  height: number | null;
}

export function ledPreviewRoutes(deps: HubDeps, options: LedPreviewRouteOptions = {}) {
  const renderer = options.renderer ?? lazyRenderer();
  const readMedia = async (sha256: string): Promise<Uint8Array | undefined> => {
    try {
      return await readFile(deps.media.path(sha256));
    } catch {
      // Not on disk: the board would show its "missing image" placeholder, and so does the preview.
      return undefined;
    }
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.setValidatorCompiler(typeboxCompiler);

    app.post<{ Body: Static<typeof PreviewBody> }>(
      '/api/led/preview',
      { schema: { body: PreviewBody }, config: { permission: 'media.read', docs: { summary: 'Frames of LED slides at a board size, drawn by the devices’ renderer (RGB, base64)', tags: ['media'] } } },
      async (req) => previewLedSlides(req.body, { renderer: await renderer(), media: deps.mediaRecords, readMedia }),
    );

    app.get(
      '/api/led/boards',
      { config: { permission: 'device.read', docs: { summary: 'LED boards of my area subtree with the size their last snapshot reported', tags: ['devices'] } } },
      async (req) => {
        const root = req.principal?.area ?? null;
        const codes = root === null ? undefined : subtree(await deps.areas.tree(), root);
        const rows = await deps.db.all<BoardRow>(
          `SELECT d.id, d.name, d.area_code, s.width, s.height FROM devices d LEFT JOIN device_snapshots s ON s.device_id = d.id
           WHERE d.kind = 'led' AND d.state = 'active' ${codes === undefined ? '' : `AND d.area_code IN (${codes.map(() => '?').join(',')})`}
           ORDER BY d.area_code, d.name LIMIT 2000`,
          codes ?? [],
        );
        return {
          default: DEFAULT_BOARD,
          boards: rows.map((r) => ({ id: r.id, name: r.name, areaCode: r.area_code, ...(r.width === null || r.height === null ? {} : { width: r.width, height: r.height }) })),
        };
      },
    );
  };
}
