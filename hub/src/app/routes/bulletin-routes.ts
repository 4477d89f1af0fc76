// Bulletins for officials: author, submit, approve or reject, publish, recall; STOP; commune selections; and the
// emergency relayed from the central system (Điều 8.1, 11.5).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { AreaCode, BroadcastMode, ProgrammeSelection, validate, type TrustedKey } from '@tinnguon/protocol';
import {
  BULLETIN_STATES, BulletinPatch, BulletinWorkflow, NewBulletin, acceptUpstreamEmergency, allowedActions, type ApprovalPolicy, type BulletinRecord,
} from '../../bulletins/index.js';
import { actorOf, installTrustLayer } from '../../authz/install-trust.js';
import type { RouteAccess } from '../../authz/route-access.js';
import type { TargetSpec } from '../../authz/route-targets.js';
import { createTrustLayer } from '../../authz/trust-layer.js';
import { HubError } from '../../errors.js';
import type { HubDeps } from '../hub-deps.js';

export interface BulletinRouteOptions {
  /** Keys of the central system allowed to order an emergency; none (the default) refuses every such order. */
  readonly upstreamKeys?: readonly TrustedKey[];
  /** The life cycle's approval hook; buildApp passes the trust layer's, which admits only policy-complete approvals. */
  readonly approvalPolicy?: ApprovalPolicy;
}

const IdParams = Type.Object({ id: Type.String({ minLength: 8, maxLength: 64 }) });
const AreaParams = Type.Object({ code: AreaCode });
const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union(BULLETIN_STATES.map((s) => Type.Literal(s)))),
    area: Type.Optional(AreaCode),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
