// Page furniture shared by every screen: titles, cards, badges, loading and failure states, and the striped
// "DIỄN TẬP / EXERCISE" marker that makes test content unmistakable everywhere it appears (issue 9).
import { describeError } from './api.js';
import { h, type Child } from './dom.js';
import { uiText } from './ui-text.js';

/** A screen's root: an <h1> (focused after navigation, so screen readers announce the new page) and the content. */
export function page(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'page' }, h('h1', { class: 'page-title', tabindex: '-1' }, title), ...children);
}

/** A titled panel; `actions` sit on the title's line. */
export function card(title: string | null, body: Child, actions?: Child): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    title === null ? null : h('header', { class: 'card-head' }, h('h2', null, title), actions === undefined ? null : h('div', { class: 'card-actions' }, actions)),
    h('div', { class: 'card-body' }, body),
  );
}

export type BadgeKind = 'ok' | 'warn' | 'danger' | 'muted' | 'info';

export function badge(text: string, kind: BadgeKind = 'muted'): HTMLElement {
  return h('span', { class: ['badge', `badge-${kind}`] }, text);
}

export function loading(text = uiText('core.loading')): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** A failure shown in place of content, with the hub's coded message. */
export function errorBox(error: unknown): HTMLElement {
  return h('div', { class: 'error-box', role: 'alert' }, describeError(error));
}

export function emptyState(text: string): HTMLElement {
  return h('p', { class: 'empty-state' }, text);
}

/** The exercise marker: striped, bilingual, on every bulletin, panel and device view in test mode. */
export function exerciseBanner(): HTMLElement {
  return h('div', { class: 'exercise-banner', role: 'note' }, 'DIỄN TẬP / EXERCISE');
}

/** Key–value pairs as a definition list (device detail, bulletin summary). */
export function facts(rows: readonly (readonly [string, Child])[]): HTMLElement {
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}
