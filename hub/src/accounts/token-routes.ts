// Personal API tokens: an official creates one from the console for a script, chooses which of their own
// permissions it carries, sees it once, and can revoke it. A token cannot mint tokens (no chains of credentials).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PERMISSIONS, roleHas } from '../authz/permission-matrix.js';
import type { TrustLayer } from '../authz/trust-layer.js';
import { HubError } from '../errors.js';
import { sessionAccount } from './session-routes.js';

const DAY_MS = 24 * 3600_000;
const NewTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    permissions: Type.Array(Type.Union(PERMISSIONS.map((p) => Type.Literal(p))), { minItems: 1, maxItems: PERMISSIONS.length, uniqueItems: true }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 32 }) });

function ownAccount(req: FastifyRequest): string {
  const id = req.principal?.accountId;
  if (id === undefined) throw new HubError('HUB_ERR_FORBIDDEN', 'API tokens belong to accounts');
  return id;
}

export function tokenRoutes(trust: TrustLayer) {
  return async (app: FastifyInstance): Promise<void> => {
    const docs = (summary: string) => ({ summary, tags: ['accounts'] });

    app.get('/api/tokens', { config: { permission: 'self', docs: docs('My API tokens (never the token text)') } }, async (req) => ({
      tokens: await trust.tokens.list(ownAccount(req)),
    }));

    app.post<{ Body: Static<typeof NewTokenBody> }>(
      '/api/tokens',
      { schema: { body: NewTokenBody }, config: { permission: 'self', docs: docs('Create an API token with a subset of my permissions; shown once') } },
      async (req, reply) => {
        const { accountId, principal } = sessionAccount(req);
        const beyond = req.body.permissions.filter((p) => !roleHas(principal.role, p));
        if (beyond.length > 0) throw new HubError('HUB_ERR_FORBIDDEN', `${principal.role} does not hold ${beyond.join(', ')}`);
        const { token, record } = await trust.tokens.create({
          accountId, name: req.body.name, permissions: req.body.permissions,
          ...(req.body.expiresInDays === undefined ? {} : { expiresAt: trust.now() + req.body.expiresInDays * DAY_MS }),
        });
        return reply.status(201).send({ token, apiToken: record });
      },
    );

    app.delete<{ Params: Static<typeof IdParams> }>(
      '/api/tokens/:id',
      { schema: { params: IdParams }, config: { permission: 'self', docs: docs('Revoke one of my API tokens') } },
      async (req) => ({ apiToken: await trust.tokens.revoke(ownAccount(req), req.params.id) }),
    );
  };
}
