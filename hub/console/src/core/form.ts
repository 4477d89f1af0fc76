// Form building blocks: every control has a real <label>, an optional hint and an error line wired up with
// aria-describedby / aria-invalid, so keyboard and screen-reader users get the same validation messages as everyone.
import { guarded, h, type Child, type Props } from './dom.js';

export type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field<C extends FormControl = FormControl> {
  readonly root: HTMLElement;
  readonly control: C;
  /** Shows (or with undefined/null/'' clears) the message under the control and marks it invalid. */
  setError(message?: string | null): void;
}

export interface FieldOptions {
  readonly hint?: string;
  readonly error?: string;
  readonly required?: boolean;
}

let nextId = 0;
function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** `field(t('core.signIn.username'), input({ name: 'username', autocomplete: 'username' }))`. */
export function field<C extends FormControl>(label: string, control: C, options: FieldOptions = {}): Field<C> {
  if (control.id === '') control.id = uniqueId('f');
  if (options.required === true) control.required = true;
  const hint = options.hint === undefined ? null : h('p', { class: 'field-hint', id: `${control.id}-hint` }, options.hint);
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, role: 'alert', hidden: true });
  control.setAttribute('aria-describedby', [hint?.id, error.id].filter(Boolean).join(' '));
  const root = h(
    'div',
    { class: 'field' },
    // The asterisk sits outside the <label> so the control's accessible name is exactly `label`; `required` says it.
    h('div', { class: 'field-label' }, h('label', { for: control.id }, label), options.required === true ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint,
    error,
  );
  const setError = (message?: string | null) => {
    const has = message !== undefined && message !== null && message !== '';
    error.textContent = has ? message : '';
    error.hidden = !has;
    if (has) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
    root.classList.toggle('invalid', has);
  };
  if (options.error !== undefined) setError(options.error);
  return { root, control, setError };
}

export function input(props: Props = {}): HTMLInputElement {
  return h('input', { type: 'text', ...props });
}

export function textarea(props: Props = {}): HTMLTextAreaElement {
  return h('textarea', { rows: 4, ...props });
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export function select(options: readonly Option[], value?: string, props: Props = {}): HTMLSelectElement {
  const el = h('select', props, options.map((o) => h('option', { value: o.value }, o.label)));
  if (value !== undefined) el.value = value;
  return el;
}

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export interface ButtonOptions {
  readonly variant?: ButtonVariant;
  readonly type?: 'button' | 'submit';
  readonly disabled?: boolean;
  readonly title?: string;
  readonly class?: string;
}

/** A real <button>; while an async onClick runs the button is disabled and aria-busy, so nothing is sent twice. */
export function button(label: Child, onClick?: () => void | Promise<void>, options: ButtonOptions = {}): HTMLButtonElement {
  const el = h(
    'button',
    { type: options.type ?? 'button', class: ['btn', `btn-${options.variant ?? 'secondary'}`, options.class], disabled: options.disabled, title: options.title },
    label,
  );
  if (onClick !== undefined) el.addEventListener('click', () => guarded(() => busy(el, async () => onClick())));
  return el;
}

/** Disables `el` while `work` runs. */
export async function busy<T>(el: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  el.disabled = true;
  el.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    el.disabled = false;
    el.removeAttribute('aria-busy');
  }
}

/**
 * A <form> whose submit runs `onSubmit` (Enter works in every field); the submit buttons are disabled meanwhile and
 * a thrown error goes to the error reporter unless `onSubmit` handles it.
 */
export function form(onSubmit: (form: HTMLFormElement) => void | Promise<void>, props: Props, ...children: Child[]): HTMLFormElement {
  const el = h('form', { novalidate: true, ...props }, ...children);
  el.addEventListener('submit', (event) => {
    event.preventDefault();
    const buttons = [...el.querySelectorAll<HTMLButtonElement>('button[type=submit]')];
    if (buttons.some((b) => b.disabled)) return;
    for (const b of buttons) b.disabled = true;
    guarded(async () => {
      try {
        await onSubmit(el);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    });
  });
  return el;
}
