// Media for officials: upload audio and images (sniffed, probed, size-limited), text-to-speech, download.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { HubError } from '../../errors.js';
import { mediaRef } from '../../media-records/media-repository.js';
import { prepareTtsText } from '../../media/index.js';
import type { HubDeps } from '../hub-deps.js';
import { serveMedia } from './media-serving.js';

const TtsBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }), voice: Type.Optional(Type.String({ maxLength: 32 })) }, { additionalProperties: false });
const ShaParams = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
const TTS_MAX_CHARS = 10_000;

export function mediaRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // Uploads arrive as the raw file; the declared type is checked against the content, never trusted.
    app.addContentTypeParser(['audio/mpeg', 'audio/mp3', 'audio/wav', 'audio/x-wav', 'audio/wave', 'image/png', 'image/jpeg', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: deps.config.uploadMaxBytes }, (_req, body, done) =>
      done(null, body),
    );

    app.post('/api/media', { bodyLimit: deps.config.uploadMaxBytes, config: { permission: 'media.upload', docs: { summary: 'Upload MP3, WAV, PNG or JPEG as the raw request body', tags: ['media'] } } }, async (req, reply) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HubError('HUB_ERR_MEDIA_UNSUPPORTED', 'send the file as the body with its Content-Type');
      const record = await deps.mediaRecords.ingest(req.body, req.headers['content-type'], 'upload', deps.config.uploadMaxBytes);
      return reply.status(201).send({ media: record, ref: mediaRef(record) });
    });

    app.post<{ Body: Static<typeof TtsBody> }>(
      '/api/media/tts',
      { schema: { body: TtsBody }, config: { permission: 'media.upload', docs: { summary: 'Text to speech (Vietnamese voice); the audio is stored like an upload', tags: ['media'] } } },
      async (req, reply) => {
        const text = prepareTtsText(req.body.text, TTS_MAX_CHARS);
        const audio = await deps.tts.synthesize(text, { ...(req.body.voice === undefined ? {} : { voice: req.body.voice }), signal: AbortSignal.timeout(60_000) });
        const record = await deps.mediaRecords.ingest(audio.bytes, audio.mime, 'tts', deps.config.uploadMaxBytes);
        return reply.status(201).send({ media: record, ref: mediaRef(record) });
      },
    );

    // Content-addressed: a SHA-256 is only known to those who saw the bulletin naming it.
    app.get<{ Params: Static<typeof ShaParams> }>('/api/media/:sha256', { schema: { params: ShaParams }, config: { permission: 'media.read', docs: { summary: 'Download media, with Range', tags: ['media'] } } }, async (req, reply) =>
      serveMedia(deps, req.params.sha256, req, reply),
    );
  };
}
