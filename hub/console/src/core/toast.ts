// Short notices in a live region (role=status / role=alert) so screen readers announce them; errors stay until
// dismissed, because an official must be able to read a coded refusal to the help desk.
import { describeError } from './api.js';
import { h } from './dom.js';
import { uiText } from './ui-text.js';

export type ToastKind = 'info' | 'success' | 'error';

const INFO_MS = 5000;

function region(): HTMLElement {
  let el = document.getElementById('toasts');
  if (el === null) {
    el = h('div', { id: 'toasts', class: 'toasts' });
    document.body.appendChild(el);
  }
  return el;
}

/** Shows `message`; returns a function that removes it. */
export function toast(message: string, kind: ToastKind = 'info'): () => void {
  const close = (): void => item.remove();
  const item: HTMLElement = h(
    'div',
    { class: ['toast', `toast-${kind}`], role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text' }, message),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': uiText('core.close'), on: { click: close } }, '×'),
  );
  region().appendChild(item);
  if (kind !== 'error') setTimeout(close, INFO_MS);
  return close;
}

/** A failure as the user should see it: the hub's message and its HUB_ERR_* code. */
export function toastError(error: unknown): () => void {
  return toast(describeError(error), 'error');
}
