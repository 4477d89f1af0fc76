// Bulletins of my area, newest first, by state: the way into the composer and into each bulletin's page.
import { areaName, loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { button, field, select } from '../../core/form.js';
import { formatDateTime } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { errorBox, loading, page } from '../../core/view.js';
import { may } from './bulletin-actions.js';
import { modeBadge, priorityBadge, stateBadge, tr } from './wf-labels.js';
import { installWorkflowStyles } from './wf-styles.js';
import type { BulletinView } from './wf-types.js';
import { boundApi } from './scoped-context.js';

const STATES = ['', 'draft', 'submitted', 'approved', 'published', 'expired', 'recalled'] as const;

export function bulletinTable(ctx: ScreenContext, rows: readonly BulletinView[], name: (c: string) => string): HTMLElement {
  const t = tr(ctx);
  return table([
    { key: 'title', label: t('workflow.field.title'), render: (b) => h('a', { href: `#/bulletins/${b.id}` }, b.title) },
    { key: 'priority', label: t('workflow.field.priority'), render: (b) => [priorityBadge(t, b.priority), ' ', modeBadge(t, b.mode)] },
    { key: 'state', label: t('workflow.field.state'), render: (b) => stateBadge(t, b.state) },
    { key: 'targets', label: t('workflow.field.targetAreas'), render: (b) => b.targetAreas.map(name).join(', ') },
    { key: 'updated', label: t('workflow.field.updatedAt'), render: (b) => formatDateTime(b.updatedAt) },
  ], rows, { rowKey: (b) => b.id, empty: t('workflow.list.empty'), rowClass: (b) => (b.mode === 'test' ? 'wf-exercise-row' : undefined) });
}

export async function renderBulletins(ctx: ScreenContext): Promise<HTMLElement> {
  installWorkflowStyles();
  const t = tr(ctx);
  const areas = await loadAreas(boundApi(ctx));
  const state = select(STATES.map((s) => ({ value: s, label: s === '' ? t('workflow.list.allStates') : t(`workflow.state.${s}`) })), ctx.query.get('state') ?? '', { name: 'state' });
  const list = h('div', null, loading());
  const load = async (): Promise<void> => {
    const q = state.value === '' ? '' : `?state=${state.value}`;
    const { bulletins } = await ctx.api<{ bulletins: BulletinView[] }>('GET', `/api/bulletins${q}`);
    mount(list, bulletinTable(ctx, bulletins, (c) => areaName(areas, c)));
  };
  state.addEventListener('change', () => void load().catch((e: unknown) => mount(list, errorBox(e))));
  load().catch((e: unknown) => mount(list, errorBox(e)));
  const canDraft = may(ctx, 'bulletin.draft.normal') || may(ctx, 'bulletin.draft.priority');
  return page(t('workflow.list.heading'),
    h('div', { class: 'wf-row' }, canDraft ? button(t('workflow.list.new'), () => ctx.navigate('/bulletins/new'), { variant: 'primary' }) : null, field(t('workflow.field.state'), state).root),
    list);
}
