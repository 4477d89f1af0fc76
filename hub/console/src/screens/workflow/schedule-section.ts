// When it plays (Điều 8, 10): priority decides the choices — an emergency plays at once; priority and normal
// bulletins go to the next operating window, a one-off time, or daily / chosen weekdays at set times within a date
// range — then repeat, validity, and live or exercise. Times are the area's local time (zoned-time.ts).
import { h, mount } from '../../core/dom.js';
import { field, input, select } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { scheduleKindsFor, type ComposerDraft, type ScheduleKind } from './composer-model.js';
import type { Priority } from './wf-types.js';
import { tr } from './wf-labels.js';

function radios<V extends string>(name: string, legend: string, values: readonly V[], current: V, label: (v: V) => string, onPick: (v: V) => void): HTMLElement {
  return h(
    'fieldset',
    { class: 'wf-choice' },
    h('legend', null, legend),
    values.map((v) => h('label', null, h('input', { type: 'radio', name, value: v, checked: v === current, on: { change: () => onPick(v) } }), label(v))),
  );
}

export interface ScheduleSectionOptions {
  /** Emergency panel: priority fixed to emergency, no schedule choice. */
  readonly fixedPriority?: Priority;
  readonly onPriority?: (p: Priority) => void;
}

export function scheduleSection(ctx: ScreenContext, draft: ComposerDraft, o: ScheduleSectionOptions = {}): HTMLElement {
  const t = tr(ctx);
  const whenBox = h('div', { class: 'wf-stack' });
  const bind = (el: HTMLInputElement, set: (v: string) => void): HTMLInputElement => {
    el.addEventListener('input', () => set(el.value));
    el.addEventListener('change', () => set(el.value));
    return el;
  };

  const renderWhen = (): void => {
    const kinds = scheduleKindsFor(draft.priority);
    if (!kinds.includes(draft.scheduleKind)) draft.scheduleKind = kinds[0] ?? 'nextWindow';
    const parts: HTMLElement[] = [];
    if (kinds.length > 1) parts.push(radios<ScheduleKind>('schedule-kind', t('workflow.schedule.legend'), kinds, draft.scheduleKind, (k) => t(`workflow.schedule.${k}`), (k) => {
      draft.scheduleKind = k;
      renderWhen();
    }));
    else parts.push(h('p', { class: 'field-hint' }, t('workflow.schedule.nowHint')));
    if (draft.scheduleKind === 'once') {
      parts.push(h('div', { class: 'wf-row' },
        field(t('workflow.schedule.date'), bind(input({ type: 'date', name: 'once-date', value: draft.onceDate }), (v) => (draft.onceDate = v))).root,
        field(t('workflow.schedule.time'), bind(input({ type: 'time', name: 'once-time', value: draft.onceTime }), (v) => (draft.onceTime = v))).root));
    }
    if (draft.scheduleKind === 'recurring') {
      const days = h('fieldset', { class: 'wf-choice' }, h('legend', null, t('workflow.schedule.weekdays')),
        [1, 2, 3, 4, 5, 6, 7].map((d) => h('label', null, h('input', {
          type: 'checkbox', name: 'weekday', value: String(d), checked: draft.weekdays.includes(d),
          on: { change: (e) => { draft.weekdays = (e.target as HTMLInputElement).checked ? [...new Set([...draft.weekdays, d])] : draft.weekdays.filter((x) => x !== d); } },
        }), t(`workflow.weekday.${d}`))));
      parts.push(days, h('div', { class: 'wf-row' },
        field(t('workflow.schedule.times'), bind(input({ name: 'times', value: draft.times, inputmode: 'numeric', placeholder: '05:30, 17:15' }), (v) => (draft.times = v)), { hint: t('workflow.schedule.timesHint') }).root,
        field(t('workflow.schedule.fromDate'), bind(input({ type: 'date', name: 'from-date', value: draft.fromDate }), (v) => (draft.fromDate = v))).root,
        field(t('workflow.schedule.toDate'), bind(input({ type: 'date', name: 'to-date', value: draft.toDate }), (v) => (draft.toDate = v))).root));
    }
    if (draft.scheduleKind === 'nextWindow') parts.push(h('p', { class: 'field-hint' }, t('workflow.schedule.nextWindowHint')));
    mount(whenBox, parts);
  };

  const priority = o.fixedPriority === undefined
    ? radios<Priority>('priority', t('workflow.priority.legend'), ['priority', 'normal', 'emergency'], draft.priority, (p) => t(`workflow.priority.${p}`), (p) => {
      draft.priority = p;
      o.onPriority?.(p);
      renderWhen();
    })
    : null;
  const mode = radios<'live' | 'test'>('mode', t('workflow.mode.legend'), ['live', 'test'], draft.mode, (m) => t(`workflow.mode.${m}`), (m) => {
    draft.mode = m;
    root.classList.toggle('wf-exercise-mode', m === 'test');
  });
  const repeat = select(Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })), String(draft.repeat), { name: 'repeat' });
  repeat.addEventListener('change', () => (draft.repeat = Number(repeat.value)));

  renderWhen();
  const root = h(
    'div',
    { class: ['wf-stack', draft.mode === 'test' ? 'wf-exercise-mode' : null] },
    priority,
    whenBox,
    h('div', { class: 'wf-row' },
      field(t('workflow.schedule.repeat'), repeat, { hint: t('workflow.schedule.repeatHint') }).root,
      field(t('workflow.schedule.validUntilDate'), bind(input({ type: 'date', name: 'valid-until-date', value: draft.validUntilDate }), (v) => (draft.validUntilDate = v))).root,
      field(t('workflow.schedule.validUntilTime'), bind(input({ type: 'time', name: 'valid-until-time', value: draft.validUntilTime }), (v) => (draft.validUntilTime = v))).root),
    mode,
  );
  return root;
}
