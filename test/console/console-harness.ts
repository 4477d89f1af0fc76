// Browser tests of the console against a real hub (issue 9): a hub on a real port (real SQLite, Aedes, HTTP),
// accounts made through the hub's own API with the admin token, Debian's Chromium driven by playwright-core, and a
// test that fails on any console error or uncaught page error. The page is opened at http://localhost:<port>, not
// 127.0.0.1: the session cookie is `__Host-` + Secure, which Chromium accepts on localhost only.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PasswordHasher } from '../../hub/src/accounts/password-hash.js';
import { base32Decode, hotp, totpStep } from '../../hub/src/accounts/totp.js';
import type { Role } from '../../hub/src/authz/roles.js';
import type { HubOptions } from '../../hub/src/hub.js';
import { startTestHub, type RunningHub } from '../helpers/hub-instance.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // The hub listens on 127.0.0.1; never let "localhost" go to ::1 first.
  '--host-resolver-rules=MAP localhost 127.0.0.1',
];
/** Good enough for a dozen accounts per test; the hub itself always hashes with the strong default. */
const CHEAP_HASHER = new PasswordHasher({ logN: 10, r: 8, p: 1 });
/** A password the policy accepts: 12+ characters, a Vietnamese sentence. */
export const TEST_PASSWORD = 'Đồng lúa chín vàng ươm';
export const NEW_PASSWORD = 'Sông Hồng chảy về biển Đông';

/**
 * Refusals that are part of normal use: the first visit asks who is signed in (nobody yet), and an account with a
 * second factor is asked for its code after the password (the hub does not say beforehand whether one is needed).
 */
const DEFAULT_EXPECTED_REFUSALS = ['401 GET /api/session HUB_ERR_UNAUTHENTICATED', '401 POST /api/session HUB_ERR_TOTP_NEEDED'];

export const DESKTOP = { width: 1280, height: 860 } as const;
export const PHONE = { width: 360, height: 740 } as const;

export interface ConsoleAccount {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly areaCode: string;
  password: string;
  /** Base32, when the account has a second factor. */
  totpSecret?: string;
  /** The last TOTP step used: the hub refuses a step twice, so the next code must come from a later one. */
  lastStep?: number;
}

export interface NewAccount {
  readonly username: string;
  readonly role: Role;
  readonly areaCode: string;
  readonly displayName?: string;
  /**
   * true (default): password already changed and TOTP set up where the role needs it, so sign-in goes straight in.
   * false: as the administrator created it — the console must force the password change (and TOTP set-up).
   */
  readonly ready?: boolean;
}

export interface PageOptions {
  readonly width?: number;
  readonly height?: number;
  /** Stored before the console loads (the console reads localStorage 'tinnguon.lang'). */
  readonly lang?: 'vi' | 'en';
  /**
   * Refusals the test provokes on purpose: Chromium logs every non-2xx fetch as a console error ("Failed to load
   * resource: … 401"). Each entry is "<status> <METHOD> <path> <HUB_ERR code>", e.g.
   * '401 POST /api/session HUB_ERR_SIGN_IN_FAILED'; any other refusal fails the test.
   */
  readonly expectedHttpErrors?: readonly string[];
}

export interface ConsoleHarness {
  readonly hub: RunningHub;
  /** http://localhost:<port> */
  readonly baseUrl: string;
  readonly browser: Browser;
  account(spec: NewAccount): Promise<ConsoleAccount>;
  /** The next TOTP code the hub will accept for this account (waits for a fresh 30 s step when needed). */
  totp(account: ConsoleAccount): Promise<string>;
  /** A fresh browser context and page at /console/; console errors are collected and checked at teardown. */
  page(options?: PageOptions): Promise<Page>;
  /** Signs in through the form (TOTP when the account has one) and waits for the menu. */
  signIn(page: Page, account: ConsoleAccount): Promise<void>;
  /** Headers for API calls as this account's console session would make them (for API-level scope checks). */
  apiSession(account: ConsoleAccount): Promise<{ cookie: string; csrf: string }>;
  /** Everything unexpected that the pages logged so far. */
  readonly errors: readonly string[];
  /** Matches refused requests to what the test expected, then returns every unexpected error so far (assert it empty). */
  consoleErrors(): Promise<readonly string[]>;
}

interface TestLike {
  teardown(fn: () => unknown): void;
}

function cookieFrom(res: Response): string {
  const raw = res.headers.getSetCookie().find((c) => c.startsWith('__Host-tn_session='));
  if (raw === undefined) throw new Error(`no session cookie (${res.status})`);
  return raw.split(';')[0]!;
}

