// The LED-board half of the composer (Điều 7: text, image and slide sequences): an ordered list of slides — static
// text, a ticker, an image — each with how long it shows, and the pixel-true preview beside it.
import { apiUpload } from '../../core/api.js';
import { h, mount } from '../../core/dom.js';
import { button, field, input, select, textarea } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { toastError } from '../../core/toast.js';
import type { ComposerDraft } from './composer-model.js';
import { ledPreview } from './led-preview.js';
import type { AuthoredSlide, MediaUpload } from './wf-types.js';
import { tr } from './wf-labels.js';

/** The renderer's defaults (edge-agent render-types.ts); a colour is only sent when the author changes it. */
const DEFAULT_TEXT = '#ffcc00';
const DEFAULT_BACKGROUND = '#000000';
const MAX_SLIDES = 50;

type SlideType = AuthoredSlide['type'];

/** Pure: a slide turned into another type, keeping what carries over (text, duration). */
export function retype(slide: AuthoredSlide, type: SlideType): AuthoredSlide {
  const text = slide.type === 'image' ? '' : slide.text;
  if (type === 'text') return { type, text, durationMs: slide.durationMs };
  if (type === 'ticker') return { type, text, durationMs: slide.durationMs, pixelsPerSecond: 32 };
  return { type, mediaSha256: '', durationMs: slide.durationMs };
}

