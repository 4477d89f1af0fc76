// Every refusal leaves the hub as `{ error: { code, message, messageEn, details? } }` with the catalogue's status
// (style.md §9). Vietnamese first; callers branch on `code`.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HUB_ERRORS, HubError, type HubErrorCode } from '../errors.js';

export interface ErrorBody {
  readonly error: { readonly code: HubErrorCode; readonly message: string; readonly messageEn: string; readonly details?: unknown };
}

/** Fastify's own error codes mapped into the hub catalogue. */
const FASTIFY_CODES: Record<string, HubErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'HUB_ERR_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'HUB_ERR_MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'HUB_ERR_MEDIA_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'HUB_ERR_MEDIA_UNSUPPORTED',
  FST_ERR_VALIDATION: 'HUB_ERR_VALIDATION',
};

export function toHubError(err: unknown): HubError {
  if (err instanceof HubError) return err;
  const fe = err as Partial<FastifyError> & { validation?: unknown };
  if (fe.validation !== undefined) return new HubError('HUB_ERR_VALIDATION', fe.message, fe.validation);
  const mapped = fe.code === undefined ? undefined : FASTIFY_CODES[fe.code];
  if (mapped !== undefined) return new HubError(mapped, fe.message);
  if (fe.statusCode === 404) return new HubError('HUB_ERR_NOT_FOUND');
  return new HubError('HUB_ERR_INTERNAL');
}

export function errorBody(err: HubError): ErrorBody {
  const spec = HUB_ERRORS[err.code];
  const detail = err.message.startsWith(`${spec.en}: `) ? err.message.slice(spec.en.length + 2) : undefined;
  return {
    error: {
      code: err.code,
      message: detail === undefined ? spec.vi : `${spec.vi}: ${detail}`,
      messageEn: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const hubError = toHubError(err);
    if (hubError.statusCode >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: hubError.code }, 'request refused');
    return reply.status(hubError.statusCode).send(errorBody(hubError));
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send(errorBody(new HubError('HUB_ERR_NOT_FOUND'))));
}
