// Areas (địa bàn): the tree the account can see, and for the province the CSV import (code,name,parent_code,
// time_zone) with a dry-run preview first: every line marked new, changed or unchanged, every problem with its line
// number and HUB_ERR_* code. The import itself is all-or-nothing (POST /api/areas/import).
import { apiUpload, isApiError } from '../../core/api.js';
import { areaForest, forgetAreas, loadAreas, type AreaNode } from '../../core/areas.js';
import { guarded, h, mount } from '../../core/dom.js';
import { button, field, textarea } from '../../core/form.js';
import { DEFAULT_TIME_ZONE } from '../../core/format.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { toast } from '../../core/toast.js';
import { badge, card, errorBox, page } from '../../core/view.js';
import { apiOf, hasPermission, textOf } from './admin-common.js';
import type { AreaCsvError, AreaWithWindows, ImportPreview } from './admin-types.js';

const EXAMPLE = 'code,name,parent_code,time_zone\n24629,Xã Quảng Thành,660,Asia/Ho_Chi_Minh';

function treeView(ctx: ScreenContext, forest: readonly AreaNode[], own: ReadonlyMap<string, AreaWithWindows>): HTMLElement {
  const item = (n: AreaNode): HTMLElement => {
    const a = own.get(n.area.code);
    const label = h(
      'span',
      { class: 'area-label' },
      h('strong', null, n.area.name), ' ', h('span', { class: 'muted small mono' }, n.area.code),
      n.area.timeZone === DEFAULT_TIME_ZONE ? null : [' ', badge(n.area.timeZone, 'info')],
      a?.windows !== undefined && Object.keys(a.windows).length > 0 ? [' ', badge(ctx.t('admin.areas.ownWindows'), 'muted')] : null,
    );
    if (n.children.length === 0) return h('li', { dataset: { code: n.area.code } }, label);
    return h('li', { dataset: { code: n.area.code } }, h('details', { open: n.depth === 0 }, h('summary', null, label, ' ', h('span', { class: 'muted small' }, ctx.t('admin.areas.children', { n: n.children.length }))), h('ul', null, n.children.map(item))));
  };
  return h('ul', { class: 'area-tree', 'aria-label': ctx.t('admin.areas.tree') }, forest.map(item));
}

export function errorTable(ctx: ScreenContext, errors: readonly AreaCsvError[]): HTMLElement {
  return table(
    [
      { key: 'line', label: ctx.t('admin.areas.line'), className: 'num', render: (e) => (e.line === 0 ? ctx.t('admin.areas.wholeFile') : String(e.line)) },
      { key: 'code', label: ctx.t('admin.areas.errorCode'), render: (e) => h('code', null, e.code) },
      { key: 'area', label: ctx.t('admin.areas.areaCode'), render: (e) => e.areaCode ?? '—' },
      { key: 'message', label: ctx.t('admin.areas.problem'), render: (e) => (ctx.lang === 'en' ? e.messageEn : e.messageVi) },
    ],
    errors,
    { rowKey: (e) => `${e.line}-${e.code}`, caption: ctx.t('admin.areas.errorsCaption', { n: errors.length }) },
  );
}

