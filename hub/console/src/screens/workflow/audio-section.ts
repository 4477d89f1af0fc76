// The loudspeaker half of the composer (Điều 7: text turned into speech, or audio): text with a speech preview,
// an audio file with upload progress, or a recording from the microphone that the hub converts to MP3.
import { apiUpload } from '../../core/api.js';
import { h, mount } from '../../core/dom.js';
import { button, field, textarea } from '../../core/form.js';
import { formatDuration } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { toastError } from '../../core/toast.js';
import type { AudioSource, ComposerDraft } from './composer-model.js';
import { MicRecorder } from './mic-recorder.js';
import { peakLevel } from './wav-encode.js';
import type { MediaUpload } from './wf-types.js';
import { tr } from './wf-labels.js';

/** Below this the take is silence: a muted or blocked microphone (the hub refuses it too, HUB_ERR_RECORDING_SILENT). */
const SILENT_PEAK = 0.001;

export function mediaUrl(sha256: string): string {
  return `/api/media/${sha256}`;
}

export function player(sha256: string, label: string): HTMLAudioElement {
  return h('audio', { class: 'wf-audio', controls: true, preload: 'metadata', src: mediaUrl(sha256), 'aria-label': label, dataset: { sha256 } });
}

export function audioSection(ctx: ScreenContext, draft: ComposerDraft): HTMLElement {
  const t = tr(ctx);
  const body = h('div', { class: 'wf-stack' });
  const recorder = new MicRecorder();
  ctx.signal.addEventListener('abort', () => recorder.release(), { once: true });

  const chooser = h(
    'fieldset',
    { class: 'wf-choice' },
    h('legend', null, t('workflow.audio.source')),
    (['tts', 'upload', 'record'] as const).map((source) =>
      h('label', null, h('input', { type: 'radio', name: 'audio-source', value: source, checked: draft.audioSource === source, on: { change: () => choose(source) } }), t(`workflow.audio.${source}`)),
    ),
  );

  const choose = (source: AudioSource): void => {
    if (draft.audioSource !== source) draft.audioSha256 = null;
    draft.audioSource = source;
    if (recorder.recording) recorder.release();
    mount(body, source === 'tts' ? ttsPart() : source === 'upload' ? uploadPart() : recordPart());
  };

  const ttsPart = (): HTMLElement => {
    const text = textarea({ name: 'tts-text', rows: 6, maxlength: 10_000, value: draft.ttsText, on: { input: () => { draft.ttsText = text.value; } } });
    const out = h('div', { 'aria-live': 'polite' });
    const listen = button(t('workflow.audio.listen'), async () => {
      if (text.value.trim() === '') {
        mount(out, h('p', { class: 'field-error' }, t('workflow.problem.ttsEmpty')));
        return;
      }
      mount(out, h('p', { role: 'status' }, t('workflow.audio.synthesising')));
      try {
        const r = await ctx.api<MediaUpload>('POST', '/api/media/tts', { text: text.value });
        mount(out, player(r.ref.sha256, t('workflow.audio.previewLabel')), r.ref.durationMs === undefined ? null : h('p', null, t('workflow.audio.duration', { d: formatDuration(r.ref.durationMs) })));
      } catch (error) {
        mount(out);
        toastError(error);
      }
    });
    return h('div', { class: 'wf-stack' }, field(t('workflow.audio.ttsText'), text, { hint: t('workflow.audio.ttsHint') }).root, listen, out);
  };

  const uploadPart = (): HTMLElement => {
    const file = h('input', { type: 'file', name: 'audio-file', accept: 'audio/mpeg,audio/mp3,audio/wav,.mp3,.wav' });
    const progress = h('progress', { class: 'wf-progress', max: 1, value: 0, hidden: true, 'aria-label': t('workflow.audio.uploadProgress') });
    const out = h('div', { 'aria-live': 'polite' }, draft.audioSha256 === null ? null : player(draft.audioSha256, t('workflow.audio.previewLabel')));
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      if (chosen === undefined) return;
      progress.hidden = false;
      progress.value = 0;
      mount(out, h('p', { role: 'status' }, t('workflow.audio.uploading', { name: chosen.name })));
      apiUpload<MediaUpload>('/api/media', chosen, { contentType: chosen.type === '' ? 'application/octet-stream' : chosen.type, onProgress: (f) => (progress.value = f), signal: ctx.signal })
        .then((r) => {
          draft.audioSha256 = r.ref.sha256;
          mount(out, h('p', null, t('workflow.audio.uploaded', { name: chosen.name })), player(r.ref.sha256, t('workflow.audio.previewLabel')));
        })
        .catch((error: unknown) => {
          progress.hidden = true;
          mount(out);
          if (!ctx.signal.aborted) toastError(error);
        });
    });
    return h('div', { class: 'wf-stack' }, field(t('workflow.audio.file'), file, { hint: t('workflow.audio.fileHint') }).root, progress, out);
  };

  const recordPart = (): HTMLElement => {
    const status = h('p', { role: 'status', 'aria-live': 'polite' }, draft.audioSha256 === null ? t('workflow.audio.recordIdle') : t('workflow.audio.recorded'));
    const progress = h('progress', { class: 'wf-progress', max: 1, value: 0, hidden: true, 'aria-label': t('workflow.audio.uploadProgress') });
    const out = h('div', null, draft.audioSha256 === null ? null : player(draft.audioSha256, t('workflow.audio.previewLabel')));
    let ticker: ReturnType<typeof setInterval> | undefined;
    const stopTicker = (): void => {
      if (ticker !== undefined) clearInterval(ticker);
      ticker = undefined;
    };
    ctx.signal.addEventListener('abort', stopTicker, { once: true });

    const finish = async (): Promise<void> => {
      stopTicker();
      start.disabled = false;
      stop.disabled = true;
      const take = await recorder.stop();
      if (peakLevel(take.samples) < SILENT_PEAK) {
        status.textContent = t('workflow.audio.silent');
        return;
      }
      status.textContent = t('workflow.audio.converting', { d: formatDuration(take.durationMs) });
      progress.hidden = false;
      const r = await apiUpload<MediaUpload>('/api/media/recording', take.wav, { contentType: 'audio/wav', onProgress: (f) => (progress.value = f), signal: ctx.signal });
      draft.audioSha256 = r.ref.sha256;
      status.textContent = t('workflow.audio.recorded');
      mount(out, player(r.ref.sha256, t('workflow.audio.previewLabel')));
    };
    // Plain buttons: core's button() re-enables itself when its handler returns, and these two must stay toggled.
    const start = h('button', { type: 'button', class: 'btn btn-primary', on: { click: async () => {
      draft.audioSha256 = null;
      mount(out);
      await recorder.start(() => void finish().catch(toastError));
      start.disabled = true;
      stop.disabled = false;
      ticker = setInterval(() => (status.textContent = t('workflow.audio.recording', { d: formatDuration(recorder.elapsedMs) })), 500);
      status.textContent = t('workflow.audio.recording', { d: formatDuration(0) });
    } } }, t('workflow.audio.recordStart'));
    const stop = h('button', { type: 'button', class: 'btn btn-secondary', disabled: true, on: { click: finish } }, t('workflow.audio.recordStop'));
    return h('div', { class: 'wf-stack' }, h('div', { class: 'wf-row' }, start, stop), status, progress, out);
  };

  choose(draft.audioSource);
  return h('div', { class: 'wf-stack' }, chooser, body);
}
