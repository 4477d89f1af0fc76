// The hub's side of the console (issue 9): the files at /console/ with a strict CSP, the redirect from /, the device
// read model limited to the caller's area, and the live WebSocket feed — which a commune officer receives only for
// their own commune (Điều 9), which refuses strangers and foreign origins.
import t from 'tap';
import WebSocket from 'ws';
import { PasswordHasher } from '../../hub/src/accounts/password-hash.js';
import type { Role } from '../../hub/src/authz/roles.js';
import { SESSION_COOKIE } from '../../hub/src/authz/session-cookie.js';
import { consoleFile } from '../../hub/src/app/routes/console-routes.js';
import { startTestHub, type RunningHub } from '../helpers/hub-instance.js';

const CHEAP = new PasswordHasher({ logN: 10, r: 8, p: 1 });

async function official(h: RunningHub, username: string, role: Role, area: string): Promise<{ cookie: string; csrf: string; sessionId: string }> {
  const trust = h.hub.deps.trust!;
  const { account } = await trust.accountService.create({ username, displayName: username, areaCode: area, role, password: 'Đồng lúa chín vàng ươm' });
  await trust.accounts.setPassword(account.id, await CHEAP.hash('Đồng lúa chín vàng ươm'), false);
  const fresh = await trust.accounts.require(account.id);
  const session = await trust.sessions.create({ accountId: fresh.id, authzVersion: fresh.authzVersion, mfa: true });
  return { cookie: `${SESSION_COOKIE}=${session.id}`, csrf: session.csrfToken, sessionId: session.id };
}

async function device(h: RunningHub, areaCode: string, name: string): Promise<string> {
  return (await h.hub.deps.devices.create({ kind: 'loudspeaker', areaCode, name, latitude: 12.0, longitude: 107.7 })).device.id;
}

function wsUrl(h: RunningHub): string {
  return `${h.httpUrl.replace('http:', 'ws:')}/api/live`;
}