const Reason = Type.String({ minLength: 1, maxLength: 300 });
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });
const StopBody = Type.Object(
  { areas: Type.Array(AreaCode, { minItems: 1, maxItems: 1000, uniqueItems: true }), reason: Type.Optional(Reason), mode: Type.Optional(BroadcastMode) },
  { additionalProperties: false },
);
const SelectionsBody = Type.Object({ selections: Type.Array(ProgrammeSelection, { maxItems: 2000 }) }, { additionalProperties: false });
const AnyBody = Type.Unknown();
/** Điều 10: publishing a time outside the operating windows takes an explicit confirmation. */
const PublishQuery = Type.Object({ confirmOutsideWindow: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

type IdParams = Static<typeof IdParams>;
type AreaParams = Static<typeof AreaParams>;
const BY_ID: TargetSpec = { kind: 'bulletin', param: 'id' };
const BY_AREA: TargetSpec = { kind: 'area', in: 'params', key: 'code' };

/**
 * Bodies here are unions (content forms, schedules). Fastify's default Ajv removes "additional" properties while it
 * tries each branch of a union, so a valid `once` schedule fails as a mangled `now`: these routes check with TypeBox.
 */
const typeboxCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => (data: unknown) => {
  const value = httpPart === 'querystring' || httpPart === 'params' ? Value.Convert(schema, data) : data;
  const result = validate(schema, value);
  return result.ok ? { value: result.value } : { error: new HubError('HUB_ERR_VALIDATION', `${httpPart ?? 'request'}: ${result.error.reason}`) };
};

/** The console shows what may happen next, so it never offers a button the table would refuse. */
function view(bulletin: BulletinRecord) {
  return { ...bulletin, actions: allowedActions(bulletin.state) };
}

export function bulletinRoutes(deps: HubDeps, options: BulletinRouteOptions = {}) {
  return (app: FastifyInstance): Promise<void> => {
    // Mounted on its own (tests), the routes bring the trust layer along: never unguarded.
    if (!app.hasDecorator('trustLayer')) installTrustLayer(app, deps.trust ?? createTrustLayer(deps));
    const trust = app.trustLayer;
    app.setValidatorCompiler(typeboxCompiler);
    const shared = {
      bulletins: deps.bulletins, areas: deps.areas, media: deps.mediaRecords, tts: deps.tts, dispatcher: deps.dispatcher,
      maxMediaBytes: deps.config.uploadMaxBytes, now: deps.now,
    };
    const workflow = new BulletinWorkflow({ ...shared, approvalPolicy: options.approvalPolicy ?? trust.approvals.policyHook });
    // Each route names its permission and target (issue 4); the trust layer's hooks enforce them.
    const docs = (summary: string, tags = ['bulletins']) => ({ docs: { summary, tags } });
    const guard = (permission: RouteAccess, target: TargetSpec = BY_ID) => ({ permission, target });

    app.post<{ Body: NewBulletin }>('/api/bulletins', { schema: { body: NewBulletin }, config: { ...docs('Create a draft bulletin'), ...guard('bulletin.draft', { kind: 'newBulletin' }) } }, async (req, reply) =>
      reply.status(201).send({ bulletin: view(await workflow.create(req.body, actorOf(req))) }),
    );

    app.patch<{ Params: IdParams; Body: BulletinPatch }>(
      '/api/bulletins/:id',
      { schema: { params: IdParams, body: BulletinPatch }, config: { ...docs('Edit a draft (raises its revision)'), ...guard('bulletin.draft', { kind: 'bulletinEdit', param: 'id' }) } },
      async (req) => ({ bulletin: view(await workflow.update(req.params.id, req.body, actorOf(req))) }),
    );

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/api/bulletins',
      { schema: { querystring: ListQuery }, config: { ...docs('Bulletins, newest first, by state and by area (issued in it or reaching it)'), ...guard('bulletin.read', { kind: 'area', in: 'query', key: 'area' }) } },
      async (req) => {
        // Without ?area, the caller's own area: what was issued in its subtree or reaches it, never a neighbour's.
        const area = req.query.area ?? req.principal?.area ?? undefined;
        return { bulletins: (await deps.bulletins.list({ ...req.query, ...(area === undefined ? {} : { area }) })).map(view) };
      },
    );

    app.get<{ Params: IdParams }>('/api/bulletins/:id', { schema: { params: IdParams }, config: { ...docs('One bulletin with its history'), ...guard('bulletin.read') } }, async (req) => {
      const bulletin = await deps.bulletins.get(req.params.id);
      if (bulletin === undefined) throw new HubError('HUB_ERR_BULLETIN_UNKNOWN', req.params.id);
      return { bulletin: view(bulletin), history: await deps.bulletins.history(req.params.id) };
    });

    app.post<{ Params: IdParams }>(
      '/api/bulletins/:id/submit',
      { schema: { params: IdParams }, config: { ...docs('Submit for approval (speech is synthesised now)'), ...guard('bulletin.submit') } },
      async (req) => ({ bulletin: view(await workflow.submit(req.params.id, actorOf(req))) }),
    );

    app.post<{ Params: IdParams }>(
      '/api/bulletins/:id/approve',
      { schema: { params: IdParams }, config: { ...docs('Approve: 200 when the area’s policy is met, 202 while more approvals (or the review body) are needed'), ...guard('bulletin.approve') } },
      async (req, reply) => {
        const { bulletin, approval } = await trust.approvals.approve(req.params.id, req.principal!, (actor) => workflow.approve(req.params.id, actor));
        return reply.status(approval.complete ? 200 : 202).send({ bulletin: view(bulletin), approval });
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof ReasonBody> }>(
      '/api/bulletins/:id/reject',
      { schema: { params: IdParams, body: ReasonBody }, config: { ...docs('Send a submitted bulletin back to draft, with the reason'), ...guard('bulletin.approve') } },
      async (req) => ({ bulletin: view(await workflow.reject(req.params.id, req.body.reason, actorOf(req))) }),
    );

    app.post<{ Params: IdParams; Querystring: Static<typeof PublishQuery> }>(
      '/api/bulletins/:id/publish',
      { schema: { params: IdParams, querystring: PublishQuery }, config: { ...docs('Publish: emergencies go out at once, everything reaches manifests (times outside the windows need confirmOutsideWindow=true)'), ...guard('bulletin.publish') } },
      async (req) => {
        const { bulletin, dispatch } = await workflow.publish(req.params.id, actorOf(req), { confirmOutsideWindow: req.query.confirmOutsideWindow === true });
        return { bulletin: view(bulletin), dispatch };
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof ReasonBody> }>(
      '/api/bulletins/:id/recall',
      { schema: { params: IdParams, body: ReasonBody }, config: { ...docs('Recall a published bulletin: a signed stop goes to its areas'), ...guard('bulletin.recall') } },
      async (req) => {
        const { bulletin, dispatch } = await workflow.recall(req.params.id, req.body.reason, actorOf(req));
        return { bulletin: view(bulletin), dispatch };
      },
    );

    app.post<{ Body: Static<typeof StopBody> }>(
      '/api/stop',
      // One authorised person, no approval: STOP must never wait (Hawaii 2018).
      { schema: { body: StopBody }, config: { ...docs('STOP: silence every device in the areas at once', ['emergency']), ...guard('emergency.stop', { kind: 'area', in: 'body', key: 'areas' }) } },
      async (req, reply) => reply.status(202).send(await workflow.stopAll(req.body.areas, req.body.reason, req.body.mode ?? 'live', actorOf(req))),
    );

    app.get<{ Params: AreaParams }>(
      '/api/areas/:code/selections',
      { schema: { params: AreaParams }, config: { ...docs('A commune’s chosen bulletins and their order', ['areas']), ...guard('programme.read', BY_AREA) } },
      async (req) => {
        if ((await deps.areas.get(req.params.code)) === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', req.params.code);
        return { selections: await deps.bulletins.selectionsFor(req.params.code) };
      },
    );

    app.put<{ Params: AreaParams; Body: Static<typeof SelectionsBody> }>(
      '/api/areas/:code/selections',
      { schema: { params: AreaParams, body: SelectionsBody }, config: { ...docs('Replace a commune’s choices (Điều 8.2, 8.3)', ['areas']), ...guard('programme.choose', BY_AREA) } },
      async (req) => ({ selections: await workflow.setSelections(req.params.code, req.body.selections) }),
    );

    app.post(
      '/api/upstream/emergency',
      { schema: { body: AnyBody }, config: { ...docs('Emergency from the central system: a signed bulletin envelope, relayed at once', ['emergency']), ...guard('emergency.relay', { kind: 'none' }) } },
      async (req, reply) => {
        const { bulletin, dispatch } = await acceptUpstreamEmergency(req.body, { ...shared, upstreamKeys: options.upstreamKeys ?? [] });
        return reply.status(202).send({ bulletin: view(bulletin), dispatch });
      },
    );
    return Promise.resolve();
  };
}
