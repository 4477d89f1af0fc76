// Operating windows per device kind for one area (Điều 10, QĐ 993/2024): what is in force and where it comes from
// (the regulation's defaults, an ancestor, or the area itself), and for those who may set them an editor that saves
// an override or returns to inheriting. Outside the windows only emergencies play.
import { isApiError } from '../../core/api.js';
import { confirmDialog } from '../../core/dialog.js';
import { h, mount } from '../../core/dom.js';
import { button } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { toast } from '../../core/toast.js';
import { badge, card, errorBox } from '../../core/view.js';
import { hasPermission, textOf } from './admin-common.js';
import { DEVICE_KINDS, type DeviceKind, type OperatingWindow } from './admin-types.js';

interface InForce {
  readonly windows: readonly OperatingWindow[];
  readonly from: { readonly code: string; readonly name: string } | null;
  readonly own: readonly OperatingWindow[] | null;
}

interface WindowsAnswer {
  readonly area: { readonly code: string; readonly name: string };
  readonly kinds: Record<DeviceKind, InForce>;
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function windowsText(windows: readonly OperatingWindow[], t: ScreenContext['t']): string {
  return windows.length === 0 ? t('admin.windows.none') : windows.map((w) => `${w.start}–${w.end}`).join(', ');
}

function source(ctx: ScreenContext, code: string, f: InForce): HTMLElement {
  if (f.from === null) return badge(ctx.t('admin.windows.fromDefault'), 'info');
  if (f.from.code === code) return badge(ctx.t('admin.windows.fromOwn'), 'ok');
  return badge(ctx.t('admin.windows.fromParent', { name: f.from.name }), 'muted');
}

function editor(ctx: ScreenContext, code: string, kind: DeviceKind, f: InForce, reload: () => Promise<void>): HTMLElement {
  const t = textOf(ctx);
  const rows = h('div', { class: 'stack window-rows' });
  const message = h('p', { class: 'form-message form-message-error', role: 'alert', hidden: true });
  const timeInput = (label: string, value: string) =>
    h('input', { type: 'text', inputmode: 'numeric', maxlength: 5, size: 6, placeholder: 'HH:MM', value, 'aria-label': label, class: 'window-time', style: { width: '6rem', flex: 'none' } });
  const addRow = (w: OperatingWindow) => {
    const n = rows.children.length + 1;
    const row: HTMLElement = h('div', { class: 'btn-row window-row' },
      timeInput(t('admin.windows.startOf', { n }), w.start), '–', timeInput(t('admin.windows.endOf', { n }), w.end),
      button(t('admin.windows.remove'), () => row.remove(), { variant: 'link' }));
    rows.appendChild(row);
  };
  for (const w of f.windows) addRow(w);

  async function save(windows: OperatingWindow[] | null): Promise<void> {
    message.hidden = true;
    try {
      await ctx.api('PUT', `/api/areas/${encodeURIComponent(code)}/windows/${kind}`, { windows });
      toast(t(windows === null ? 'admin.windows.inherited' : 'admin.windows.saved'), 'success');
      await reload();
    } catch (error) {
      message.textContent = `${error instanceof Error ? error.message : String(error)}${isApiError(error) ? ` (${error.code})` : ''}`;
      message.hidden = false;
    }
  }

  const saveButton = button(t('admin.windows.save'), async () => {
    const windows = [...rows.querySelectorAll('.window-row')].map((row) => {
      const [start, end] = [...row.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value.trim());
      return { start: start ?? '', end: end ?? '' };
    });
    const bad = windows.find((w) => !CLOCK.test(w.start) || !CLOCK.test(w.end) || w.end <= w.start);
    if (bad !== undefined) {
      message.textContent = t('admin.windows.badTime', { start: bad.start || '?', end: bad.end || '?' });
      message.hidden = false;
      return;
    }
    if (windows.length === 0 && !(await confirmDialog({ title: t('admin.windows.emptyTitle'), message: t('admin.windows.emptyConfirm'), danger: true }))) return;
    await save(windows);
  }, { variant: 'primary' });
  return h('details', { class: 'window-editor' },
    h('summary', null, t('admin.windows.edit')),
    rows,
    h('div', { class: 'btn-row' },
      button(t('admin.windows.add'), () => addRow({ start: '', end: '' })),
      saveButton,
      f.own === null ? null : button(t('admin.windows.inherit'), () => save(null))),
    message);
}

/** The card for one area; `reload` re-renders it after a change. */
export async function windowsCard(ctx: ScreenContext, code: string): Promise<HTMLElement> {
  const body = h('div', { class: 'stack' });
  const reload = async (): Promise<void> => {
    try {
      const answer = await ctx.api<WindowsAnswer>('GET', `/api/areas/${encodeURIComponent(code)}/windows`);
      const may = hasPermission(ctx, 'area.windows');
      mount(body, h('p', { class: 'muted small' }, ctx.t('admin.windows.help')), DEVICE_KINDS.map((kind) => {
        const f = answer.kinds[kind];
        return h('section', { class: 'stack window-kind', dataset: { kind } },
          h('h3', null, ctx.t(`admin.kind.${kind}`)),
          h('p', null, h('strong', { class: 'windows-in-force' }, windowsText(f.windows, textOf(ctx))), ' ', source(ctx, code, f)),
          may ? editor(ctx, code, kind, f, reload) : null);
      }));
    } catch (error) {
      mount(body, errorBox(error));
    }
  };
  await reload();
  return card(ctx.t('admin.windows.title'), body);
}
