// Translation: Vietnamese by default (issue 9), English on request, the choice remembered in localStorage. One
// lookup over the shell's, the workflow screens' and the administration screens' dictionaries; keys are namespaced
// (`core.`, `workflow.`, `admin.`) so the three never collide.
import type { Dictionary } from './screen.js';

export type Lang = 'vi' | 'en';
export type Translate = (key: string, vars?: Readonly<Record<string, string | number>>) => string;

export const LANG_STORAGE_KEY = 'tinnguon.lang';

/** Later dictionaries do not override earlier ones: a duplicate key is a bug, and the first definition wins. */
export function mergeDictionaries(dictionaries: readonly Dictionary[]): Dictionary {
  const vi: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const d of dictionaries) {
    for (const [k, v] of Object.entries(d.vi)) if (!(k in vi)) vi[k] = v;
    for (const [k, v] of Object.entries(d.en)) if (!(k in en)) en[k] = v;
  }
  return { vi, en };
}

/** `{name}` placeholders filled from vars; a missing English text falls back to Vietnamese, a missing key to itself. */
export function translator(dictionary: Dictionary, lang: Lang): Translate {
  const table = dictionary[lang];
  const fallback = dictionary.vi;
  return (key, vars) => {
    const text = table[key] ?? fallback[key] ?? key;
    if (vars === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

/** Keys present in one language and not the other: what the dictionary test reports. */
export function missingKeys(dictionary: Dictionary): { readonly vi: string[]; readonly en: string[] } {
  return {
    vi: Object.keys(dictionary.en).filter((k) => !(k in dictionary.vi)),
    en: Object.keys(dictionary.vi).filter((k) => !(k in dictionary.en)),
  };
}

export interface LangStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function storedLang(store: LangStore | undefined): Lang {
  try {
    return store?.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    // Storage refused (private mode, policy): Vietnamese, as for a first visit.
    return 'vi';
  }
}

export function rememberLang(store: LangStore | undefined, lang: Lang): void {
  try {
    store?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not remembered this time; the switch itself still works.
  }
}
