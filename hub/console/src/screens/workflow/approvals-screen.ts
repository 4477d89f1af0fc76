// The approval queue (issue 9): submitted bulletins of my area, first those waiting for me under each area's policy,
// then those waiting for someone else and why. Each shows what changed since it was last sent for approval and its
// history, with approve and reject (a reason is required) on the spot.
import { areaName, loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { formatDateTime } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { card, emptyState, errorBox, exerciseBanner, loading, page } from '../../core/view.js';
import { queueOrder, turnOf, type Turn } from './approval-queue-model.js';
import { actionBar } from './bulletin-actions.js';
import { approvalSummary, historyList } from './bulletin-screen.js';
import { diffTable, revisionsToCompare } from './revision-diff.js';
import { contentSummary, modeBadge, priorityBadge, scheduleText, tr } from './wf-labels.js';
import { installWorkflowStyles } from './wf-styles.js';
import type { ApprovalStatus, BulletinView, Revision, Transition } from './wf-types.js';
import { boundApi } from './scoped-context.js';

const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

interface Item {
  readonly b: BulletinView;
  readonly status: ApprovalStatus;
  readonly turn: Turn;
}

export async function renderApprovals(ctx: ScreenContext): Promise<HTMLElement> {
  installWorkflowStyles();
  const t = tr(ctx);
  const areas = await loadAreas(boundApi(ctx));
  const name = (c: string): string => areaName(areas, c);
  const tz = (code: string): string => areas.find((a) => a.code === code)?.timeZone ?? DEFAULT_TZ;
  const me = { actor: ctx.session.username, role: ctx.session.role };
  const body = h('div', { class: 'wf-stack' }, loading());

  const itemCard = (item: Item): HTMLElement => {
    const { b } = item;
    const details = h('div', { class: 'wf-stack' });
    const more = h('details', null, h('summary', null, t('workflow.queue.changesAndHistory')), details);
    more.addEventListener('toggle', () => {
      if (!more.open || details.childElementCount > 0) return;
      mount(details, loading());
      Promise.all([
        ctx.api<{ bulletin: BulletinView; history: Transition[] }>('GET', `/api/bulletins/${b.id}`),
        ctx.api<{ revisions: Revision[] }>('GET', `/api/bulletins/${b.id}/revisions`),
      ]).then(([{ history }, { revisions }]) => {
        const pair = revisionsToCompare(revisions, history, b.revision);
        mount(details, pair === undefined ? h('p', null, t('workflow.diff.single')) : diffTable(t, pair, tz(b.originArea), name), h('h4', null, t('workflow.bulletin.history')), historyList(ctx, history, tz(b.originArea)));
      }).catch((e: unknown) => mount(details, errorBox(e)));
    });
    return h('article', { class: ['card', 'wf-queue-item', b.mode === 'test' ? 'wf-exercise-mode' : null], dataset: { bulletin: b.id, turn: item.turn.kind } },
      b.mode === 'test' ? exerciseBanner() : null,
      h('h3', null, h('a', { href: `#/bulletins/${b.id}` }, b.title)),
      h('p', { class: 'wf-row' }, priorityBadge(t, b.priority), modeBadge(t, b.mode)),
      h('p', null, contentSummary(t, b.content)),
      h('p', null, `${t('workflow.field.targetAreas')}: ${b.targetAreas.map(name).join(', ')} — ${scheduleText(t, b.schedule, tz(b.originArea))}`),
      h('p', null, t('workflow.queue.submittedBy', { who: item.status.initiators.join(', '), at: formatDateTime(b.updatedAt, tz(b.originArea)) })),
      approvalSummary(ctx, b, item.status),
      item.turn.kind === 'mine' ? actionBar(ctx, b, { areaName: name, done: load }) : h('p', { class: 'field-hint' }, t(`workflow.queue.turn.${item.turn.kind}`)),
      more);
  };

  const load = async (): Promise<void> => {
    const { bulletins } = await ctx.api<{ bulletins: BulletinView[] }>('GET', '/api/bulletins?state=submitted');
    const items: Item[] = await Promise.all(bulletins.map(async (b) => {
      const status = await ctx.api<ApprovalStatus>('GET', `/api/bulletins/${b.id}/approval`);
      return { b, status, turn: turnOf(me, b, status) };
    }));
    items.sort((x, y) => queueOrder(x.b, y.b));
    const mine = items.filter((i) => i.turn.kind === 'mine');
    const others = items.filter((i) => i.turn.kind !== 'mine');
    mount(body,
      card(t('workflow.queue.mine', { n: mine.length }), mine.length === 0 ? emptyState(t('workflow.queue.nothingMine')) : h('div', { class: 'wf-stack', dataset: { queue: 'mine' } }, mine.map(itemCard))),
      card(t('workflow.queue.others', { n: others.length }), others.length === 0 ? emptyState(t('workflow.queue.nothingOthers')) : h('div', { class: 'wf-stack', dataset: { queue: 'others' } }, others.map(itemCard))));
  };
  // A bulletin submitted or approved elsewhere changes the queue.
  ctx.onLive('bulletin.changed', () => void load().catch(() => undefined));
  load().catch((e: unknown) => mount(body, errorBox(e)));
  return page(t('workflow.queue.heading'), body);
}
