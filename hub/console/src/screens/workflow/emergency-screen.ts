// The emergency panel (Điều 8.1; issue 9): initiate an alert, a second person approves it, then it is sent at once
// by the urgent path; a live count of devices reached and playing; the big STOP; cancel with the correction already
// drafted (the Hawaii false alert took 38 minutes to correct). Exercise mode looks unmistakably different: striped,
// labelled, and everything it sends is marked test.
import { areaName, loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { confirmDialog } from '../../core/dialog.js';
import { button, field, input, select, textarea } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { toast } from '../../core/toast.js';
import { card, emptyState, errorBox, exerciseBanner, loading, page } from '../../core/view.js';
import { areaPicker } from './area-picker.js';
import { turnOf } from './approval-queue-model.js';
import { actionBar, may } from './bulletin-actions.js';
import { approvalSummary } from './bulletin-screen.js';
import { reachPanel } from './reach-panel.js';
import { boundApi, renewable } from './scoped-context.js';
import { explainError, modeBadge, problemList, stateBadge, tr } from './wf-labels.js';
import { installWorkflowStyles } from './wf-styles.js';
import type { ApprovalStatus, BulletinView, Mode } from './wf-types.js';

const HOUR = 3600_000;
const REFRESH_MS = 4000;
const ACTIVE = new Set(['submitted', 'approved', 'published']);

/** Pure: the emergencies the panel follows — waiting, ready or out now, and those recalled in the last day. */
export function activeEmergencies(all: readonly BulletinView[], now: number): BulletinView[] {
  return all.filter((b) => b.priority === 'emergency' && (ACTIVE.has(b.state) || (b.state === 'recalled' && (b.recalledAt ?? 0) > now - 24 * HOUR)));
}

export async function renderEmergency(ctx: ScreenContext): Promise<HTMLElement> {
  installWorkflowStyles();
  const t = tr(ctx);
  const areas = await loadAreas(boundApi(ctx));
  const name = (c: string): string => areaName(areas, c);
  let mode: Mode = ctx.query.get('mode') === 'test' ? 'test' : 'live';
  const part = renewable(ctx);
  const me = { actor: ctx.session.username, role: ctx.session.role };

  const banner = h('div');
  const shell = h('div', { class: 'wf-stack wf-emergency' });
  const setMode = (m: Mode): void => {
    mode = m;
    shell.classList.toggle('wf-exercise-mode', m === 'test');
    shell.dataset.mode = m;
    mount(banner, m === 'test' ? exerciseBanner() : null);
  };
  const modeChoice = h('fieldset', { class: 'wf-choice' }, h('legend', null, t('workflow.mode.legend')),
    (['live', 'test'] as const).map((m) => h('label', null, h('input', { type: 'radio', name: 'emergency-mode', value: m, checked: mode === m, on: { change: () => setMode(m) } }), t(`workflow.mode.${m}`))));

  // STOP: one authorised person, no approval (permission-matrix.ts 'emergency.stop'); a confirmation, never a wait.
  const stop = h('button', {
    type: 'button', class: 'wf-stop', 'aria-describedby': 'wf-stop-hint',
    on: {
      click: async () => {
        const ok = await confirmDialog({ title: t('workflow.stop.confirmTitle'), message: t('workflow.stop.confirmText', { area: name(ctx.session.areaCode) }), confirmLabel: t('workflow.stop.confirm'), danger: true });
        if (!ok) return;
        const r = await ctx.api<{ stopId: string }>('POST', '/api/stop', { areas: [ctx.session.areaCode], mode, reason: mode === 'test' ? 'Diễn tập: dừng khẩn' : 'Dừng khẩn từ bảng điều khiển' });
        toast(t('workflow.stop.sent', { id: r.stopId }), 'success');
        stop.dataset.stopId = r.stopId;
      },
    },
  }, t('workflow.stop.button'));
  const stopCard = may(ctx, 'emergency.stop') ? h('section', { class: 'wf-stack' }, stop, h('p', { id: 'wf-stop-hint', class: 'field-hint' }, t('workflow.stop.hint', { area: name(ctx.session.areaCode) }))) : null;

  // Initiate: spoken text to the chosen areas, played at once once a second person approves.
  const title = input({ name: 'emergency-title', maxlength: 200, value: t('workflow.emergency.defaultTitle') });
  const text = textarea({ name: 'emergency-text', rows: 4, maxlength: 10_000 });
  const hours = select([1, 2, 3, 6, 12, 24].map((n) => ({ value: String(n), label: t('workflow.emergency.hours', { n }) })), '2', { name: 'emergency-hours' });
  const repeat = select([1, 2, 3, 5].map((n) => ({ value: String(n), label: String(n) })), '3', { name: 'emergency-repeat' });
  const picker = areaPicker({ areas, initial: [ctx.session.areaCode], legend: t('workflow.composer.targets'), includedLabel: t('workflow.composer.included') });
  const problems = h('div', { 'aria-live': 'assertive' });
  const initiate = button(t('workflow.emergency.initiate'), async () => {
    mount(problems);
    const lines = [
      ...(title.value.trim() === '' ? [t('workflow.problem.titleEmpty')] : []),
      ...(text.value.trim() === '' ? [t('workflow.problem.ttsEmpty')] : []),
      ...(picker.selected().length === 0 ? [t('workflow.problem.noTargets')] : []),
    ];
    if (lines.length > 0) {
      mount(problems, problemList(lines));
      return;
    }
    try {
      const { bulletin } = await ctx.api<{ bulletin: BulletinView }>('POST', '/api/bulletins', {
        title: title.value.trim(), priority: 'emergency', mode, originArea: ctx.session.areaCode, targetAreas: picker.selected(),
        content: { kind: 'tts', text: text.value.trim() }, schedule: { type: 'now' }, repeat: Number(repeat.value), validUntil: Date.now() + Number(hours.value) * HOUR,
      });
      await ctx.api('POST', `/api/bulletins/${bulletin.id}/submit`);
      text.value = '';
      toast(t('workflow.emergency.initiated'), 'success');
      await refresh(true);
    } catch (error) {
      mount(problems, problemList(explainError(t, error, name)));
    }
  }, { variant: 'danger' });
  const initiateCard = may(ctx, 'bulletin.draft.emergency')
    ? card(t('workflow.emergency.initiateHeading'), h('div', { class: 'wf-stack' },
      field(t('workflow.composer.title'), title, { required: true }).root,
      field(t('workflow.emergency.text'), text, { required: true, hint: t('workflow.emergency.textHint') }).root,
      picker.root,
      h('div', { class: 'wf-row' }, field(t('workflow.schedule.repeat'), repeat).root, field(t('workflow.emergency.validFor'), hours).root),
      problems, initiate))
    : null;

  // The alerts in progress; re-drawn only when one changes, so the live counts are not reset every few seconds.
  const activeBox = h('div', { class: 'wf-stack' }, loading());
  let signature = '';
  const alertCard = (inner: ScreenContext, b: BulletinView, status: ApprovalStatus): HTMLElement =>
    h('article', { class: ['card', 'wf-alert', b.mode === 'test' ? 'wf-exercise-mode' : null], dataset: { bulletin: b.id, state: b.state } },
      b.mode === 'test' ? exerciseBanner() : null,
      h('h3', null, h('a', { href: `#/bulletins/${b.id}` }, b.title)),
      h('p', { class: 'wf-row' }, stateBadge(t, b.state), modeBadge(t, b.mode)),
      b.state === 'submitted' ? approvalSummary(inner, b, status) : null,
      b.state === 'approved' ? h('p', null, t('workflow.emergency.ready')) : null,
      actionBar(inner, b, { areaName: name, done: () => refresh(true), canApprove: turnOf(me, b, status).kind === 'mine' }),
      b.state === 'published' || b.state === 'recalled' ? reachPanel(inner, b.id, name) : null);

  const refresh = async (force = false): Promise<void> => {
    const { bulletins } = await ctx.api<{ bulletins: BulletinView[] }>('GET', '/api/bulletins?limit=100');
    const active = activeEmergencies(bulletins, Date.now());
    const statuses = await Promise.all(active.map((b) => ctx.api<ApprovalStatus>('GET', `/api/bulletins/${b.id}/approval`)));
    const next = JSON.stringify(active.map((b, i) => [b.id, b.state, b.revision, statuses[i]?.votes.length]));
    if (!force && next === signature) return;
    signature = next;
    const inner = part();
    mount(activeBox, active.length === 0 ? emptyState(t('workflow.emergency.none')) : active.map((b, i) => alertCard(inner, b, statuses[i] as ApprovalStatus)));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = (): void => {
    timer = setTimeout(() => void refresh().catch(() => undefined).finally(poll), REFRESH_MS);
  };
  ctx.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  ctx.onLive('bulletin.changed', () => void refresh().catch(() => undefined));
  refresh(true).catch((e: unknown) => mount(activeBox, errorBox(e))).finally(poll);

  mount(shell, modeChoice, stopCard, card(t('workflow.emergency.activeHeading'), activeBox), initiateCard);
  setMode(mode);
  return page(t('workflow.emergency.heading'), banner, shell);
}
