// The pixel-true LED preview (issue 9). Frames come from the hub, drawn by the devices' own renderer at the chosen
// board's resolution (hub/src/app/routes/led-preview-routes.ts); here they are only copied into a canvas of exactly
// that many pixels — putImageData is exact, and CSS scales the canvas up with nearest-neighbour sampling, so every
// LED is one crisp square. A ticker plays from a strip of frames fetched for one pass.
import { h, mount } from '../../core/dom.js';
import { button, field, input, select } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { toastError } from '../../core/toast.js';
import type { AuthoredSlide, LedBoards, LedPreview } from './wf-types.js';
import { tr } from './wf-labels.js';

/** The hub's ceiling for one reply (hub/src/workflow/led-preview.ts MAX_PREVIEW_BYTES). */
const MAX_PREVIEW_BYTES = 8 * 1024 * 1024;
const MAX_FRAMES = 300;
/** 10 frames a second: smooth enough to judge a ticker's speed, a tenth of the board's own 25 fps in bytes. */
const PLAY_STEP_MS = 100;
const DEBOUNCE_MS = 400;

export interface BoardSize {
  readonly width: number;
  readonly height: number;
}

/** Pure: the times of one pass to fetch for playing, within the reply ceiling. */
export function playTimes(passMs: number, size: BoardSize): number[] {
  const cap = Math.max(1, Math.min(MAX_FRAMES, Math.floor(MAX_PREVIEW_BYTES / (size.width * size.height * 3))));
  const step = Math.max(PLAY_STEP_MS, Math.ceil(passMs / cap));
  const times: number[] = [];
  for (let t = 0; t < passMs && times.length < cap; t += step) times.push(t);
  return times;
}

/** Pure: RGB bytes (base64, as the hub sends them) → RGBA for ImageData; every LED fully opaque. */
export function rgbToRgba(rgbBase64: string): Uint8ClampedArray<ArrayBuffer> {
  const bin = atob(rgbBase64);
  const pixels = bin.length / 3;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    out[i * 4] = bin.charCodeAt(i * 3);
    out[i * 4 + 1] = bin.charCodeAt(i * 3 + 1);
    out[i * 4 + 2] = bin.charCodeAt(i * 3 + 2);
    out[i * 4 + 3] = 255;
  }
  return out;
}

function paint(canvas: HTMLCanvasElement, size: BoardSize, rgb: string): void {
  if (canvas.width !== size.width) canvas.width = size.width;
  if (canvas.height !== size.height) canvas.height = size.height;
  canvas.getContext('2d')?.putImageData(new ImageData(rgbToRgba(rgb), size.width, size.height), 0, 0);
}

function ledCanvas(size: BoardSize, label: string, scale: number): HTMLCanvasElement {
  return h('canvas', {
    class: 'wf-led-canvas', width: size.width, height: size.height, role: 'img', 'aria-label': label,
    style: { width: `${size.width * scale}px`, 'max-width': '100%' },
  });
}

export interface LedPreviewHandle {
  readonly root: HTMLElement;
  /** The slides changed: refresh after a short pause in typing. */
  changed(): void;
}

