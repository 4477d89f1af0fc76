// The console's shell (issue 9): who is signed in, which language, which screen, and the live feed. Screens are
// plain functions of a ScreenContext (core/screen.ts); the shell builds that context, aborts it when the person
// leaves, and sends them back to sign-in whenever the hub says the session is over.
import { apiRequest, configureApi, type ConsoleApiError } from '../core/api.js';
import { forgetAreas, loadAreas, areaName } from '../core/areas.js';
import { mount, setErrorReporter } from '../core/dom.js';
import { mergeDictionaries, rememberLang, storedLang, translator, type Lang, type Translate } from '../core/i18n.js';
import { LiveFeed, liveUrl } from '../core/live.js';
import { allowedScreens, navEntries, parseHash, resolveRoute } from '../core/router.js';
import type { ConsoleSession, Dictionary, Screen, ScreenContext } from '../core/screen.js';
import { toastError } from '../core/toast.js';
import { setUiTranslate } from '../core/ui-text.js';
import { errorBox, loading, page } from '../core/view.js';
import { h } from '../core/dom.js';
import { layout, type Layout } from './layout.js';
import { restrictionView, signInView, type Restriction } from './sign-in-view.js';

interface SessionAnswer {
  readonly principal: {
    readonly actor: string;
    readonly displayName: string;
    readonly role: string;
    readonly area: string | null;
    readonly restrictions: readonly Restriction[];
    readonly permissions: readonly string[];
  };
  readonly account?: { readonly id: string };
  readonly csrfToken?: string;
}

export interface ShellOptions {
  readonly root: HTMLElement;
  readonly screens: readonly Screen[];
  readonly dictionaries: readonly Dictionary[];
  readonly storage?: Storage;
}

export class ConsoleShell {
  readonly #o: ShellOptions;
  readonly #dictionary: Dictionary;
  #lang: Lang;
  #t: Translate;
  #session: ConsoleSession | undefined;
  #layout: Layout | undefined;
  #screen: AbortController | undefined;
  #live: LiveFeed | undefined;
  #areaName = '';

  constructor(options: ShellOptions) {
    this.#o = options;
    this.#dictionary = mergeDictionaries(options.dictionaries);
    this.#lang = storedLang(options.storage);
    this.#t = translator(this.#dictionary, this.#lang);
  }

