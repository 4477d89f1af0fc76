// Hash routes (`#/devices/abc?tab=logs`): the hub serves one page at /console/ and the browser keeps the place in
// the URL, so reload, back and a link sent to a colleague all land on the same screen. Pure apart from readHash().
import type { Screen } from './screen.js';

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

/** '#/devices/abc?x=1' → { path: '/devices/abc', query: x=1 }; an empty hash is the dashboard '/'. */
export function parseHash(hash: string): Location {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q)) || '/';
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

/** Params of `pattern` ('/devices/:id') in `path`, or undefined when it does not match. Segments are URI-decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

export interface RouteMatch {
  readonly screen: Screen;
  readonly params: Record<string, string>;
}

/** The first screen whose path matches; static paths are tried before parameterised ones ('/devices/new' first). */
export function resolveRoute(screens: readonly Screen[], path: string): RouteMatch | undefined {
  const ordered = [...screens].sort((a, b) => Number(a.path.includes(':')) - Number(b.path.includes(':')));
  for (const screen of ordered) {
    const params = matchPath(screen.path, path);
    if (params !== undefined) return { screen, params };
  }
  return undefined;
}

/** Screens the session may open: no permission needed, or one it holds. */
export function allowedScreens(screens: readonly Screen[], permissions: readonly string[]): Screen[] {
  const held = new Set(permissions);
  return screens.filter((s) => s.permission === undefined || held.has(s.permission));
}

/** The menu: allowed screens that have a nav entry, in order. */
export function navEntries(screens: readonly Screen[], permissions: readonly string[]): Screen[] {
  return allowedScreens(screens, permissions)
    .filter((s) => s.nav !== undefined)
    .sort((a, b) => a.nav!.order - b.nav!.order);
}

/** A hash link for a console path: href(`/devices/${id}`) → '#/devices/…'. */
export function href(path: string): string {
  return `#${path}`;
}
