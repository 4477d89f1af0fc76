// The HTTP side of the device link (design.md, decision 3): enrolment, the signed manifest, media with Range.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EnrolmentRequest, HTTP_PATHS, type EnrolmentResponse } from '@tinnguon/protocol';
import { areaChain } from '../../areas/index.js';
import { DEFAULT_MEDIA_CACHE_FILE_BYTES, DEFAULT_MEDIA_CACHE_TOTAL_BYTES, MediaBytesCache } from '../../media-cache/media-bytes-cache.js';
import { authenticateDevice } from '../auth.js';
import type { HubDeps } from '../hub-deps.js';
import { serveMedia } from './media-serving.js';

const ShaParams = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });

export function deviceLinkRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // A bulletin goes to a whole fleet at once (issue 8): each file is read from disk once, then served from memory.
    const mediaBytes = new MediaBytesCache({ source: deps.media, maxTotalBytes: DEFAULT_MEDIA_CACHE_TOTAL_BYTES, maxFileBytes: DEFAULT_MEDIA_CACHE_FILE_BYTES });
    app.post<{ Body: EnrolmentRequest }>(
      HTTP_PATHS.enrol,
      { schema: { body: EnrolmentRequest }, config: { permission: 'public', docs: { summary: 'A device exchanges its one-time code for credentials, keys and area chain', tags: ['device link'], public: true } } },
      async (req) => {
        const { device, secret } = await deps.devices.enrol(req.body.code);
        const tree = await deps.areas.tree();
        const chain = areaChain(tree, device.areaCode);
        const area = await deps.areas.get(device.areaCode);
        const response: EnrolmentResponse = {
          deviceId: device.id,
          kind: device.kind,
          name: device.name,
          mqttUsername: device.id,
          mqttPassword: secret,
          mqttUrl: deps.publicUrls.mqtt,
          hubUrl: deps.publicUrls.http,
          areaChain: chain,
          timeZone: area?.timeZone ?? 'Asia/Ho_Chi_Minh',
          trustedKeys: [...deps.keyring.trusted],
        };
        await deps.dispatcher.refresh([device.id]);
        return response;
      },
    );

    app.get(HTTP_PATHS.manifest, { config: { permission: 'device', docs: { summary: 'The signed manifest for the calling device', tags: ['device link'] } } }, async (req) => {
      const device = await authenticateDevice(req, deps.devices);
      return deps.dispatcher.manifestFor(device.id);
    });

    app.get<{ Params: Static<typeof ShaParams> }>(
      HTTP_PATHS.media(':sha256'),
      { schema: { params: ShaParams }, config: { permission: 'device', docs: { summary: 'Media by SHA-256, with Range', tags: ['device link'] } } },
      async (req, reply) => {
        await authenticateDevice(req, deps.devices);
        return serveMedia(deps, req.params.sha256, req, reply, mediaBytes);
      },
    );
  };
}
