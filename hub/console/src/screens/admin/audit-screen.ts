// The audit log (issue 4, 9): every change by a person or a device command, filterable by area, dates, actor and
// action, newest first a page at a time; and for the province a verification of the whole hash chain with a verdict
// an official can read: intact, or the first broken link and what it means.
import { loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { button, field, form, input } from '../../core/form.js';
import { formatDateTime, formatNumber } from '../../core/format.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { card, errorBox, loading, page } from '../../core/view.js';
import { apiOf, areaSelect, hasPermission, homeArea, textOf, timeZoneOf } from './admin-common.js';
import type { AuditEntry, AuditVerification } from './admin-types.js';

const PAGE = 50;
const DAY_MS = 24 * 3600_000;

/** Local midnight starting 'YYYY-MM-DD' in a zone with an offset inside ±12 h (all of Vietnam's neighbours). */
export function localMidnight(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const noon = Date.UTC(y, m - 1, d, 12);
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
  const [hh, mm] = f.format(noon).split(':').map(Number) as [number, number];
  return noon - (hh * 60 + mm) * 60_000;
}

export function verdictView(ctx: ScreenContext, v: AuditVerification): HTMLElement {
  const t = textOf(ctx);
  const lang = ctx.lang;
  if (v.ok) {
    return h('div', { class: 'stat stat-ok audit-verdict', role: 'status', dataset: { verdict: 'intact' } },
      h('div', { class: 'stat-value' }, t('admin.audit.intact')),
      h('p', { class: 'stat-label' }, t('admin.audit.intactDetail', { n: formatNumber(v.checked, lang), seq: v.head.seq })),
      h('p', { class: 'small mono' }, t('admin.audit.head', { hash: v.head.hash })));
  }
  const b = v.firstBreak!;
  const reason = b.reason === 'relinked' ? t('admin.audit.break.relinked', { seq: b.seq, previous: b.previousSeq })
    : b.reason === 'truncated' ? t('admin.audit.break.truncated', { seq: b.seq, issued: b.issued })
      : t(`admin.audit.break.${b.reason}`, { seq: b.seq });
  return h('div', { class: 'stat stat-danger audit-verdict', role: 'alert', dataset: { verdict: 'broken' } },
    h('div', { class: 'stat-value' }, t('admin.audit.broken')),
    h('p', null, reason),
    h('p', { class: 'stat-label' }, t('admin.audit.brokenAdvice', { n: formatNumber(v.checked, lang) })));
}

function details(entry: AuditEntry, t: ScreenContext['t']): HTMLElement {
  return h('details', null, h('summary', null, t('admin.audit.show')),
    h('pre', { class: 'small audit-json', style: { 'white-space': 'pre-wrap', 'word-break': 'break-word', 'max-width': '40rem' } },
      JSON.stringify({ before: entry.before, after: entry.after }, null, 2)));
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = textOf(ctx);
  const areas = await loadAreas(apiOf(ctx));
  const zone = timeZoneOf(areas, homeArea(ctx, areas));
  const areaPicker = areaSelect(areas, undefined, { name: 'area' });
  areaPicker.prepend(h('option', { value: '' }, t('admin.audit.myScope')));
  areaPicker.value = '';
  const area = field(t('admin.reports.area'), areaPicker);
  const from = field(t('admin.reports.from'), h('input', { type: 'date', name: 'from' }));
  const to = field(t('admin.reports.to'), h('input', { type: 'date', name: 'to' }));
  const actor = field(t('admin.audit.actor'), input({ name: 'actor', maxlength: 64 }));
  const action = field(t('admin.audit.action'), input({ name: 'action', maxlength: 120, list: 'audit-actions', spellcheck: 'false' }), { hint: t('admin.audit.actionHint') });
  const suggestions = h('datalist', { id: 'audit-actions' },
    ['POST /api/session', '/api/accounts', '/api/bulletins', '/approve', '/api/areas', '/windows', '/api/devices', '/api/stop'].map((a) => h('option', { value: a })));
  const list = h('div', { class: 'audit-list', 'aria-live': 'polite' });
  const pager = h('div', { class: 'btn-row audit-pager' });
  /** The `before` of each newer page, to go back to (undefined: the newest page). */
  let history: (number | undefined)[] = [];

  async function load(before?: number): Promise<void> {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (area.control.value !== '') q.set('area', area.control.value);
    if (from.control.value !== '') q.set('from', String(localMidnight(from.control.value, zone)));
    if (to.control.value !== '') q.set('to', String(localMidnight(to.control.value, zone) + DAY_MS));
    if (actor.control.value.trim() !== '') q.set('actor', actor.control.value.trim());
    if (action.control.value.trim() !== '') q.set('action', action.control.value.trim());
    if (before !== undefined) q.set('before', String(before));
    mount(list, loading());
    try {
      const r = await ctx.api<{ entries: AuditEntry[]; more: boolean }>('GET', `/api/audit/search?${q.toString()}`);
      if (ctx.signal.aborted) return;
      mount(list, table(
        [
          { key: 'seq', label: '#', className: 'num', render: (e) => String(e.seq) },
          { key: 'at', label: t('admin.audit.at'), render: (e) => formatDateTime(e.at, zone) },
          { key: 'actor', label: t('admin.audit.actor'), render: (e) => [e.actor, e.actorIp === null ? null : [h('br'), h('span', { class: 'muted small' }, e.actorIp)]] },
          { key: 'action', label: t('admin.audit.action'), render: (e) => h('code', null, e.action) },
          { key: 'target', label: t('admin.audit.target'), render: (e) => e.target ?? '—' },
          { key: 'area', label: t('admin.reports.area'), render: (e) => (e.area === null ? '—' : areas.find((a) => a.code === e.area)?.name ?? e.area) },
          { key: 'details', label: t('admin.audit.details'), render: (e) => details(e, t) },
        ],
        r.entries,
        { rowKey: (e) => String(e.seq), empty: t('admin.audit.none') },
      ));
      const last = r.entries[r.entries.length - 1];
      mount(pager,
        history.length > 0 ? button(t('admin.audit.newer'), () => load(history.pop())) : null,
        r.more && last !== undefined ? button(t('admin.audit.older'), () => {
          history.push(before);
          return load(last.seq);
        }) : null);
    } catch (error) {
      mount(list, errorBox(error));
      mount(pager);
    }
  }

  const filters = form(() => {
    history = [];
    return load();
  }, { class: 'filters audit-filters', 'aria-label': t('admin.audit.filters') }, area.root, from.root, to.root, actor.root, action.root, suggestions,
  h('div', { class: 'field' }, button(t('admin.audit.search'), undefined, { variant: 'primary', type: 'submit' })));

  const parts: HTMLElement[] = [];
  if (hasPermission(ctx, 'audit.verify')) {
    const verdict = h('div', { class: 'audit-verdict-host', 'aria-live': 'polite' });
    parts.push(card(t('admin.audit.verifyTitle'), h('div', { class: 'stack' },
      h('p', { class: 'muted small' }, t('admin.audit.verifyHelp')),
      h('div', { class: 'btn-row' }, button(t('admin.audit.verify'), async () => {
        mount(verdict, loading(t('admin.audit.verifying')));
        try {
          mount(verdict, verdictView(ctx, await ctx.api<AuditVerification>('GET', '/api/audit/verify')));
        } catch (error) {
          mount(verdict, errorBox(error));
        }
      }, { variant: 'primary' })),
      verdict)));
  }
  await load();
  parts.push(card(t('admin.audit.entries'), h('div', { class: 'stack' }, filters, list, pager)));
  return page(t('admin.audit.title'), h('div', { class: 'stack' }, parts));
}

export const auditScreen: Screen = {
  id: 'admin.audit',
  path: '/admin/audit',
  nav: { labelKey: 'admin.nav.audit', order: 76 },
  permission: 'audit.read',
  render,
};
