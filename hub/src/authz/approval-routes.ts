// The approval workflow's own routes: each area's policy, a bulletin's approval status, the sensitive mark
// (Điều 14.5), and the ready-to-send cancel for a published bulletin — the Hawaii false alert took 38 minutes to
// correct; here the signed recall goes out on the first click and the correction is already drafted.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AreaCode } from '@tinnguon/protocol';
import type { HubDeps } from '../app/hub-deps.js';
import { BulletinWorkflow, type BulletinRecord, type NewBulletin } from '../bulletins/index.js';
import { HubError, isHubError } from '../errors.js';
import { ApprovalPolicyDoc } from './approval-rules.js';
import { authorize } from './authorize.js';
import type { TrustLayer } from './trust-layer.js';

const AreaParams = Type.Object({ code: AreaCode });
const IdParams = Type.Object({ id: Type.String({ minLength: 8, maxLength: 64 }) });
const PolicyBody = Type.Object({ policy: Type.Union([ApprovalPolicyDoc, Type.Null()]) }, { additionalProperties: false });
const SensitivityBody = Type.Object({ sensitive: Type.Boolean() }, { additionalProperties: false });
const CancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
const DAY_MS = 24 * 3600_000;

/** Pure: the correction an official reviews and sends after a cancel, in the same form and to the same areas. */
export function correctionDraft(b: BulletinRecord, reason: string, now: number): NewBulletin {
  const text = `Thông báo đính chính: bản tin «${b.title}» đã được huỷ bỏ. ${reason}`;
  const spoken = b.content.kind === 'audio' || b.content.kind === 'tts';
  return {
    title: `Thông báo đính chính: ${b.title}`.slice(0, 200),
    priority: b.priority,
    mode: b.mode,
    originArea: b.originArea,
    targetAreas: [...b.targetAreas],
    content: spoken
      ? { kind: 'tts', text: text.slice(0, 10_000) }
      : { kind: 'ledText', slide: { type: 'text', text: text.slice(0, 500), durationMs: 15_000 } },
    schedule: b.priority === 'emergency' ? { type: 'now' } : { type: 'nextWindow' },
    validFrom: now,
    validUntil: now + DAY_MS,
  };
}

export function approvalRoutes(deps: HubDeps, trust: TrustLayer) {
  return async (app: FastifyInstance): Promise<void> => {
    const workflow = new BulletinWorkflow({
      bulletins: deps.bulletins, areas: deps.areas, media: deps.mediaRecords, tts: deps.tts, dispatcher: deps.dispatcher,
      maxMediaBytes: deps.config.uploadMaxBytes, now: deps.now, approvalPolicy: trust.approvals.policyHook,
    });
    const byArea = { kind: 'area', in: 'params', key: 'code' } as const;
    const byBulletin = { kind: 'bulletin', param: 'id' } as const;

    app.get<{ Params: Static<typeof AreaParams> }>(
      '/api/areas/:code/approval-policy',
      { schema: { params: AreaParams }, config: { permission: 'area.read', target: byArea, docs: { summary: 'The approval policy in force for an area, and where it comes from', tags: ['areas'] } } },
      async (req) => {
        const tree = await trust.areas.tree();
        if (!tree.nodes.has(req.params.code)) throw new HubError('HUB_ERR_AREA_UNKNOWN', req.params.code);
        const effective = await trust.approvalStore.effectivePolicy(tree, req.params.code);
        return { ...effective, own: (await trust.approvalStore.ownPolicy(req.params.code)) ?? null };
      },
    );

    app.put<{ Params: Static<typeof AreaParams>; Body: Static<typeof PolicyBody> }>(
      '/api/areas/:code/approval-policy',
      { schema: { params: AreaParams, body: PolicyBody }, config: { permission: 'approval.policy', target: byArea, docs: { summary: 'Set (or with null, inherit) an area’s approval policy', tags: ['areas'] } } },
      async (req) => {
        const tree = await trust.areas.tree();
        if (!tree.nodes.has(req.params.code)) throw new HubError('HUB_ERR_AREA_UNKNOWN', req.params.code);
        req.auditNote = { before: (await trust.approvalStore.ownPolicy(req.params.code)) ?? null };
        await trust.approvalStore.setPolicy(req.params.code, req.body.policy, req.principal!.actor);
        return trust.approvalStore.effectivePolicy(tree, req.params.code);
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/api/bulletins/:id/approval',
      { schema: { params: IdParams }, config: { permission: 'bulletin.read', target: byBulletin, docs: { summary: 'Approvals given, approvals needed, sensitive mark', tags: ['bulletins'] } } },
      async (req) => trust.approvals.status(req.authzTarget!.bulletin!),
    );

    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof SensitivityBody> }>(
      '/api/bulletins/:id/sensitivity',
      { schema: { params: IdParams, body: SensitivityBody }, config: { permission: 'bulletin.classify', target: byBulletin, docs: { summary: 'Mark sensitive (review body must approve, Điều 14.5) or clear the mark (review body only)', tags: ['bulletins'] } } },
      async (req) => {
        const target = req.authzTarget!;
        const mayReview = authorize(req.principal!, 'bulletin.review', await trust.areas.tree(), target).ok;
        return { sensitive: await trust.approvals.setSensitive(target.bulletin!, req.body.sensitive, req.principal!, mayReview) };
      },
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CancelBody> }>(
      '/api/bulletins/:id/cancel',
      { schema: { params: IdParams, body: CancelBody }, config: { permission: 'bulletin.recall', target: byBulletin, docs: { summary: 'Cancel a published bulletin: signed recall at once, correction drafted', tags: ['emergency'] } } },
      async (req) => {
        const actor = req.principal!.actor;
        const original = req.authzTarget!.bulletin!;
        // The recall goes first and alone: nothing about the correction may delay silencing a false alert.
        const { bulletin, dispatch } = await workflow.recall(original.id, req.body.reason, actor);
        try {
          const correction = await workflow.create(correctionDraft(original, req.body.reason, deps.now()), actor);
          return { bulletin, dispatch, correction };
        } catch (err) {
          if (!isHubError(err)) throw err;
          return { bulletin, dispatch, correctionError: { code: err.code, message: err.message } };
        }
      },
    );
  };
}