export function ledPreview(ctx: ScreenContext, slides: () => readonly AuthoredSlide[]): LedPreviewHandle {
  const t = tr(ctx);
  let size: BoardSize = { width: 128, height: 32 };
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let playing: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const stopPlaying = (): void => {
    if (playing !== undefined) clearTimeout(playing);
    playing = undefined;
  };
  ctx.signal.addEventListener('abort', () => {
    stopPlaying();
    if (debounce !== undefined) clearTimeout(debounce);
  }, { once: true });

  // Disabled until the boards' reported sizes arrive, so nobody picks the placeholder size meanwhile.
  const sizes = select([{ value: '128x32', label: '128 × 32' }], '128x32', { name: 'led-board', disabled: true });
  const customW = input({ type: 'number', name: 'led-width', min: 8, max: 2048, value: String(size.width), inputmode: 'numeric' });
  const customH = input({ type: 'number', name: 'led-height', min: 8, max: 1024, value: String(size.height), inputmode: 'numeric' });
  const stage = h('div', { class: 'wf-led-stage' });
  const thumbs = h('div', { class: 'wf-led-thumbs' });
  const issues = h('div', { 'aria-live': 'polite' });
  const play = button(t('workflow.led.play'), () => togglePlay());

  const scale = (): number => Math.max(2, Math.min(8, Math.floor(720 / size.width)));

  const refresh = async (): Promise<void> => {
    stopPlaying();
    play.textContent = t('workflow.led.play');
    const mine = ++generation;
    const current = slides();
    if (current.length === 0) return;
    let r: LedPreview;
    try {
      r = await ctx.api<LedPreview>('POST', '/api/led/preview', { width: size.width, height: size.height, slides: current });
    } catch (error) {
      // A half-typed slide (an image not chosen yet) is not worth a toast on every keystroke.
      mount(issues, h('p', { class: 'field-error' }, error instanceof Error ? error.message : String(error)));
      return;
    }
    if (mine !== generation || ctx.signal.aborted) return;
    const main = ledCanvas(size, t('workflow.led.previewLabel', { w: size.width, h: size.height }), scale());
    main.dataset.preview = 'main';
    const show = (i: number): void => {
      const frame = r.frames[i];
      if (frame === undefined) return;
      paint(main, size, frame.rgb);
      main.dataset.elapsedMs = String(frame.elapsedMs);
      main.dataset.slideIndex = String(frame.slideIndex);
      for (const [j, b] of [...thumbs.querySelectorAll('button')].entries()) b.setAttribute('aria-pressed', String(j === i));
    };
    mount(stage, main);
    mount(thumbs, r.frames.map((frame, i) => {
      const c = ledCanvas(size, '', 1);
      paint(c, size, frame.rgb);
      return h('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': t('workflow.led.showSlide', { n: frame.slideIndex + 1 }), on: { click: () => show(i) } }, c);
    }));
    show(0);
    mount(issues, r.issues.length === 0 ? null : h('ul', { class: 'wf-problems' }, r.issues.map((i) => h('li', null, t('workflow.led.slideN', { n: i.slideIndex + 1 }), ': ', issueText(i.issue)))));
  };

  const issueText = (issue: LedPreview['issues'][number]['issue']): string => {
    if (issue.kind === 'missingGlyphs') return t('workflow.led.issue.missingGlyphs', { chars: (issue.chars ?? []).join(' ') });
    if (issue.kind === 'textOverflow') return t('workflow.led.issue.textOverflow', { shown: issue.shownLines ?? 0, total: issue.totalLines ?? 0 });
    return t(`workflow.led.issue.${issue.kind}`);
  };

  const togglePlay = async (): Promise<void> => {
    if (playing !== undefined) {
      stopPlaying();
      play.textContent = t('workflow.led.play');
      return;
    }
    const current = slides();
    const passMs = current.reduce((sum, s) => sum + s.durationMs, 0);
    const times = playTimes(passMs, size);
    const mine = generation;
    const r = await ctx.api<LedPreview>('POST', '/api/led/preview', { width: size.width, height: size.height, slides: current, times });
    if (mine !== generation || ctx.signal.aborted) return;
    const main = stage.querySelector('canvas');
    if (main === null) return;
    play.textContent = t('workflow.led.stop');
    let i = 0;
    const step = (): void => {
      const frame = r.frames[i];
      if (frame !== undefined) {
        paint(main, size, frame.rgb);
        main.dataset.elapsedMs = String(frame.elapsedMs);
      }
      const next = r.frames[i + 1]?.elapsedMs ?? passMs;
      const wait = Math.max(20, next - (frame?.elapsedMs ?? 0));
      i = (i + 1) % Math.max(1, r.frames.length);
      playing = setTimeout(step, wait);
    };
    step();
  };

  const changed = (): void => {
    if (debounce !== undefined) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      refresh().catch(toastError);
    }, DEBOUNCE_MS);
  };

  const setSize = (w: number, hgt: number): void => {
    if (!(Number.isInteger(w) && Number.isInteger(hgt) && w >= 8 && w <= 2048 && hgt >= 8 && hgt <= 1024)) return;
    size = { width: w, height: hgt };
    customW.value = String(w);
    customH.value = String(hgt);
    changed();
  };
  sizes.addEventListener('change', () => {
    const [w, hgt] = sizes.value.split('x').map(Number);
    setSize(w ?? 0, hgt ?? 0);
  });
  customW.addEventListener('change', () => setSize(Number(customW.value), Number(customH.value)));
  customH.addEventListener('change', () => setSize(Number(customW.value), Number(customH.value)));

  // The sizes boards have reported (their snapshots), so the preview is at a real board's resolution.
  ctx.api<LedBoards>('GET', '/api/led/boards').then((b) => {
    const seen = new Map<string, number>();
    for (const board of b.boards) if (board.width !== undefined && board.height !== undefined) seen.set(`${board.width}x${board.height}`, (seen.get(`${board.width}x${board.height}`) ?? 0) + 1);
    const fallback = `${b.default.width}x${b.default.height}`;
    if (!seen.has(fallback)) seen.set(fallback, 0);
    mount(sizes, [...seen].map(([key, n]) => h('option', { value: key }, `${key.replace('x', ' × ')}${n > 0 ? ` — ${t('workflow.led.boards', { n })}` : ''}`)));
    const [first] = [...seen.keys()];
    sizes.value = first ?? fallback;
    const [w, hgt] = sizes.value.split('x').map(Number);
    setSize(w ?? 128, hgt ?? 32);
  }).catch(() => changed()).finally(() => {
    sizes.disabled = false;
  });

  const root = h(
    'section',
    { class: 'wf-stack wf-led-preview', 'aria-label': t('workflow.led.preview') },
    h('h3', null, t('workflow.led.preview')),
    h('div', { class: 'wf-row' }, field(t('workflow.led.board'), sizes).root, field(t('workflow.led.width'), customW).root, field(t('workflow.led.height'), customH).root),
    stage,
    h('div', { class: 'wf-row' }, play),
    thumbs,
    issues,
  );
  return { root, changed };
}
