// Modal dialogs on the native <dialog> element: focus is trapped and Escape closes it without any script of ours.
import { h, mount, type Child } from './dom.js';
import { button, type ButtonVariant } from './form.js';
import { uiText } from './ui-text.js';

export interface DialogAction {
  readonly label: string;
  readonly variant?: ButtonVariant;
  /** Return false to keep the dialog open (e.g. a validation message was shown). */
  readonly onClick?: () => void | boolean | Promise<void | boolean>;
}

export interface DialogOptions {
  readonly title: string;
  readonly body: Child;
  readonly actions?: readonly DialogAction[];
  /** Red accent (emergency, STOP, revoke). */
  readonly danger?: boolean;
  readonly onClose?: () => void;
}

export interface DialogHandle {
  readonly element: HTMLDialogElement;
  /** Replaces the body, e.g. with a command's result. */
  setBody(body: Child): void;
  close(): void;
}

let nextId = 0;

export function openDialog(options: DialogOptions): DialogHandle {
  nextId += 1;
  const titleId = `dialog-title-${nextId}`;
  const body = h('div', { class: 'dialog-body' }, options.body);
  const close = () => {
    if (dialog.open) dialog.close();
  };
  const actions = (options.actions ?? [{ label: uiText('core.close') }]).map((a) =>
    button(a.label, async () => {
      const keep = (await a.onClick?.()) === false;
      if (!keep) close();
    }, { variant: a.variant ?? 'secondary' }),
  );
  const dialog = h(
    'dialog',
    { class: ['dialog', options.danger === true ? 'dialog-danger' : null], 'aria-labelledby': titleId },
    h('h2', { id: titleId, class: 'dialog-title' }, options.title),
    body,
    h('div', { class: 'dialog-actions' }, actions),
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    options.onClose?.();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return { element: dialog, setBody: (child) => mount(body, child), close };
}

export interface ConfirmOptions {
  readonly title: string;
  readonly message: Child;
  readonly confirmLabel?: string;
  readonly cancelLabel?: string;
  readonly danger?: boolean;
}

/** Resolves true only when the person presses the confirm button. */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    openDialog({
      title: options.title,
      body: h('p', null, options.message),
      danger: options.danger ?? false,
      actions: [
        { label: options.cancelLabel ?? uiText('core.cancel') },
        { label: options.confirmLabel ?? uiText('core.confirm'), variant: options.danger === true ? 'danger' : 'primary', onClick: () => { answer = true; } },
      ],
      onClose: () => resolve(answer),
    });
  });
}
