// The frame around every screen: brand, live-connection state, the menu (only the screens this account may open),
// who is signed in and where, the language switch and sign-out. At phone width the menu folds behind a button.
import { h } from '../core/dom.js';
import type { Lang, Translate } from '../core/i18n.js';
import type { LiveState } from '../core/live.js';
import { href } from '../core/router.js';
import type { ConsoleSession, Screen } from '../core/screen.js';

export interface LayoutDeps {
  readonly t: Translate;
  readonly lang: Lang;
  readonly session: ConsoleSession;
  readonly areaName: string;
  readonly nav: readonly Screen[];
  readonly setLang: (lang: Lang) => void;
  readonly signOut: () => Promise<void>;
}

export interface Layout {
  readonly root: HTMLElement;
  readonly main: HTMLElement;
  setLive(state: LiveState): void;
  /** Marks the menu entry of the current path (aria-current) and folds the phone menu. */
  setCurrent(path: string): void;
}

export function layout(deps: LayoutDeps): Layout {
  const { t, session } = deps;
  const live = h('span', { class: 'live-state', role: 'status', dataset: { state: 'closed' } }, t('core.live.closed'));
  const menuButton = h('button', { type: 'button', class: 'btn btn-link menu-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav' }, t('core.menu'));
  const links = deps.nav.map((s) => h('a', { href: href(s.path), class: 'nav-link', dataset: { path: s.path } }, t(s.nav!.labelKey)));
  const nav = h(
    'nav',
    { id: 'nav', class: 'nav', 'aria-label': t('core.menu') },
    h('ul', null, links.map((a) => h('li', null, a))),
    h(
      'div',
      { class: 'nav-footer' },
      h('p', { class: 'who' }, h('strong', null, session.displayName), h('br'), h('span', { class: 'muted small' }, t(`core.role.${session.role}`)), h('br'),
        h('span', { class: 'muted small' }, t('core.area', { area: deps.areaName }))),
      h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('core.language') },
        (['vi', 'en'] as const).map((l) => h('button', { type: 'button', class: 'btn btn-link', lang: l, 'aria-pressed': String(deps.lang === l), on: { click: () => deps.setLang(l) } }, t(`core.lang.${l}`)))),
      h('button', { type: 'button', class: 'btn btn-secondary sign-out', on: { click: deps.signOut } }, t('core.signOut')),
    ),
  );
  menuButton.addEventListener('click', () => {
    const open = menuButton.getAttribute('aria-expanded') !== 'true';
    menuButton.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  });
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const skip = h('a', { class: 'skip-link', href: '#', on: { click: (e) => { e.preventDefault(); main.focus(); } } }, t('core.skipToContent'));
  const root = h(
    'div',
    { class: 'app' },
    skip,
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: href('/') }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', { class: 'brand-name' }, t('core.appName')),
        h('span', { class: 'brand-sub' }, t('core.appTitle'))),
      live, menuButton),
    h('div', { class: 'frame' }, nav, main),
  );
  return {
    root,
    main,
    setLive(state) {
      live.dataset.state = state;
      live.textContent = t(`core.live.${state}`);
    },
    setCurrent(path) {
      // The longest menu path that contains this one: /devices/map is "Bản đồ", /devices/abc is "Thiết bị".
      const owner = links
        .map((a) => a.dataset.path ?? '')
        .filter((p) => p === path || (p !== '/' && path.startsWith(`${p}/`)))
        .sort((a, b) => b.length - a.length)[0];
      for (const a of links) {
        if (a.dataset.path === owner) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
      menuButton.setAttribute('aria-expanded', 'false');
      nav.classList.remove('open');
    },
  };
}