function openSocket(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket; events: Record<string, unknown>[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const events: Record<string, unknown>[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data: Buffer) => events.push(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.on('open', () => resolve({ ws, events, closed }));
    ws.on('unexpected-response', (req, res) => {
      // Handling this event leaves the request open: end it, or the hub cannot close.
      req.destroy();
      res.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.on('error', reject);
  });
}

async function until<T>(what: string, check: () => T | undefined, ms = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() - start > ms) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

t.test('the console is served at /console/ with a strict CSP; / leads there', async (t) => {
  const h = await startTestHub({ trust: { hasher: CHEAP } });
  t.teardown(h.stop);
  const app = h.hub.app;
  const home = await app.inject({ url: '/' });
  t.equal(home.statusCode, 302);
  t.equal(home.headers.location, '/console/');
  t.equal((await app.inject({ url: '/console' })).headers.location, '/console/');
  const page = await app.inject({ url: '/console/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.body, /<script type="module" src="\/console\/js\/main.js">/);
  t.notMatch(page.body, /<script>[^<]/, 'no inline script');
  const csp = String(page.headers['content-security-policy']);
  for (const rule of ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) t.ok(csp.includes(rule), rule);
  t.notMatch(csp, /unsafe-inline|unsafe-eval|https?:/, 'nothing inline, nothing from elsewhere');
  t.equal(page.headers['x-content-type-options'], 'nosniff');
  t.equal(page.headers['cache-control'], 'no-cache');
  const again = await app.inject({ url: '/console/', headers: { 'if-none-match': String(page.headers.etag) } });
  t.equal(again.statusCode, 304, 'unchanged files are revalidated, not downloaded again');
  const main = await app.inject({ url: '/console/js/main.js' });
  t.equal(main.statusCode, 200, 'the compiled console is there (tsc -b)');
  t.match(main.headers['content-type'], /text\/javascript/);
  t.match((await app.inject({ url: '/console/console.css' })).headers['content-type'], /text\/css/);
  for (const bad of ['/console/js/../../package.json', '/console/%2e%2e/src/main.ts', '/console/.hidden.css', '/console/js/main.d.ts', '/console/js/.tsbuildinfo', '/console/nope.html']) {
    const res = await app.inject({ url: bad });
    t.equal(res.statusCode, 404, `${bad} is not served`);
  }
});

t.test('consoleFile: only known types inside the console folders', async (t) => {
  t.equal(consoleFile('', '/c'), '/c/static/index.html');
  t.equal(consoleFile('js/shell/shell.js', '/c'), '/c/dist/shell/shell.js');
  t.equal(consoleFile('console.css', '/c'), '/c/static/console.css');
  for (const bad of ['../x.js', 'js/../../x.js', 'a//b.js', '.env', 'js/x.ts', 'x.js?y', 'x\\y.js']) t.equal(consoleFile(bad, '/c'), undefined, bad);
});

t.test('device reads and the live feed stay inside the account’s area', async (t) => {
  const h = await startTestHub({ trust: { hasher: CHEAP } });
  t.teardown(h.stop);
  const mine = await device(h, '24628', 'Cụm loa Đắk Nia');
  const theirs = await device(h, '24673', 'Cụm loa Đắk Lao');
  const commune = await official(h, 'xa.dak.nia', 'commune_officer', '24628');
  const province = await official(h, 'tinh.admin', 'province_admin', '67');

  const list = async (who: { cookie: string }) =>
    (await h.hub.app.inject({ url: '/api/console/devices', headers: { cookie: who.cookie } })).json<{ devices: { id: string }[] }>().devices.map((d) => d.id).sort();
  t.same(await list(commune), [mine], 'a commune officer sees only their commune’s devices');
  t.same(await list(province), [mine, theirs].sort(), 'the province sees both');
  const foreign = await h.hub.app.inject({ url: `/api/console/devices/${theirs}/history`, headers: { cookie: commune.cookie } });
  t.equal(foreign.statusCode, 403);
  t.equal(foreign.json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_SCOPE');
  const own = await h.hub.app.inject({ url: `/api/console/devices/${mine}/history`, headers: { cookie: commune.cookie } });
  t.same(own.json(), { history: [], heartbeat: null, snapshot: null });

  const communeFeed = await openSocket(wsUrl(h), { cookie: commune.cookie });
  const provinceFeed = await openSocket(wsUrl(h), { cookie: province.cookie });
  t.teardown(() => { communeFeed.ws.close(); provinceFeed.ws.close(); });
  // Give the poller its first look (it starts from "now"), then change both devices' presence.
  await new Promise((r) => setTimeout(r, 1200));
  await h.hub.deps.devices.setPresence(theirs, 'online', 'TEST');
  await h.hub.deps.devices.setPresence(mine, 'online', 'TEST');
  const seen = (feed: { events: Record<string, unknown>[] }) => feed.events.filter((e) => e.type === 'device.status').map((e) => e.deviceId);
  await until('the province to see both', () => (seen(provinceFeed).length >= 2 ? true : undefined));
  await until('the commune to see its own device', () => (seen(communeFeed).includes(mine) ? true : undefined));
  t.same(seen(communeFeed), [mine], 'the other commune’s device never reaches the commune officer');
  t.same(seen(provinceFeed).sort(), [mine, theirs].sort());
  t.ok(communeFeed.events.every((e) => e.areaCode === undefined || e.areaCode === '24628'), 'no event from another commune at all');

  await t.rejects(openSocket(wsUrl(h), {}), /HTTP 401/, 'no session, no feed');
  const foreignOrigin = await openSocket(wsUrl(h), { cookie: commune.cookie, origin: 'http://evil.example' }).catch((e: Error) => e);
  if (foreignOrigin instanceof Error) t.match(foreignOrigin.message, /HTTP 403/, 'a cross-site page is refused before the upgrade');
  else t.equal(await foreignOrigin.closed, 4403, 'a page from another origin is shut out');
});
