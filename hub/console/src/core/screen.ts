// The contract between the console's shell and its screens. Screens are plain functions of a context: they build DOM
// with core/dom.ts, talk to the hub only through `ctx.api`, and stop their timers and live subscriptions when
// `ctx.signal` aborts (the user left the screen). The shell owns routing, the session, the language and the layout.

/** Who is signed in, as GET /api/session reports it. */
export interface ConsoleSession {
  readonly accountId: string | null;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  /** The root of the account's scope: every screen shows only this area and what lies below it. */
  readonly areaCode: string;
  readonly permissions: readonly string[];
}

/** A coded refusal from the hub (HUB_ERR_*), with the message already in the user's language. */
export interface ConsoleApiError extends Error {
  readonly code: string;
  readonly status: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Pushed by the hub over the console's WebSocket (device status, playback logs, bulletin and command changes). */
export interface LiveEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface ScreenContext {
  readonly session: ConsoleSession;
  /** Route parameters: `/devices/:id` gives `{ id }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** JSON in and out; sends the CSRF token; throws ConsoleApiError on any non-2xx answer. */
  readonly api: <T>(method: HttpMethod, path: string, body?: unknown) => Promise<T>;
  /** A translated string; `{name}` placeholders are filled from `vars`. Unknown keys show the key itself. */
  readonly t: (key: string, vars?: Readonly<Record<string, string | number>>) => string;
  readonly lang: 'vi' | 'en';
  readonly navigate: (path: string) => void;
  /** Live events of one type until `ctx.signal` aborts. */
  readonly onLive: (type: string, handler: (event: LiveEvent) => void) => void;
  /** Aborted when the user leaves the screen. */
  readonly signal: AbortSignal;
}

export interface Screen {
  readonly id: string;
  /** Hash route, e.g. '/devices/:id' (the URL is '#/devices/abc'). */
  readonly path: string;
  /** In the navigation menu, in `order`, unless absent. */
  readonly nav?: { readonly labelKey: string; readonly order: number };
  /** Hidden from the menu and refused unless the session holds this permission (the API checks again). */
  readonly permission?: string;
  render(ctx: ScreenContext): HTMLElement | Promise<HTMLElement>;
}

/** A translation table for one group of screens: same keys in both languages, Vietnamese first. */
export interface Dictionary {
  readonly vi: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
}