  async start(): Promise<void> {
    setErrorReporter((error) => toastError(error));
    this.#applyLang();
    window.addEventListener('hashchange', () => void this.#route());
    configureApi({ onSignedOut: () => this.#signedOut(this.#t('core.sessionEnded')) });
    await this.#enter();
  }

  #applyLang(): void {
    this.#t = translator(this.#dictionary, this.#lang);
    setUiTranslate(this.#t);
    configureApi({ lang: this.#lang });
    document.documentElement.lang = this.#lang;
  }

  readonly #setLang = (lang: Lang): void => {
    this.#lang = lang;
    rememberLang(this.#o.storage, lang);
    this.#applyLang();
    if (this.#session === undefined) void this.#enter();
    else this.#renderFrame();
  };

  /** GET /api/session decides: sign-in, a restriction to clear, or the console. */
  async #enter(notice?: string): Promise<void> {
    let answer: SessionAnswer;
    try {
      answer = await apiRequest<SessionAnswer>('GET', '/api/session');
    } catch {
      this.#showSignIn(notice);
      return;
    }
    if (answer.csrfToken !== undefined) configureApi({ csrfToken: answer.csrfToken });
    const p = answer.principal;
    if (p.restrictions.length > 0) {
      mount(this.#o.root, restrictionView(this.#authDeps(), p.restrictions));
      return;
    }
    this.#session = {
      accountId: answer.account?.id ?? null, username: p.actor, displayName: p.displayName, role: p.role, areaCode: p.area ?? '', permissions: p.permissions,
    };
    try {
      this.#areaName = areaName(await loadAreas({ api: apiRequest }), this.#session.areaCode);
    } catch {
      this.#areaName = this.#session.areaCode;
    }
    this.#startLive();
    this.#renderFrame();
  }

  #authDeps() {
    return { t: this.#t, lang: this.#lang, setLang: this.#setLang, onReady: () => void this.#enter() };
  }

  #showSignIn(notice?: string): void {
    mount(this.#o.root, signInView(this.#authDeps(), notice));
    document.title = `${this.#t('core.signIn.title')} — ${this.#t('core.appName')}`;
    this.#o.root.querySelector<HTMLInputElement>('input[name=username]')?.focus();
  }

  #startLive(): void {
    this.#live?.stop();
    this.#live = new LiveFeed({
      url: liveUrl(window.location),
      onState: (state) => this.#layout?.setLive(state),
      onSignedOut: () => void this.#recheck(),
    });
    this.#live.start();
  }

  /**
   * The hub closed the feed because the session behind it ended — or only its id changed (a password change or a
   * new role rotates it, and the browser already holds the new cookie). Ask once: still signed in, reconnect.
   */
  async #recheck(): Promise<void> {
    try {
      await apiRequest('GET', '/api/session');
      if (this.#session !== undefined) this.#startLive();
    } catch {
      this.#signedOut(this.#t('core.sessionEnded'));
    }
  }

  #signedOut(notice: string): void {
    if (this.#session === undefined) return;
    this.#session = undefined;
    this.#screen?.abort();
    this.#live?.stop();
    this.#live = undefined;
    this.#layout = undefined;
    forgetAreas();
    configureApi({ csrfToken: undefined });
    this.#showSignIn(notice);
  }

  readonly #signOut = async (): Promise<void> => {
    try {
      await apiRequest('DELETE', '/api/session');
    } finally {
      this.#signedOut(this.#t('core.signedOut'));
    }
  };

  #renderFrame(): void {
    const session = this.#session!;
    this.#layout = layout({
      t: this.#t, lang: this.#lang, session, areaName: this.#areaName,
      nav: navEntries(this.#o.screens, session.permissions), setLang: this.#setLang, signOut: this.#signOut,
    });
    this.#layout.setLive(this.#live?.state ?? 'closed');
    mount(this.#o.root, this.#layout.root);
    void this.#route();
  }

  async #route(): Promise<void> {
    const session = this.#session;
    const frame = this.#layout;
    if (session === undefined || frame === undefined) return;
    this.#screen?.abort();
    const controller = new AbortController();
    this.#screen = controller;
    const { path, query } = parseHash(window.location.hash);
    frame.setCurrent(path);
    const t = this.#t;
    const match = resolveRoute(this.#o.screens, path);
    const title = (text: string) => {
      document.title = `${text} — ${t('core.appName')}`;
    };
    if (match === undefined) {
      title(t('core.notFound.title'));
      return this.#show(frame, page(t('core.notFound.title'), h('p', null, t('core.notFound.body')), h('a', { href: '#/' }, t('core.backHome'))));
    }
    if (!allowedScreens([match.screen], session.permissions).length) {
      title(t('core.forbidden.title'));
      return this.#show(frame, page(t('core.forbidden.title'), h('p', null, t('core.forbidden.body')), h('a', { href: '#/' }, t('core.backHome'))));
    }
    const live = this.#live;
    const ctx: ScreenContext = {
      session, params: match.params, query, lang: this.#lang, signal: controller.signal,
      api: apiRequest,
      t,
      navigate: (to) => {
        window.location.hash = `#${to}`;
      },
      onLive: (type, handler) => live?.on(type, handler, controller.signal),
    };
    mount(frame.main, loading());
    title(match.screen.nav === undefined ? t('core.appTitle') : t(match.screen.nav.labelKey));
    try {
      const el = await match.screen.render(ctx);
      if (controller.signal.aborted) return;
      this.#show(frame, el);
    } catch (error) {
      if (controller.signal.aborted || (error as ConsoleApiError).status === 401) return;
      this.#show(frame, page(t('core.appTitle'), errorBox(error)));
    }
  }

  #show(frame: Layout, el: HTMLElement): void {
    mount(frame.main, el);
    const heading = el.querySelector<HTMLElement>('h1');
    const h1Text = heading?.textContent;
    if (h1Text) document.title = `${h1Text} — ${this.#t('core.appName')}`;
    // Focus moves to the new page's heading (WAI-ARIA APG: announce route changes), without scrolling the phone.
    heading?.focus({ preventScroll: true });
  }
}
