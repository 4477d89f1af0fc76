// Reports (issue 9; Điều 3.1, 18: evaluate what grassroots information actually reached people): playback per area,
// bulletin, device and day, and device availability, for an area within the account's scope and a date range, with
// charts and CSV / XLSX downloads. The hub scopes every number again (report.read, subtree).
import { loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { button, field, form, select } from '../../core/form.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { errorBox, loading, page } from '../../core/view.js';
import { apiOf, areaSelect, dateInput, daysAgo, downloadLink, homeArea, textOf, timeZoneOf } from './admin-common.js';
import type { AvailabilityReport, PlaybackReport } from './admin-types.js';
import { availabilityView } from './availability-view.js';
import { playbackView } from './playback-view.js';

type View = 'playback' | 'availability';

function tabs(ctx: ScreenContext, view: View): HTMLElement {
  const tab = (v: View, label: string) => h('a', { class: 'tab', href: v === 'playback' ? '#/reports' : '#/reports?view=availability', 'aria-current': v === view ? 'page' : undefined }, label);
  return h('nav', { class: 'tabs', 'aria-label': ctx.t('admin.reports.kinds') }, tab('playback', ctx.t('admin.reports.playback')), tab('availability', ctx.t('admin.reports.availabilityTab')));
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = textOf(ctx);
  const view: View = ctx.query.get('view') === 'availability' ? 'availability' : 'playback';
  const areas = await loadAreas(apiOf(ctx));
  const start = ctx.query.get('area') ?? homeArea(ctx, areas);
  const zone = timeZoneOf(areas, start);
  const area = field(t('admin.reports.area'), areaSelect(areas, start, { name: 'area' }));
  const from = field(t('admin.reports.from'), dateInput('from', ctx.query.get('from') ?? daysAgo(6, zone)));
  const to = field(t('admin.reports.to'), dateInput('to', ctx.query.get('to') ?? daysAgo(0, zone)));
  const allBulletins = { value: '', label: t('admin.reports.allBulletins') };
  const bulletin = field(t('admin.reports.bulletin'), select([allBulletins], '', { name: 'bulletin' }));
  const results = h('div', { class: 'report-results', 'aria-live': 'polite' });
  const downloads = h('div', { class: 'btn-row report-downloads', style: { 'margin-bottom': '1rem' } });

  const params = () => ({
    area: area.control.value, from: from.control.value, to: to.control.value,
    ...(view === 'playback' && bulletin.control.value !== '' ? { bulletin: bulletin.control.value } : {}),
  });

  /** After an unfiltered playback report: offer its bulletins in the filter, keeping the current choice. */
  function offerBulletins(r: PlaybackReport): void {
    const current = bulletin.control.value;
    const options = r.byBulletin.filter((b) => b.bulletinId !== null).map((b) => ({ value: b.bulletinId!, label: b.title ?? b.bulletinId! }));
    bulletin.control.replaceChildren(...[allBulletins, ...options].map((o) => h('option', { value: o.value }, o.label)));
    bulletin.control.value = options.some((o) => o.value === current) ? current : '';
  }

  async function load(): Promise<void> {
    from.setError(null);
    if (from.control.value === '' || to.control.value === '' || from.control.value > to.control.value) {
      from.setError(t('admin.reports.badRange'));
      return;
    }
    mount(results, loading());
    const p = params();
    const query = new URLSearchParams(p).toString();
    const path = view === 'playback' ? '/api/reports/playback' : '/api/reports/availability';
    const exportPath = `${path}/export`;
    const link = (table: string, label: string) => downloadLink(label, exportPath, { ...p, format: 'csv', table, lang: ctx.lang });
    try {
      if (view === 'playback') {
        const r = await ctx.api<PlaybackReport>('GET', `${path}?${query}`);
        if (ctx.signal.aborted) return;
        if (r.bulletin === null) offerBulletins(r);
        mount(results, playbackView(ctx, r, link));
      } else {
        const r = await ctx.api<AvailabilityReport>('GET', `${path}?${query}`);
        if (ctx.signal.aborted) return;
        mount(results, availabilityView(ctx, r, link));
      }
      mount(downloads, downloadLink(t('admin.reports.xlsx'), exportPath, { ...p, format: 'xlsx', lang: ctx.lang }));
    } catch (error) {
      mount(results, errorBox(error));
      mount(downloads);
    }
  }

  const filters = form(load, { class: 'filters report-filters', 'aria-label': t('admin.reports.filters') },
    area.root, from.root, to.root, view === 'playback' ? bulletin.root : null,
    h('div', { class: 'field' }, button(t('admin.reports.show'), undefined, { variant: 'primary', type: 'submit' })));
  await load();
  return page(t(view === 'playback' ? 'admin.reports.title' : 'admin.reports.availabilityTitle'), tabs(ctx, view), filters, downloads, results);
}

export const reportsScreen: Screen = {
  id: 'admin.reports',
  path: '/reports',
  nav: { labelKey: 'admin.nav.reports', order: 60 },
  permission: 'report.read',
  render,
};
