// The shared widgets (dialog buttons, empty tables, toasts) need a few words of their own in the current language.
// The shell points this at its translator whenever the language changes; widgets read `core.*` keys through it.
import type { Translate } from './i18n.js';

let current: Translate = (key) => key;

export function setUiTranslate(t: Translate): void {
  current = t;
}

export function uiText(key: string, vars?: Readonly<Record<string, string | number>>): string {
  return current(key, vars);
}