function previewTable(ctx: ScreenContext, p: ImportPreview): HTMLElement {
  const kinds = { create: ['admin.areas.create', 'ok'], update: ['admin.areas.update', 'warn'], unchanged: ['admin.areas.unchanged', 'muted'] } as const;
  return table(
    [
      { key: 'change', label: ctx.t('admin.areas.change'), render: (a) => badge(ctx.t(kinds[a.change][0]), kinds[a.change][1]) },
      { key: 'code', label: ctx.t('admin.areas.areaCode'), render: (a) => h('code', null, a.code) },
      { key: 'name', label: ctx.t('admin.areas.name'), render: (a) => a.name },
      { key: 'parent', label: ctx.t('admin.areas.parent'), render: (a) => a.parentCode ?? '—' },
      { key: 'zone', label: ctx.t('admin.areas.timeZone'), render: (a) => a.timeZone },
    ],
    p.areas,
    { rowKey: (a) => a.code },
  );
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = textOf(ctx);
  const treeHost = h('div', { class: 'area-tree-host' });

  async function showTree(): Promise<void> {
    try {
      const [visible, { areas }] = await Promise.all([loadAreas(apiOf(ctx)), ctx.api<{ areas: AreaWithWindows[] }>('GET', '/api/areas')]);
      mount(treeHost, treeView(ctx, areaForest(visible), new Map(areas.map((a) => [a.code, a]))));
    } catch (error) {
      mount(treeHost, errorBox(error));
    }
  }
  await showTree();
  const parts: HTMLElement[] = [card(t('admin.areas.treeTitle'), treeHost)];

  if (hasPermission(ctx, 'area.manage')) {
    const text = field(t('admin.areas.csv'), textarea({ name: 'csv', rows: 8, spellcheck: 'false', class: 'mono', placeholder: EXAMPLE }), { hint: t('admin.areas.csvHint') });
    const file = field(t('admin.areas.file'), h('input', { type: 'file', name: 'file', accept: '.csv,text/csv' }));
    const result = h('div', { class: 'stack import-result', 'aria-live': 'polite' });
    let previewed: string | undefined;
    const importButton = button(t('admin.areas.import'), async () => {
      const csv = text.control.value;
      if (csv !== previewed) return;
      try {
        const r = await apiUpload<{ created: number; updated: number }>('/api/areas/import', csv, { contentType: 'text/csv' });
        toast(t('admin.areas.imported', { created: r.created, updated: r.updated }), 'success');
        mount(result, h('p', { class: 'form-message form-message-info', role: 'status' }, t('admin.areas.imported', { created: r.created, updated: r.updated })));
        previewed = undefined;
        importButton.disabled = true;
        forgetAreas();
        await showTree();
      } catch (error) {
        const errors = (isApiError(error, 'HUB_ERR_AREA_CSV') ? (error.details as { errors?: AreaCsvError[] } | undefined)?.errors : undefined) ?? [];
        mount(result, errorBox(error), errors.length > 0 ? errorTable(ctx, errors) : null);
      }
    }, { variant: 'primary', disabled: true });
    const previewButton = button(t('admin.areas.preview'), async () => {
      const csv = text.control.value;
      text.setError(null);
      if (csv.trim() === '') {
        text.setError(t('admin.areas.csvEmpty'));
        return;
      }
      try {
        const p = await apiUpload<ImportPreview>('/api/areas/import/preview', csv, { contentType: 'text/csv' });
        const ok = p.errors.length === 0;
        previewed = ok ? csv : undefined;
        importButton.disabled = !ok;
        mount(
          result,
          h('p', { class: ['form-message', ok ? 'form-message-info' : 'form-message-error'], role: ok ? 'status' : 'alert' },
            ok ? t('admin.areas.previewOk', { created: p.created, updated: p.updated, unchanged: p.unchanged }) : t('admin.areas.previewErrors', { n: p.errors.length })),
          ok ? null : errorTable(ctx, p.errors),
          p.areas.length > 0 ? previewTable(ctx, p) : null,
        );
      } catch (error) {
        importButton.disabled = true;
        mount(result, errorBox(error));
      }
    });
    // Any edit after the preview needs a new preview before the import button works again.
    text.control.addEventListener('input', () => {
      importButton.disabled = text.control.value !== previewed;
    });
    file.control.addEventListener('change', () => {
      const chosen = file.control.files?.[0];
      if (chosen === undefined) return;
      guarded(async () => {
        text.control.value = await chosen.text();
        importButton.disabled = true;
        previewed = undefined;
      });
    });
    parts.push(card(t('admin.areas.importTitle'), h('div', { class: 'stack' },
      h('p', { class: 'muted small' }, t('admin.areas.importHelp')), file.root, text.root, h('div', { class: 'btn-row' }, previewButton, importButton), result)));
  }
  return page(t('admin.areas.title'), h('div', { class: 'stack' }, parts));
}

export const areasScreen: Screen = {
  id: 'admin.areas',
  path: '/admin/areas',
  nav: { labelKey: 'admin.nav.areas', order: 72 },
  permission: 'area.read',
  render,
};