export function ledSection(ctx: ScreenContext, draft: ComposerDraft): HTMLElement {
  const t = tr(ctx);
  const list = h('ol', { class: 'wf-stack', style: { 'list-style': 'none', padding: '0' } });
  // Half-written slides (no text yet, no image chosen) are left out of the preview rather than sent to be refused.
  const preview = ledPreview(ctx, () => draft.slides.filter((s) => (s.type === 'image' ? s.mediaSha256 !== '' : s.text.trim() !== '')));

  const update = (i: number, slide: AuthoredSlide, rerender = false): void => {
    draft.slides[i] = slide;
    preview.changed();
    if (rerender) render();
  };

  const slideCard = (slide: AuthoredSlide, i: number): HTMLElement => {
    const type = select((['text', 'ticker', 'image'] as const).map((v) => ({ value: v, label: t(`workflow.slide.${v}`) })), slide.type, { name: `slide-${i}-type` });
    type.addEventListener('change', () => update(i, retype(slide, type.value as SlideType), true));
    const seconds = input({ type: 'number', name: `slide-${i}-seconds`, min: 1, max: 600, step: 1, value: String(Math.round(slide.durationMs / 1000)), inputmode: 'numeric' });
    seconds.addEventListener('change', () => {
      const s = Math.min(600, Math.max(1, Math.round(Number(seconds.value) || 1)));
      update(i, { ...(draft.slides[i] ?? slide), durationMs: s * 1000 });
    });
    const fields: HTMLElement[] = [h('div', { class: 'wf-row' }, field(t('workflow.slide.type'), type).root, field(t('workflow.slide.seconds'), seconds).root)];

    if (slide.type === 'image') {
      const file = h('input', { type: 'file', name: `slide-${i}-image`, accept: 'image/png,image/jpeg' });
      const progress = h('progress', { class: 'wf-progress', max: 1, value: 0, hidden: true, 'aria-label': t('workflow.audio.uploadProgress') });
      const note = h('p', null, slide.mediaSha256 === '' ? t('workflow.slide.noImage') : t('workflow.slide.imageChosen'));
      file.addEventListener('change', () => {
        const chosen = file.files?.[0];
        if (chosen === undefined) return;
        progress.hidden = false;
        apiUpload<MediaUpload>('/api/media', chosen, { contentType: chosen.type === '' ? 'application/octet-stream' : chosen.type, onProgress: (f) => (progress.value = f), signal: ctx.signal })
          .then((r) => {
            update(i, { type: 'image', mediaSha256: r.ref.sha256, durationMs: draft.slides[i]?.durationMs ?? slide.durationMs });
            note.textContent = t('workflow.slide.imageChosen');
          })
          .catch((error: unknown) => {
            progress.hidden = true;
            if (!ctx.signal.aborted) toastError(error);
          });
      });
      fields.push(field(t('workflow.slide.imageFile'), file, { hint: t('workflow.slide.imageHint') }).root, progress, note);
    } else {
      const text = textarea({ name: `slide-${i}-text`, rows: 3, maxlength: slide.type === 'ticker' ? 2000 : 500, value: slide.text });
      text.addEventListener('input', () => {
        const current = draft.slides[i];
        if (current !== undefined && current.type !== 'image') update(i, { ...current, text: text.value });
      });
      const colour = input({ type: 'color', name: `slide-${i}-colour`, value: slide.colour ?? DEFAULT_TEXT });
      const background = input({ type: 'color', name: `slide-${i}-background`, value: slide.background ?? DEFAULT_BACKGROUND });
      const colours = (): void => {
        const current = draft.slides[i];
        if (current === undefined || current.type === 'image') return;
        const { colour: _c, background: _b, ...rest } = current;
        update(i, {
          ...rest,
          ...(colour.value.toLowerCase() === DEFAULT_TEXT ? {} : { colour: colour.value.toLowerCase() }),
          ...(background.value.toLowerCase() === DEFAULT_BACKGROUND ? {} : { background: background.value.toLowerCase() }),
        });
      };
      colour.addEventListener('change', colours);
      background.addEventListener('change', colours);
      const row = h('div', { class: 'wf-row' }, field(t('workflow.slide.colour'), colour).root, field(t('workflow.slide.background'), background).root);
      if (slide.type === 'text') {
        const align = select((['center', 'left', 'right'] as const).map((v) => ({ value: v, label: t(`workflow.slide.align.${v}`) })), slide.align ?? 'center', { name: `slide-${i}-align` });
        align.addEventListener('change', () => {
          const current = draft.slides[i];
          if (current?.type === 'text') update(i, { ...current, align: align.value as 'left' | 'center' | 'right' });
        });
        row.append(field(t('workflow.slide.alignLabel'), align).root);
      } else {
        const speed = input({ type: 'number', name: `slide-${i}-speed`, min: 4, max: 512, value: String(slide.pixelsPerSecond), inputmode: 'numeric' });
        speed.addEventListener('change', () => {
          const current = draft.slides[i];
          if (current?.type === 'ticker') update(i, { ...current, pixelsPerSecond: Math.min(512, Math.max(4, Math.round(Number(speed.value) || 32))) });
        });
        row.append(field(t('workflow.slide.speed'), speed).root);
      }
      fields.push(field(t('workflow.slide.text'), text).root, row);
    }

    const move = (to: number): void => {
      const [s] = draft.slides.splice(i, 1);
      if (s !== undefined) draft.slides.splice(to, 0, s);
      preview.changed();
      render();
    };
    const tools = h(
      'div',
      { class: 'wf-row' },
      button(t('workflow.slide.up'), () => move(i - 1), { disabled: i === 0 }),
      button(t('workflow.slide.down'), () => move(i + 1), { disabled: i === draft.slides.length - 1 }),
      button(t('workflow.slide.remove'), () => {
        draft.slides.splice(i, 1);
        preview.changed();
        render();
      }, { variant: 'danger', disabled: draft.slides.length === 1 }),
    );
    return h('li', { class: 'wf-slide', dataset: { slide: String(i) } }, h('h4', null, t('workflow.led.slideN', { n: i + 1 })), fields, tools);
  };

  const render = (): void => mount(list, draft.slides.map(slideCard));
  const add = button(t('workflow.slide.add'), () => {
    if (draft.slides.length >= MAX_SLIDES) return;
    draft.slides.push({ type: 'text', text: '', durationMs: 10_000 });
    render();
  });
  render();
  preview.changed();
  return h('div', { class: 'wf-stack' }, list, add, preview.root);
}
