// Microphone recordings from the console's composer: 16-bit PCM WAV in, checked (recording-check.ts), converted to
// MP3 with lame, stored like an upload. The answer is the same shape as POST /api/media, so the composer treats a
// recording and an uploaded file alike.
import type { FastifyInstance } from 'fastify';
import { HubError } from '../../errors.js';
import { mediaRef } from '../../media-records/media-repository.js';
import { checkRecording, DEFAULT_RECORDING_LIMITS, type RecordingLimits } from '../../workflow/recording-check.js';
import { recordingEncoder, RECORDING_ENCODE_TIMEOUT_MS, type RecordingEncoder } from '../../workflow/recording-encoder.js';
import type { HubDeps } from '../hub-deps.js';

export interface RecordingRouteOptions {
  readonly encode?: RecordingEncoder;
  readonly limits?: RecordingLimits;
}

const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave'];

export function recordingRoutes(deps: HubDeps, options: RecordingRouteOptions = {}) {
  const encode = options.encode ?? recordingEncoder();
  const limits = options.limits ?? DEFAULT_RECORDING_LIMITS;
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer', bodyLimit: deps.config.uploadMaxBytes }, (_req, body, done) => done(null, body));

    app.post(
      '/api/media/recording',
      {
        bodyLimit: deps.config.uploadMaxBytes,
        config: { permission: 'media.upload', docs: { summary: 'A microphone recording (16-bit PCM WAV body), converted to MP3 and stored like an upload', tags: ['media'] } },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HubError('HUB_ERR_RECORDING_INVALID', 'send the WAV file as the body, Content-Type audio/wav');
        const facts = checkRecording(req.body, limits);
        const mp3 = await encode(req.body, AbortSignal.timeout(RECORDING_ENCODE_TIMEOUT_MS + 5_000));
        const record = await deps.mediaRecords.ingest(mp3, 'audio/mpeg', 'upload', deps.config.uploadMaxBytes);
        return reply.status(201).send({ media: record, ref: mediaRef(record), recording: facts });
      },
    );
  };
}
