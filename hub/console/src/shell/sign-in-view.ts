// Sign-in and what may stand between a signed-in account and its work (hub/src/accounts/sign-in.ts): the second
// factor when the account has one, a forced password change after a temporary or reset password, and TOTP set-up for
// roles that may approve emergencies. Every refusal is the hub's coded message, shown where the person is looking.
import { apiRequest, configureApi, describeError, isApiError } from '../core/api.js';
import { h, mount, type Child } from '../core/dom.js';
import { button, field, form, input } from '../core/form.js';
import type { Lang, Translate } from '../core/i18n.js';
import { qrSvg } from '../core/qr-svg.js';

export type Restriction = 'password-change' | 'totp-setup';

interface CredentialAnswer {
  readonly restrictions: readonly Restriction[];
  readonly csrfToken: string;
}

export interface AuthViewDeps {
  readonly t: Translate;
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  /** The account may work now (no restriction left). */
  readonly onReady: () => void;
}

function langSwitch(deps: AuthViewDeps): HTMLElement {
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-label': deps.t('core.language') },
    (['vi', 'en'] as const).map((l) =>
      h('button', { type: 'button', class: 'btn btn-link', 'aria-pressed': String(deps.lang === l), lang: l, on: { click: () => deps.setLang(l) } }, deps.t(`core.lang.${l}`)),
    ),
  );
}

/** The centred card every pre-work step is shown in. */
function authFrame(deps: AuthViewDeps, title: string, lead: string, ...body: Child[]): HTMLElement {
  return h(
    'main',
    { class: 'auth', id: 'main' },
    h(
      'div',
      { class: 'auth-card' },
      h('div', { class: 'auth-brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', null, deps.t('core.appName'), ' · ', deps.t('core.appTitle'))),
      h('h1', { class: 'page-title', tabindex: '-1' }, title),
      h('p', { class: 'lead' }, lead),
      ...body,
      langSwitch(deps),
    ),
  );
}

function formMessage(): { el: HTMLElement; show(text: string | null, kind?: 'error' | 'info'): void } {
  const el = h('div', { class: 'form-message', role: 'alert', hidden: true });
  return {
    el,
    show(text, kind = 'error') {
      el.hidden = text === null;
      el.textContent = text ?? '';
      el.className = `form-message form-message-${kind}`;
    },
  };
}

/** Username, password and — once the hub asks for it (HUB_ERR_TOTP_NEEDED) — the 6-digit code. */
export function signInView(deps: AuthViewDeps, notice?: string): HTMLElement {
  const { t } = deps;
  const username = field(t('core.signIn.username'), input({ name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }), { required: true });
  const password = field(t('core.signIn.password'), input({ type: 'password', name: 'password', autocomplete: 'current-password' }), { required: true });
  const totp = field(t('core.signIn.totp'), input({ name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6 }), { hint: t('core.signIn.totpHint') });
  totp.root.hidden = true;
  const message = formMessage();
  if (notice !== undefined) message.show(notice, 'info');

  const submit = async () => {
    message.show(null);
    username.setError(null);
    password.setError(null);
    totp.setError(null);
    const name = username.control.value.trim();
    if (name === '') return username.setError(t('core.signIn.required', { field: t('core.signIn.username').toLowerCase() }));
    if (password.control.value === '') return password.setError(t('core.signIn.required', { field: t('core.signIn.password').toLowerCase() }));
    const code = totp.control.value.trim();
    try {
      const answer = await apiRequest<CredentialAnswer>('POST', '/api/session', {
        username: name, password: password.control.value, ...(totp.root.hidden || code === '' ? {} : { totp: code }),
      });
      configureApi({ csrfToken: answer.csrfToken });
      deps.onReady();
    } catch (error) {
      if (isApiError(error, 'HUB_ERR_TOTP_NEEDED')) {
        totp.root.hidden = false;
        message.show(describeError(error), 'info');
        totp.control.focus();
      } else if (isApiError(error, 'HUB_ERR_TOTP_INVALID')) {
        totp.setError(describeError(error));
        totp.control.select();
      } else {
        message.show(describeError(error));
        if (isApiError(error, 'HUB_ERR_SIGN_IN_FAILED')) password.control.select();
      }
    }
  };

  return authFrame(
    deps,
    t('core.signIn.title'),
    t('core.signIn.lead'),
    form(submit, { class: 'stack', 'aria-label': t('core.signIn.title') }, message.el, username.root, password.root, totp.root,
      button(t('core.signIn.submit'), undefined, { type: 'submit', variant: 'primary' })),
    h('p', { class: 'muted small' }, t('core.signIn.help')),
  );
}

