// The bulletin composer (issue 9): what it says (speech, audio or a recording for loudspeakers; slides for LED
// boards), where (a tree of the account's own areas), when (schedule, repeat, validity), how urgent, live or exercise.
// Saved as a draft, or saved and submitted for approval; the hub's refusals are shown in the domain's words.
import { areaName, loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { button, field, input, textarea } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { exerciseBanner, page } from '../../core/view.js';
import { areaPicker } from './area-picker.js';
import { audioSection } from './audio-section.js';
import { draftFromBulletin, emptyDraft, toNewBulletin, type Channel, type ComposerDraft } from './composer-model.js';
import { ledSection } from './led-section.js';
import { scheduleSection } from './schedule-section.js';
import { explainError, problemList, tr } from './wf-labels.js';
import { installWorkflowStyles } from './wf-styles.js';
import type { BulletinView, Priority } from './wf-types.js';
import { boundApi } from './scoped-context.js';

const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

export async function renderComposer(ctx: ScreenContext): Promise<HTMLElement> {
  installWorkflowStyles();
  const t = tr(ctx);
  const areas = await loadAreas(boundApi(ctx));
  const editing = ctx.params.id;
  const existing = editing === undefined ? undefined : (await ctx.api<{ bulletin: BulletinView }>('GET', `/api/bulletins/${editing}`)).bulletin;
  const originArea = existing?.originArea ?? ctx.session.areaCode;
  const timeZone = areas.find((a) => a.code === originArea)?.timeZone ?? DEFAULT_TZ;
  const asked = ctx.query.get('priority');
  const priority: Priority = asked === 'emergency' || asked === 'normal' ? asked : 'priority';
  const draft: ComposerDraft = existing === undefined ? emptyDraft(Date.now(), timeZone, priority) : draftFromBulletin(existing, Date.now(), timeZone);
  if (existing === undefined && ctx.query.get('mode') === 'test') draft.mode = 'test';
  // A new bulletin goes to the author's own area unless they narrow or widen it (a commune officer has only that).
  if (existing === undefined) draft.targets = [originArea];

  const title = input({ name: 'title', maxlength: 200, value: draft.title, autocomplete: 'off' });
  title.addEventListener('input', () => (draft.title = title.value));
  const summary = textarea({ name: 'summary', rows: 2, maxlength: 1000, value: draft.summary });
  summary.addEventListener('input', () => (draft.summary = summary.value));
  const titleField = field(t('workflow.composer.title'), title, { required: true });

  const contentBox = h('div', { class: 'wf-stack' });
  const showContent = (): void => mount(contentBox, draft.channel === 'loudspeaker' ? audioSection(ctx, draft) : ledSection(ctx, draft));
  const channel = h('fieldset', { class: 'wf-choice' }, h('legend', null, t('workflow.composer.channel')),
    (['loudspeaker', 'led'] as const).map((c: Channel) => h('label', null, h('input', {
      type: 'radio', name: 'channel', value: c, checked: draft.channel === c,
      on: { change: () => { draft.channel = c; showContent(); } },
    }), t(`workflow.kind.${c}`))));

  const picker = areaPicker({
    areas, initial: draft.targets, legend: t('workflow.composer.targets'), includedLabel: t('workflow.composer.included'),
    onChange: (codes) => { draft.targets = codes; },
  });
  const banner = h('div', null, draft.mode === 'test' ? exerciseBanner() : null);
  const schedule = scheduleSection(ctx, draft);
  schedule.addEventListener('change', () => mount(banner, draft.mode === 'test' ? exerciseBanner() : null));
  const problems = h('div', { 'aria-live': 'assertive' });

  const save = async (submit: boolean): Promise<void> => {
    mount(problems);
    titleField.setError(null);
    const { body, problems: found } = toNewBulletin(draft, originArea, timeZone, Date.now());
    if (body === undefined) {
      if (found.some((p) => p.field === 'title')) titleField.setError(t('workflow.problem.titleEmpty'));
      mount(problems, problemList(found.map((p) => t(p.key))));
      problems.scrollIntoView({ block: 'nearest' });
      return;
    }
    try {
      const saved = existing === undefined
        ? (await ctx.api<{ bulletin: BulletinView }>('POST', '/api/bulletins', body)).bulletin
        : (await ctx.api<{ bulletin: BulletinView }>('PATCH', `/api/bulletins/${existing.id}`, body)).bulletin;
      if (submit) await ctx.api('POST', `/api/bulletins/${saved.id}/submit`);
      ctx.navigate(`/bulletins/${saved.id}`);
    } catch (error) {
      mount(problems, problemList(explainError(t, error, (c) => areaName(areas, c))));
      problems.scrollIntoView({ block: 'nearest' });
    }
  };

  showContent();
  return page(
    existing === undefined ? t('workflow.composer.heading') : t('workflow.composer.editHeading', { title: existing.title }),
    banner,
    h('form', { class: 'wf-stack composer', novalidate: true, on: { submit: (e) => e.preventDefault() } },
      titleField.root,
      field(t('workflow.composer.summary'), summary).root,
      channel,
      contentBox,
      picker.root,
      schedule,
      problems,
      h('div', { class: 'wf-row' },
        button(t('workflow.composer.saveDraft'), () => save(false)),
        button(t('workflow.composer.saveSubmit'), () => save(true), { variant: 'primary' }))),
  );
}