export async function startConsoleHarness(t: TestLike, options: { hub?: HubOptions; config?: Record<string, unknown> } = {}): Promise<ConsoleHarness> {
  const hub = await startTestHub({ trust: { hasher: CHEAP_HASHER }, ...options.hub }, options.config);
  const port = new URL(hub.httpUrl).port;
  const baseUrl = `http://localhost:${port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  } catch (err) {
    await hub.stop();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  // One teardown, in order: match refusals, close the browser (no reconnecting sockets left), then stop the hub.
  const checks: (() => Promise<void>)[] = [];
  t.teardown(async () => {
    for (const check of checks) await check();
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser.close();
    await hub.stop();
    // Assertions are over by teardown; a throw here still fails the test.
    if (errors.length > 0) throw new Error(`console errors or page errors:\n${errors.join('\n')}`);
  });

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${hub.httpUrl}${path}`, {
      method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function totp(account: ConsoleAccount): Promise<string> {
    const secret = base32Decode(account.totpSecret ?? '');
    if (secret === undefined || account.totpSecret === undefined) throw new Error(`${account.username} has no second factor`);
    for (;;) {
      const current = totpStep(Date.now());
      // The hub accepts one step either side of now, each only once and only after the last one used.
      const step = Math.max(current - 1, (account.lastStep ?? -Infinity) + 1);
      if (step <= current + 1) {
        account.lastStep = step;
        return hotp(secret, step);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  async function signInHttp(account: ConsoleAccount): Promise<{ cookie: string; csrf: string; restrictions: string[] }> {
    const res = await api('POST', '/api/session', {
      username: account.username, password: account.password, ...(account.totpSecret === undefined ? {} : { totp: await totp(account) }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${account.username}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { csrfToken: string; restrictions: string[] };
    return { cookie: cookieFrom(res), csrf: body.csrfToken, restrictions: body.restrictions };
  }

  return {
    hub, baseUrl, browser, errors, totp,

    async consoleErrors() {
      for (const check of checks) await check();
      return [...errors];
    },

    async account(spec) {
      const created = await api('POST', '/api/accounts', {
        username: spec.username, displayName: spec.displayName ?? `Cán bộ ${spec.username}`, areaCode: spec.areaCode, role: spec.role, password: TEST_PASSWORD,
      }, hub.auth);
      if (created.status !== 201) throw new Error(`create ${spec.username}: ${created.status} ${await created.text()}`);
      const { account: made } = (await created.json()) as { account: { id: string } };
      const account: ConsoleAccount = { id: made.id, username: spec.username, role: spec.role, areaCode: spec.areaCode, password: TEST_PASSWORD };
      if (spec.ready === false) return account;
      let session = await signInHttp(account);
      const auth = () => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });
      const changed = await api('POST', '/api/session/password', { currentPassword: account.password, newPassword: NEW_PASSWORD }, auth());
      if (changed.status !== 200) throw new Error(`password change: ${changed.status} ${await changed.text()}`);
      account.password = NEW_PASSWORD;
      const after = (await changed.json()) as { restrictions: string[]; csrfToken: string };
      session = { cookie: cookieFrom(changed), csrf: after.csrfToken, restrictions: after.restrictions };
      if (after.restrictions.includes('totp-setup')) {
        const begun = await api('POST', '/api/session/totp', undefined, auth());
        if (begun.status !== 200) throw new Error(`totp set-up: ${begun.status} ${await begun.text()}`);
        account.totpSecret = ((await begun.json()) as { secret: string }).secret;
        const confirmed = await api('POST', '/api/session/totp/confirm', { code: await totp(account) }, auth());
        if (confirmed.status !== 200) throw new Error(`totp confirm: ${confirmed.status} ${await confirmed.text()}`);
        session = { ...session, cookie: cookieFrom(confirmed) };
      }
      await api('DELETE', '/api/session', undefined, auth());
      return account;
    },

    async page(opts = {}) {
      const context = await browser.newContext({
        viewport: { width: opts.width ?? DESKTOP.width, height: opts.height ?? DESKTOP.height },
        locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
      });
      contexts.push(context);
      if (opts.lang !== undefined) await context.addInitScript({ content: `localStorage.setItem('tinnguon.lang', ${JSON.stringify(opts.lang)})` });
      const page = await context.newPage();
      const expected = new Set([...DEFAULT_EXPECTED_REFUSALS, ...(opts.expectedHttpErrors ?? [])]);
      // Chromium logs every refused fetch as "Failed to load resource: … status of 401". Each one is matched to the
      // hub's answer (status, method, path, HUB_ERR code) and passes only if the test said it provokes exactly that.
      const refusals: Promise<string>[] = [];
      const networkLogs: string[] = [];
      page.on('response', (res) => {
        if (res.status() < 400) return;
        const key = `${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`;
        refusals.push(res.json().then((b: { error?: { code?: string } }) => `${key} ${b.error?.code ?? ''}`, () => key));
      });
      page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (msg.text().startsWith('Failed to load resource')) networkLogs.push(msg.location().url);
        else errors.push(`console error: ${msg.text()} ${msg.location().url}`);
      });
      checks.push(async () => {
        const answers = await Promise.all(refusals);
        for (const url of networkLogs) {
          const path = url === '' ? '' : new URL(url).pathname;
          const mine = answers.filter((a) => a.split(' ')[2] === path);
          const unexpected = mine.filter((a) => !expected.has(a));
          if (mine.length === 0 || unexpected.length > 0) errors.push(`refused request not expected by the test: ${unexpected.join(', ') || url}`);
        }
        networkLogs.length = 0;
      });
      await page.goto(`${baseUrl}/console/`);
      return page;
    },

    async signIn(page, account) {
      await page.getByLabel('Tên đăng nhập').fill(account.username);
      await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      if (account.totpSecret !== undefined) {
        const code = page.getByLabel('Mã xác thực hai lớp (6 chữ số)');
        await code.waitFor({ state: 'visible' });
        await code.fill(await totp(account));
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
      }
      // At phone width the menu (and sign-out in it) is folded away: wait for it in the DOM, not on screen.
      await page.locator('button.sign-out').waitFor({ state: 'attached' });
    },

    async apiSession(account) {
      const s = await signInHttp(account);
      return { cookie: s.cookie, csrf: s.csrf };
    },
  };
}