/** Works through the restrictions one at a time, then hands over to the console. */
export function restrictionView(deps: AuthViewDeps, restrictions: readonly Restriction[]): HTMLElement {
  const host = h('div', { class: 'auth-host' });
  const next = (left: readonly Restriction[]) => {
    if (left.includes('password-change')) mount(host, passwordChange(deps, next));
    else if (left.includes('totp-setup')) mount(host, totpSetup(deps, next));
    else deps.onReady();
    host.querySelector<HTMLElement>('h1')?.focus();
  };
  next(restrictions);
  return host;
}

function passwordChange(deps: AuthViewDeps, next: (left: readonly Restriction[]) => void): HTMLElement {
  const { t } = deps;
  const current = field(t('core.password.current'), input({ type: 'password', autocomplete: 'current-password', name: 'current' }), { required: true });
  const fresh = field(t('core.password.new'), input({ type: 'password', autocomplete: 'new-password', name: 'new' }), { required: true, hint: t('core.password.hint') });
  const repeat = field(t('core.password.repeat'), input({ type: 'password', autocomplete: 'new-password', name: 'repeat' }), { required: true });
  const message = formMessage();
  const submit = async () => {
    message.show(null);
    for (const f of [current, fresh, repeat]) f.setError(null);
    if (fresh.control.value !== repeat.control.value) return repeat.setError(t('core.password.mismatch'));
    try {
      const answer = await apiRequest<CredentialAnswer>('POST', '/api/session/password', { currentPassword: current.control.value, newPassword: fresh.control.value });
      configureApi({ csrfToken: answer.csrfToken });
      next(answer.restrictions);
    } catch (error) {
      if (isApiError(error, 'HUB_ERR_PASSWORD_WEAK')) fresh.setError(describeError(error));
      else if (isApiError(error, 'HUB_ERR_SIGN_IN_FAILED')) current.setError(describeError(error));
      else message.show(describeError(error));
    }
  };
  return authFrame(deps, t('core.password.title'), t('core.password.lead'),
    form(submit, { class: 'stack' }, message.el, current.root, fresh.root, repeat.root, button(t('core.password.submit'), undefined, { type: 'submit', variant: 'primary' })));
}

function totpSetup(deps: AuthViewDeps, next: (left: readonly Restriction[]) => void): HTMLElement {
  const { t } = deps;
  const message = formMessage();
  const qrHost = h('div', { class: 'qr-host' });
  const secretEl = h('code', { class: 'secret' });
  const code = field(t('core.totp.code'), input({ name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]{6}' }), { required: true });
  const begin = async () => {
    const started = await apiRequest<{ secret: string; otpauthUri: string }>('POST', '/api/session/totp');
    mount(qrHost, qrSvg(started.otpauthUri, t('core.totp.qrLabel')));
    // Groups of four, as authenticator apps show and accept them.
    secretEl.textContent = started.secret.replace(/(.{4})/g, '$1 ').trim();
  };
  begin().catch((error: unknown) => message.show(describeError(error)));
  const submit = async () => {
    message.show(null);
    code.setError(null);
    try {
      const answer = await apiRequest<CredentialAnswer>('POST', '/api/session/totp/confirm', { code: code.control.value.trim() });
      configureApi({ csrfToken: answer.csrfToken });
      next(answer.restrictions);
    } catch (error) {
      code.setError(describeError(error));
    }
  };
  return authFrame(deps, t('core.totp.title'), t('core.totp.lead'),
    h('p', null, t('core.totp.step1')), qrHost,
    h('p', null, t('core.totp.step2')), h('p', null, secretEl),
    h('p', null, t('core.totp.step3')),
    form(submit, { class: 'stack' }, message.el, code.root, button(t('core.totp.submit'), undefined, { type: 'submit', variant: 'primary' })));
}
