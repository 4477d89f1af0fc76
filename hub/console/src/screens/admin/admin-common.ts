// Small pieces the administration screens share: the area picker limited to what the account may see, local dates
// for date inputs, and download links that carry the session cookie (a plain same-origin GET, no script needed).
import { flattenForest, areaForest, type AreaInfo } from '../../core/areas.js';
import { h } from '../../core/dom.js';
import { select } from '../../core/form.js';
import { DEFAULT_TIME_ZONE, localDate } from '../../core/format.js';
import type { HttpMethod, ScreenContext } from '../../core/screen.js';

const DAY_MS = 24 * 3600_000;

/** An indented <select> of the visible areas (the hub already limits GET /api/areas to the account's subtree). */
export function areaSelect(areas: readonly AreaInfo[], value: string | undefined, props: Record<string, unknown> = {}): HTMLSelectElement {
  const options = flattenForest(areaForest(areas)).map((n) => ({ value: n.area.code, label: `${'\u00a0\u00a0'.repeat(n.depth)}${n.area.name} (${n.area.code})` }));
  // A code from a link that is not in the account's scope stays selected as a bare code: the hub then refuses it with
  // its coded message, instead of the screen silently showing another area.
  if (value !== undefined && !options.some((o) => o.value === value)) options.push({ value, label: value });
  return select(options, value ?? options[0]?.value, props);
}

/** The account's own area, or for the break-glass token (no area) the first visible root. */
export function homeArea(ctx: ScreenContext, areas: readonly AreaInfo[]): string | undefined {
  if (ctx.session.areaCode !== '' && areas.some((a) => a.code === ctx.session.areaCode)) return ctx.session.areaCode;
  return areaForest(areas)[0]?.area.code;
}

export function timeZoneOf(areas: readonly AreaInfo[], code: string | undefined): string {
  return areas.find((a) => a.code === code)?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** 'YYYY-MM-DD' `days` before today in the zone. */
export function daysAgo(days: number, timeZone: string, now = Date.now()): string {
  return localDate(now - days * DAY_MS, timeZone);
}

export function dateInput(name: string, value: string): HTMLInputElement {
  return h('input', { type: 'date', name, value, required: true });
}

/** A link styled as a button that downloads a file from the hub with the session cookie. */
export function downloadLink(label: string, path: string, params: Record<string, string | undefined>): HTMLAnchorElement {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, v);
  return h('a', { class: 'btn btn-secondary', href: `${path}?${query.toString()}`, download: '' }, label);
}

export function percent(share: number | null, lang: 'vi' | 'en'): string {
  if (share === null) return '—';
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }).format(share * 100)} %`;
}

/** Whether to offer an action; the hub checks the permission again when it is used. */
export function hasPermission(ctx: ScreenContext, permission: string): boolean {
  return ctx.session.permissions.includes(permission);
}

export type Api = <T>(method: HttpMethod, path: string, body?: unknown) => Promise<T>;
export type Translate = ScreenContext['t'];

// ScreenContext declares api() and t() as methods; these bound copies can be passed around and destructured safely.
export function apiOf(ctx: ScreenContext): Api {
  return <T>(method: HttpMethod, path: string, body?: unknown) => ctx.api<T>(method, path, body);
}

export function textOf(ctx: ScreenContext): Translate {
  return (key, vars) => ctx.t(key, vars);
}
