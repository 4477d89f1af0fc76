// Liveness, readiness, Prometheus metrics and the OpenAPI document. Public: they reveal no bulletin or device data.
import type { FastifyInstance } from 'fastify';
import type { HubDeps } from '../hub-deps.js';

export function healthRoutes(deps: HubDeps, openapi: () => unknown) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { config: { permission: 'public', docs: { summary: 'Process is alive', tags: ['ops'], public: true } } }, async () => ({ ok: true }));
    app.get('/readyz', { config: { permission: 'public', docs: { summary: 'Database answers; ready for traffic', tags: ['ops'], public: true } } }, async (_req, reply) => {
      try {
        await deps.db.get('SELECT 1 AS one');
        return { ok: true };
      } catch {
        return reply.status(503).send({ ok: false });
      }
    });
    app.get('/metrics', { config: { permission: 'public' } }, async (_req, reply) => reply.type('text/plain; version=0.0.4').send(deps.metrics.render()));
    app.get('/docs/openapi.json', { config: { permission: 'public' } }, async () => openapi());
    app.get('/docs', { config: { permission: 'public' } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(
        '<!doctype html><meta charset="utf-8"><title>TinNguon API</title><h1>TinNguon hub API</h1>' +
          '<p>Tài liệu OpenAPI / OpenAPI document: <a href="/docs/openapi.json">/docs/openapi.json</a></p>',
      ),
    );
  };
}
