// "Now showing" (issue 5): an LED board answers the snapshot command by uploading the PNG of its current frame;
// officials see the latest one on the device's page. The board's own credentials (HTTP Basic) upload, and only for
// itself; reading follows the device's area like every other device read.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { HTTP_PATHS } from '@tinnguon/protocol';
import { SnapshotStore } from '../../devices/snapshot-store.js';
import { HubError } from '../../errors.js';
import { probeMedia } from '../../media/index.js';
import { authenticateDevice } from '../auth.js';
import type { HubDeps } from '../hub-deps.js';

/** Far above any HUB75 chain we drive (a 256×128 frame of text compresses to a few KB), far below a nuisance. */
export const SNAPSHOT_MAX_BYTES = 256 * 1024;
/** The widest LED board we support is 4 × 64 px panels by 2 rows; a frame beyond this is not a board's frame. */
const MAX_SIDE_PX = 1024;

const IdParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 64 }) });

export function snapshotRoutes(deps: HubDeps) {
  const store = new SnapshotStore(deps.db);
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser('image/png', { parseAs: 'buffer', bodyLimit: SNAPSHOT_MAX_BYTES }, (_req, body, done) => done(null, body));

    app.post(
      HTTP_PATHS.snapshot,
      { bodyLimit: SNAPSHOT_MAX_BYTES, config: { permission: 'device', docs: { summary: 'An LED board uploads the PNG of what it shows now', tags: ['device link'] } } },
      async (req) => {
        const device = await authenticateDevice(req, deps.devices);
        if (device.kind !== 'led') throw new HubError('HUB_ERR_SNAPSHOT_REFUSED', 'a loudspeaker cluster has no screen');
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HubError('HUB_ERR_MEDIA_UNSUPPORTED', 'send the PNG as the body, Content-Type image/png');
        const probe = await probeMedia(req.body);
        if (probe.mime !== 'image/png') throw new HubError('HUB_ERR_MEDIA_MISLABELLED', `${probe.mime} sent as image/png`);
        const { width = 0, height = 0 } = probe;
        if (width > MAX_SIDE_PX || height > MAX_SIDE_PX) throw new HubError('HUB_ERR_SNAPSHOT_REFUSED', `${width}×${height} is larger than any LED board`);
        await store.put({ deviceId: device.id, png: req.body, width, height, takenAt: deps.now() });
        return { ok: true, bytes: req.body.length, width, height };
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/api/devices/:id/snapshot',
      {
        schema: { params: IdParams },
        config: { permission: 'device.read', target: { kind: 'device', param: 'id' }, docs: { summary: 'The latest "now showing" PNG of an LED board', tags: ['devices'] } },
      },
      async (req, reply) => {
        const snapshot = await store.get(req.params.id);
        if (snapshot === undefined) throw new HubError('HUB_ERR_SNAPSHOT_NONE', req.params.id);
        return reply
          .header('content-type', 'image/png')
          .header('cache-control', 'no-store')
          .header('x-tinnguon-taken-at', new Date(snapshot.takenAt).toISOString())
          .send(snapshot.png);
      },
    );
  };
}
