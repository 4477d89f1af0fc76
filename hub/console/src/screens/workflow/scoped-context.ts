// A screen that re-renders part of itself (after an action) must stop the timers of the part it replaces: the
// part gets a context whose signal aborts on the next render as well as when the user leaves the screen.
import type { HttpMethod, ScreenContext } from '../../core/screen.js';

export function renewable(ctx: ScreenContext): () => ScreenContext {
  let current: AbortController | undefined;
  return () => {
    current?.abort();
    const next = new AbortController();
    current = next;
    ctx.signal.addEventListener('abort', () => next.abort(), { once: true });
    return {
      session: ctx.session, params: ctx.params, query: ctx.query, lang: ctx.lang, signal: next.signal,
      api: (method, path, body) => ctx.api(method, path, body),
      t: (key, vars) => ctx.t(key, vars),
      navigate: (path) => ctx.navigate(path),
      onLive: (type, handler) => ctx.onLive(type, (event) => {
        if (!next.signal.aborted) handler(event);
      }),
    };
  };
}

/** ctx.api as a plain function, for helpers that take one (core/areas.ts loadAreas). */
export function boundApi(ctx: ScreenContext): <T>(method: HttpMethod, path: string, body?: unknown) => Promise<T> {
  return <T>(method: HttpMethod, path: string, body?: unknown) => ctx.api<T>(method, path, body);
}
