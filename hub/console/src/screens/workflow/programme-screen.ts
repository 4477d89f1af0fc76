// The programme calendar per area and day (issue 9): what plays when and why, computed by the devices' own
// buildProgramme (GET /api/areas/:code/programme/preview), with the operating windows (Điều 10) and what will not
// play and why. Commune officials choose normal bulletins (Điều 8.3) and order priority ones (Điều 8.2) here.
import { areaName, flattenForest, areaForest, loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { button, field, input, select } from '../../core/form.js';
import { formatDay, formatTime } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { toast } from '../../core/toast.js';
import { card, emptyState, errorBox, loading, page } from '../../core/view.js';
import { may } from './bulletin-actions.js';
import { initialChoices, move, selectionsToSave, type ChoiceState, type NormalChoice } from './programme-model.js';
import { explainError, modeBadge, priorityBadge, problemList, scheduleText, tr } from './wf-labels.js';
import { installWorkflowStyles } from './wf-styles.js';
import type { BulletinView, DeviceKind, ProgrammeDay, ProgrammePreview, Selection } from './wf-types.js';
import { zonedEpoch, zonedParts } from './zoned-time.js';
import { boundApi } from './scoped-context.js';

const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

export async function renderProgramme(ctx: ScreenContext): Promise<HTMLElement> {
  installWorkflowStyles();
  const t = tr(ctx);
  const areas = await loadAreas(boundApi(ctx));
  const flat = flattenForest(areaForest(areas));
  const name = (c: string): string => areaName(areas, c);
  const startArea = ctx.query.get('area') ?? ctx.session.areaCode;
  const areaSelect = select(flat.map((n) => ({ value: n.area.code, label: `${'\u2003'.repeat(n.depth)}${n.area.name}` })), startArea, { name: 'programme-area' });
  const tzOf = (): string => areas.find((a) => a.code === areaSelect.value)?.timeZone ?? DEFAULT_TZ;
  const date = input({ type: 'date', name: 'programme-date', value: ctx.query.get('date') ?? zonedParts(Date.now(), tzOf()).date });
  const kind = select((['loudspeaker', 'led'] as const).map((k) => ({ value: k, label: t(`workflow.kind.${k}`) })), ctx.query.get('kind') ?? 'loudspeaker', { name: 'programme-kind' });
  const calendar = h('div', { class: 'wf-stack' }, loading());
  const choices = h('div', { class: 'wf-stack' });

  const dayView = (day: ProgrammeDay, tz: string): HTMLElement => h('div', { class: 'wf-stack', dataset: { date: day.date } },
    h('h3', null, formatDay(day.fromMs, ctx.lang, tz)),
    h('p', null, `${t('workflow.programme.windows')}: `, day.windows.length === 0 ? t('workflow.programme.noWindows') : day.windows.map((w) => `${w.start}–${w.end}`).join(', ')),
    day.slots.length === 0 ? emptyState(t('workflow.programme.noSlots')) : h('ol', { class: 'wf-slots' }, day.slots.map((s) => h('li', { dataset: { bulletin: s.bulletinId, reason: s.reason.code } },
      h('time', { datetime: new Date(s.startAt).toISOString() }, `${formatTime(s.startAt, tz)}–${formatTime(s.endAt, tz)}`),
      h('span', null, h('a', { href: `#/bulletins/${s.bulletinId}` }, s.title), ' ', priorityBadge(t, s.priority), ' ', modeBadge(t, s.mode), s.repeat > 1 ? ` ×${s.repeat}` : ''),
      h('span', { class: 'wf-why' }, `${t('workflow.programme.why')}: ${ctx.lang === 'en' ? s.reason.en : s.reason.vi}`)))),
    day.warnings.length === 0 ? null : h('div', { class: 'wf-stack' }, h('h4', null, t('workflow.programme.notPlaying')),
      h('ul', { class: 'wf-problems' }, day.warnings.map((w) => h('li', { dataset: { bulletin: w.bulletinId, code: w.code } }, h('strong', null, w.title), `: ${ctx.lang === 'en' ? w.en : w.vi}`)))));

  const loadCalendar = async (): Promise<void> => {
    const code = areaSelect.value;
    const r = await ctx.api<ProgrammePreview>('GET', `/api/areas/${code}/programme/preview?from=${date.value}&days=1&kind=${kind.value as DeviceKind}`);
    mount(calendar, r.days.map((d) => dayView(d, r.area.timeZone)));
  };

  const normalRow = (b: BulletinView, c: NormalChoice, state: { current: ChoiceState }, tz: string): HTMLElement => {
    const chosen = h('input', { type: 'checkbox', name: `choose-${b.id}`, checked: c.chosen });
    const how = select([
      { value: 'own', label: `${t('workflow.programme.ownSchedule')} (${scheduleText(t, b.schedule, tz)})` },
      { value: 'nextWindow', label: t('workflow.schedule.nextWindow') },
      { value: 'once', label: t('workflow.schedule.once') },
    ], c.schedule === undefined ? 'own' : c.schedule.type === 'once' ? 'once' : 'nextWindow', { name: `how-${b.id}` });
    const at = c.schedule?.type === 'once' ? zonedParts(c.schedule.at, tz) : { date: date.value, time: '17:00' };
    const onDate = input({ type: 'date', name: `at-date-${b.id}`, value: at.date });
    const onTime = input({ type: 'time', name: `at-time-${b.id}`, value: at.time });
    const sync = (): void => {
      const when = how.value === 'once' ? zonedEpoch(onDate.value, onTime.value, tz) : undefined;
      const schedule = how.value === 'nextWindow' ? { type: 'nextWindow' as const } : how.value === 'once' && when !== undefined ? { type: 'once' as const, at: when } : undefined;
      const next = new Map(state.current.normal);
      next.set(b.id, { chosen: chosen.checked, ...(schedule === undefined ? {} : { schedule }) });
      state.current = { ...state.current, normal: next };
      onDate.hidden = onTime.hidden = how.value !== 'once';
    };
    for (const el of [chosen, how, onDate, onTime]) el.addEventListener('change', sync);
    onDate.hidden = onTime.hidden = how.value !== 'once';
    return h('li', { dataset: { bulletin: b.id } }, h('label', null, chosen, ` ${b.title}`), how, onDate, onTime);
  };

  const loadChoices = async (): Promise<void> => {
    const code = areaSelect.value;
    if (!may(ctx, 'programme.choose')) return mount(choices);
    const tz = tzOf();
    const [{ bulletins }, { selections }] = await Promise.all([
      ctx.api<{ bulletins: BulletinView[] }>('GET', `/api/bulletins?state=published&area=${code}`),
      ctx.api<{ selections: Selection[] }>('GET', `/api/areas/${code}/selections`),
    ]);
    const offered = bulletins.filter((b) => b.priority !== 'emergency');
    const byId = new Map(offered.map((b) => [b.id, b]));
    const state = { current: initialChoices(offered, selections) };
    const orderList = h('ol', { class: 'wf-order', dataset: { list: 'priority' } });
    const drawOrder = (): void => mount(orderList, state.current.priorityOrder.map((id, i) => {
      const b = byId.get(id);
      const label = b?.title ?? id;
      return h('li', { dataset: { bulletin: id } },
        h('span', null, `${i + 1}. ${label} `, h('small', null, b === undefined ? '' : name(b.originArea))),
        button(t('workflow.programme.up'), () => { state.current = { ...state.current, priorityOrder: move(state.current.priorityOrder, id, -1) }; drawOrder(); }, { disabled: i === 0, title: t('workflow.programme.upTitle', { title: label }) }),
        button(t('workflow.programme.down'), () => { state.current = { ...state.current, priorityOrder: move(state.current.priorityOrder, id, 1) }; drawOrder(); }, { disabled: i === state.current.priorityOrder.length - 1, title: t('workflow.programme.downTitle', { title: label }) }));
    }));
    drawOrder();
    const normals = offered.filter((b) => b.priority === 'normal');
    const problems = h('div', { 'aria-live': 'assertive' });
    const save = button(t('workflow.programme.save'), async () => {
      mount(problems);
      try {
        await ctx.api('PUT', `/api/areas/${code}/selections`, { selections: selectionsToSave(state.current, selections) });
        toast(t('workflow.programme.saved'), 'success');
        await Promise.all([loadCalendar(), loadChoices()]);
      } catch (error) {
        mount(problems, problemList(explainError(t, error, name)));
      }
    }, { variant: 'primary' });
    mount(choices, card(t('workflow.programme.choicesHeading', { area: name(code) }), h('div', { class: 'wf-stack' },
      h('h3', null, t('workflow.programme.priorityHeading')),
      h('p', { class: 'field-hint' }, t('workflow.programme.priorityHint')),
      state.current.priorityOrder.length === 0 ? emptyState(t('workflow.programme.noPriority')) : orderList,
      h('h3', null, t('workflow.programme.normalHeading')),
      h('p', { class: 'field-hint' }, t('workflow.programme.normalHint')),
      normals.length === 0 ? emptyState(t('workflow.programme.noNormal')) : h('ul', { class: 'wf-order', dataset: { list: 'normal' } }, normals.map((b) => normalRow(b, state.current.normal.get(b.id) ?? { chosen: false }, state, tz))),
      problems, save)));
  };

  const reload = (): void => {
    loadCalendar().catch((e: unknown) => mount(calendar, errorBox(e)));
    loadChoices().catch((e: unknown) => mount(choices, errorBox(e)));
  };
  for (const el of [areaSelect, date, kind]) el.addEventListener('change', reload);
  reload();
  return page(t('workflow.programme.heading'),
    h('div', { class: 'wf-row' }, field(t('workflow.programme.area'), areaSelect).root, field(t('workflow.programme.date'), date).root, field(t('workflow.programme.kind'), kind).root),
    card(null, calendar),
    choices);
}
