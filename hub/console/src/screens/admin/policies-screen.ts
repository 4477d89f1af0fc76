// Area policies and windows: pick an area within the account's scope and see, and where allowed change, the
// operating windows per device kind (Điều 10) and the approval policy, each marked as default, inherited or own.
import { areaName, loadAreas } from '../../core/areas.js';
import { guarded, h, mount } from '../../core/dom.js';
import { field } from '../../core/form.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { loading, page } from '../../core/view.js';
import { apiOf, areaSelect, homeArea } from './admin-common.js';
import { policyCard } from './policy-card.js';
import { windowsCard } from './windows-card.js';

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const areas = await loadAreas(apiOf(ctx));
  const start = ctx.query.get('area') ?? homeArea(ctx, areas);
  const picker = field(ctx.t('admin.reports.area'), areaSelect(areas, start, { name: 'area' }));
  const cards = h('div', { class: 'stack', 'aria-live': 'polite' });
  const show = async (code: string): Promise<void> => {
    mount(cards, loading());
    const [windows, policy] = await Promise.all([windowsCard(ctx, code), policyCard(ctx, code, (c) => areaName(areas, c))]);
    if (!ctx.signal.aborted && picker.control.value === code) mount(cards, windows, policy);
  };
  picker.control.addEventListener('change', () => guarded(() => show(picker.control.value)));
  if (start !== undefined) await show(start);
  return page(ctx.t('admin.policies.title'), h('div', { class: 'filters' }, picker.root), cards);
}

export const policiesScreen: Screen = {
  id: 'admin.policies',
  path: '/admin/policies',
  nav: { labelKey: 'admin.nav.policies', order: 74 },
  permission: 'area.read',
  render,
};
