// Account administration for province administrators, inside their own area subtree. The first province
// administrator is created with the break-glass admin token (README: first start).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AreaCode } from '@tinnguon/protocol';
import { subtree } from '../areas/index.js';
import { ROLES } from '../authz/roles.js';
import type { TrustLayer } from '../authz/trust-layer.js';
import { HubError } from '../errors.js';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const NewAccountBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 32 }),
    displayName: Type.String({ minLength: 1, maxLength: 120 }),
    agency: Type.Optional(Type.String({ maxLength: 200 })),
    areaCode: AreaCode,
    role: RoleSchema,
    /** Omit to have a temporary password generated and shown once. */
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);
const AccountPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    agency: Type.Optional(Type.String({ maxLength: 200 })),
    areaCode: Type.Optional(AreaCode),
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 64 }) });
type IdParams = Static<typeof IdParams>;

export function accountRoutes(trust: TrustLayer) {
  return async (app: FastifyInstance): Promise<void> => {
    const docs = (summary: string) => ({ summary, tags: ['accounts'] });
    const byAccount = { kind: 'account', param: 'id' } as const;

    app.get('/api/accounts', { config: { permission: 'account.manage', docs: docs('Accounts in my area subtree') } }, async (req) => {
      const area = req.principal!.area;
      return { accounts: await trust.accounts.list(area === null ? undefined : subtree(await trust.areas.tree(), area)) };
    });

    app.post<{ Body: Static<typeof NewAccountBody> }>(
      '/api/accounts',
      {
        schema: { body: NewAccountBody },
        config: { permission: 'account.manage', target: { kind: 'area', in: 'body', key: 'areaCode' }, docs: docs('Create an account; a temporary password is shown once') },
      },
      async (req, reply) => reply.status(201).send(await trust.accountService.create(req.body)),
    );

    app.get<{ Params: IdParams }>(
      '/api/accounts/:id',
      { schema: { params: IdParams }, config: { permission: 'account.manage', target: byAccount, docs: docs('One account') } },
      async (req) => ({ account: await trust.accounts.require(req.params.id), sessions: await trust.sessions.countFor(req.params.id) }),
    );

    app.patch<{ Params: IdParams; Body: Static<typeof AccountPatch> }>(
      '/api/accounts/:id',
      { schema: { params: IdParams, body: AccountPatch }, config: { permission: 'account.manage', target: byAccount, docs: docs('Change name, agency, area, role or disable') } },
      async (req) => {
        const own = req.principal!.accountId === req.params.id;
        // An administrator cannot lock themselves out or raise their own reach; another administrator must do it.
        if (own && (req.body.role !== undefined || req.body.areaCode !== undefined || req.body.disabled !== undefined)) {
          throw new HubError('HUB_ERR_FORBIDDEN', 'change your own role, area or state through another administrator');
        }
        const { after } = await trust.accountService.update(req.params.id, req.body);
        return { account: after };
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/accounts/:id/password-reset',
      { schema: { params: IdParams }, config: { permission: 'account.manage', target: byAccount, docs: docs('Reset the password: temporary password shown once, change required') } },
      async (req) => trust.accountService.resetPassword(req.params.id),
    );

    app.delete<{ Params: IdParams }>(
      '/api/accounts/:id/totp',
      { schema: { params: IdParams }, config: { permission: 'account.manage', target: byAccount, docs: docs('Remove a lost second factor (the holder sets it up again)') } },
      async (req) => ({ account: await trust.accountService.clearTotp(req.params.id) }),
    );
  };
}
