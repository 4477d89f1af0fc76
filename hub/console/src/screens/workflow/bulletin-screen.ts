// One bulletin: what it is, how far its approval has come under the area's policy, what changed since it was last
// sent for approval, its history, what it sounds or looks like, the steps open to this account, and — once an
// emergency is out — who it has reached.
import { areaName, loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { formatDateTime } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { card, errorBox, exerciseBanner, facts, loading, page } from '../../core/view.js';
import { player } from './audio-section.js';
import { turnOf } from './approval-queue-model.js';
import { actionBar } from './bulletin-actions.js';
import { ledPreview } from './led-preview.js';
import { reachPanel } from './reach-panel.js';
import { boundApi, renewable } from './scoped-context.js';
import { diffTable, revisionsToCompare } from './revision-diff.js';
import { contentSummary, modeBadge, priorityBadge, scheduleText, stateBadge, tr } from './wf-labels.js';
import { installWorkflowStyles } from './wf-styles.js';
import type { ApprovalStatus, AuthoredSlide, BulletinView, Revision, Transition } from './wf-types.js';

const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

export function slidesOfContent(b: Pick<BulletinView, 'content'>): AuthoredSlide[] {
  const c = b.content;
  if (c.kind === 'ledText') return [c.slide];
  if (c.kind === 'image') return [{ type: 'image', mediaSha256: c.mediaSha256, durationMs: c.durationMs }];
  if (c.kind === 'slides') return [...c.slides];
  return [];
}

export function historyList(ctx: ScreenContext, history: readonly Transition[], timeZone: string): HTMLElement {
  const t = tr(ctx);
  return h('ol', { class: 'wf-timeline' }, history.map((x) => h('li', { dataset: { action: x.action } },
    h('strong', null, t(`workflow.history.${x.action}`)), ` — ${x.actor}, ${formatDateTime(x.at, timeZone)}`,
    x.revision > 1 ? ` (${t('workflow.history.revision', { n: x.revision })})` : '',
    x.reason === undefined ? null : h('p', { class: 'wf-reason' }, `${t('workflow.action.reason')}: ${x.reason}`))));
}

export function approvalSummary(ctx: ScreenContext, b: BulletinView, s: ApprovalStatus): HTMLElement {
  const t = tr(ctx);
  const rule = s.policy.policy.rules[b.priority];
  return h('div', { class: 'wf-stack' },
    h('p', null, t('workflow.approval.need', { n: rule.approvals, roles: rule.roles.map((r) => t(`workflow.role.${r}`)).join(', ') })),
    b.priority === 'emergency' && !s.policy.policy.singleOperatorEmergency ? h('p', null, t('workflow.approval.twoPeople')) : null,
    s.sensitive ? h('p', null, t('workflow.approval.sensitive')) : null,
    h('p', { dataset: { votes: String(s.votes.length) } }, t('workflow.approval.votes', { have: s.votes.length, need: rule.approvals }),
      s.votes.length === 0 ? '' : `: ${s.votes.map((v) => `${v.actor} (${t(`workflow.role.${v.role}`)})`).join(', ')}`));
}

export async function renderBulletin(ctx: ScreenContext): Promise<HTMLElement> {
  installWorkflowStyles();
  const t = tr(ctx);
  const id = ctx.params.id ?? '';
  const areas = await loadAreas(boundApi(ctx));
  const name = (c: string): string => areaName(areas, c);
  const body = h('div', { class: 'wf-stack' }, loading());
  const root = page(t('workflow.bulletin.heading'), body);
  const part = renewable(ctx);

  const load = async (): Promise<void> => {
    const [{ bulletin: b, history }, { revisions }, approval] = await Promise.all([
      ctx.api<{ bulletin: BulletinView; history: Transition[] }>('GET', `/api/bulletins/${id}`),
      ctx.api<{ revisions: Revision[] }>('GET', `/api/bulletins/${id}/revisions`),
      ctx.api<ApprovalStatus>('GET', `/api/bulletins/${id}/approval`),
    ]);
    const timeZone = areas.find((a) => a.code === b.originArea)?.timeZone ?? DEFAULT_TZ;
    const title = root.querySelector('h1');
    if (title !== null) title.textContent = b.title;
    const pair = revisionsToCompare(revisions, history, b.revision);
    const slides = slidesOfContent(b);
    const media = b.resolvedContent?.media ?? (b.content.kind === 'audio' ? { sha256: b.content.mediaSha256 } : undefined);
    const inner = part();
    const preview = slides.length > 0 ? ledPreview(inner, () => slides) : undefined;
    preview?.changed();
    mount(body,
      b.mode === 'test' ? exerciseBanner() : null,
      h('p', { class: 'wf-row', dataset: { state: b.state } }, priorityBadge(t, b.priority), stateBadge(t, b.state), modeBadge(t, b.mode)),
      actionBar(ctx, b, { areaName: name, done: load, canApprove: turnOf({ actor: ctx.session.username, role: ctx.session.role }, b, approval).kind === 'mine' }),
      card(t('workflow.bulletin.facts'), facts([
        [t('workflow.field.originArea'), name(b.originArea)],
        [t('workflow.field.targetAreas'), b.targetAreas.map(name).join(', ')],
        [t('workflow.field.content'), contentSummary(t, b.content)],
        [t('workflow.field.schedule'), scheduleText(t, b.schedule, timeZone)],
        [t('workflow.field.repeat'), String(b.repeat)],
        [t('workflow.field.validity'), `${formatDateTime(b.validFrom, timeZone)} → ${formatDateTime(b.validUntil, timeZone)}`],
        ...(b.summary === undefined ? [] : [[t('workflow.field.summary'), b.summary] as const]),
        ...(b.recallReason === undefined ? [] : [[t('workflow.field.recallReason'), b.recallReason] as const]),
      ])),
      media === undefined ? null : card(t('workflow.bulletin.listen'), player(media.sha256, t('workflow.audio.previewLabel'))),
      preview === undefined ? null : card(t('workflow.led.preview'), preview.root),
      b.state === 'published' || b.state === 'recalled' ? card(null, reachPanel(inner, b.id, name)) : null,
      card(t('workflow.bulletin.approval'), approvalSummary(ctx, b, approval)),
      card(t('workflow.bulletin.changes'), pair === undefined ? h('p', null, t('workflow.diff.single')) : diffTable(t, pair, timeZone, name)),
      card(t('workflow.bulletin.history'), historyList(ctx, history, timeZone)),
    );
  };
  load().catch((error: unknown) => mount(body, errorBox(error)));
  return root;
}
