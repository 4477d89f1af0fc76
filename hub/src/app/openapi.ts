// OpenAPI 3 at /docs, generated from the routes' own JSON schemas (TypeBox), so the document cannot drift.
import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Present on every documented route; read by collectOpenApi. */
    docs?: RouteDocs;
  }
}

export interface RouteDocs {
  readonly summary: string;
  readonly tags?: string[];
  readonly public?: boolean;
}

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
}

export function collectOpenApi(app: FastifyInstance, info: { title: string; version: string }): () => unknown {
  const paths: Record<string, Record<string, Operation>> = {};
  app.addHook('onRoute', (route: RouteOptions) => {
    const docs = route.config?.docs;
    if (docs === undefined) return;
    const schema = (route.schema ?? {}) as { body?: unknown; params?: { properties?: Record<string, unknown> }; querystring?: { properties?: Record<string, unknown> } };
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    for (const method of methods) {
      const params = [
        ...Object.entries(schema.params?.properties ?? {}).map(([name, s]) => ({ name, in: 'path', required: true, schema: s })),
        ...Object.entries(schema.querystring?.properties ?? {}).map(([name, s]) => ({ name, in: 'query', schema: s })),
      ];
      (paths[path] ??= {})[method.toLowerCase()] = {
        summary: docs.summary,
        ...(docs.tags ? { tags: docs.tags } : {}),
        ...(params.length > 0 ? { parameters: params } : {}),
        ...(schema.body !== undefined ? { requestBody: { content: { 'application/json': { schema: schema.body } } } } : {}),
        responses: { default: { description: 'Success, or { error: { code, message, messageEn } }' } },
        ...(docs.public === true ? { security: [] } : {}),
      };
    }
  });
  return () => ({
    openapi: '3.0.3',
    info,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, device: { type: 'http', scheme: 'basic' } } },
    security: [{ bearer: [] }],
    paths,
  });
}
