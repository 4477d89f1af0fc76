// Sessions, API tokens and the break-glass token as the authenticator sees them: time-outs, rotation, CSRF, Fetch
// Metadata, TOTP, disabled accounts. Real SQLite; the clock is moved by the test.
import t from 'tap';
import { base32Decode, hotp, totpStep } from '../../../hub/src/accounts/totp.js';
import { SESSION_COOKIE } from '../../../hub/src/authz/session-cookie.js';
import { ADMIN_TOKEN, PASSWORD, openTrust, type TrustFixture } from '../authz/trust-fixture.js';

const MIN = 60_000;

async function signedIn(f: TrustFixture, username: string, extra: { totp?: string } = {}) {
  return f.trust.signIn.signIn({ username, password: PASSWORD, ip: '10.0.0.1', ...extra });
}

function cookieHeaders(id: string, csrf?: string, more: Record<string, string> = {}) {
  return { cookie: `${SESSION_COOKIE}=${id}`, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }), ...more };
}

t.test('a session works until 30 idle minutes or 12 hours, whichever comes first', async (t) => {
  const f = await openTrust(t);
  await f.account('bien.tap', 'editor', '67');
  const { session } = await signedIn(f, 'bien.tap');
  const auth = (method = 'GET') => f.trust.authenticator.authenticate({ method, headers: cookieHeaders(session.id) });
  t.equal((await auth()).principal.actor, 'bien.tap');
  for (let i = 0; i < 35; i++) {
    f.clock.now += 20 * MIN;
    await auth();
  }
  t.pass('active for 11 h 40 min');
  f.clock.now += 20 * MIN;
  await t.rejects(auth(), { code: 'HUB_ERR_SESSION_EXPIRED' }, 'absolute time-out despite activity');

  const second = (await signedIn(f, 'bien.tap')).session;
  f.clock.now += 29 * MIN;
  t.ok(await f.trust.authenticator.authenticate({ method: 'GET', headers: cookieHeaders(second.id) }));
  f.clock.now += 30 * MIN;
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: cookieHeaders(second.id) }), { code: 'HUB_ERR_SESSION_EXPIRED' }, 'idle time-out');
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: {} }), { code: 'HUB_ERR_UNAUTHENTICATED' });
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: cookieHeaders('not-a-session-id-at-all-000') }), { code: 'HUB_ERR_SESSION_EXPIRED' });
});

t.test('a cookie request that changes state needs the CSRF token, and no cross-site origin', async (t) => {
  const f = await openTrust(t);
  await f.account('bien.tap', 'editor', '67');
  const { session } = await signedIn(f, 'bien.tap');
  t.not(session.csrfToken, session.id);
  const auth = (method: string, headers: Record<string, string>) => f.trust.authenticator.authenticate({ method, headers });
  await t.rejects(auth('POST', cookieHeaders(session.id)), { code: 'HUB_ERR_CSRF' });
  await t.rejects(auth('DELETE', cookieHeaders(session.id, 'x'.repeat(43))), { code: 'HUB_ERR_CSRF' });
  t.ok(await auth('POST', cookieHeaders(session.id, session.csrfToken)));
  t.ok(await auth('GET', cookieHeaders(session.id)), 'reads need no token');
  await t.rejects(auth('POST', cookieHeaders(session.id, session.csrfToken, { 'sec-fetch-site': 'cross-site' })), { code: 'HUB_ERR_CROSS_SITE' });
  await t.rejects(auth('PUT', cookieHeaders(session.id, session.csrfToken, { 'sec-fetch-site': 'same-site' })), { code: 'HUB_ERR_CROSS_SITE' });
  await t.rejects(auth('GET', cookieHeaders(session.id, undefined, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' })), { code: 'HUB_ERR_CROSS_SITE' });
  t.ok(await auth('GET', cookieHeaders(session.id, undefined, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' })), 'following a link to the console works');
  t.ok(await auth('POST', cookieHeaders(session.id, session.csrfToken, { 'sec-fetch-site': 'same-origin' })));
  t.ok(await auth('POST', { authorization: `Bearer ${ADMIN_TOKEN}`, 'sec-fetch-site': 'cross-site' }), 'bearer requests carry no ambient authority: exempt');
});

t.test('a change of role rotates the session id; the old one stops working', async (t) => {
  const f = await openTrust(t);
  const account = await f.account('can.bo', 'viewer', '24628');
  const { session } = await signedIn(f, 'can.bo');
  await f.trust.accountService.update(account.id, { role: 'commune_officer' });
  const rotated = await f.trust.authenticator.authenticate({ method: 'GET', headers: cookieHeaders(session.id) });
  t.equal(rotated.principal.role, 'commune_officer');
  const setCookie = rotated.setCookie ?? '';
  t.match(setCookie, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=432\\d\\d$`));
  const newId = /=([^;]+)/.exec(setCookie)![1]!;
  t.not(newId, session.id);
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: cookieHeaders(session.id) }), { code: 'HUB_ERR_SESSION_EXPIRED' });
  const again = await f.trust.authenticator.authenticate({ method: 'POST', headers: cookieHeaders(newId, session.csrfToken) });
  t.equal(again.setCookie, undefined, 'rotated once');
  t.equal(again.session?.csrfToken, session.csrfToken, 'the open console keeps its CSRF token');
  t.equal(again.session?.expiresAt, session.expiresAt, 'rotation never extends a session');
});

t.test('disabling an account ends its sessions and stops its tokens', async (t) => {
  const f = await openTrust(t);
  const account = await f.account('ky.thuat', 'technician', '663');
  const { session } = await signedIn(f, 'ky.thuat');
  const { token } = await f.trust.tokens.create({ accountId: account.id, name: 'kịch bản', permissions: ['device.read'] });
  t.equal((await f.trust.authenticator.authenticate({ method: 'GET', headers: { authorization: `Bearer ${token}` } })).principal.kind, 'token');
  await f.trust.accountService.update(account.id, { disabled: true });
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: cookieHeaders(session.id) }), { code: 'HUB_ERR_SESSION_EXPIRED' });
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: { authorization: `Bearer ${token}` } }), { code: 'HUB_ERR_ACCOUNT_DISABLED' });
  await t.rejects(signedIn(f, 'ky.thuat'), { code: 'HUB_ERR_ACCOUNT_DISABLED' });
});

t.test('API tokens: shown once, stored as a digest, scoped, revocable, expiring', async (t) => {
  const f = await openTrust(t);
  const account = await f.account('ky.thuat', 'technician', '663');
  const { token, record } = await f.trust.tokens.create({ accountId: account.id, name: 'giám sát', permissions: ['device.read', 'report.read'], expiresAt: f.clock.now + 3600_000 });
  t.match(token, /^tn_pat_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  const stored = await f.db.get<{ secret_digest: string }>('SELECT secret_digest FROM api_tokens WHERE id = ?', [record.id]);
  t.notOk(token.includes(stored!.secret_digest), 'the secret itself is not stored');
  const auth = (value: string) => f.trust.authenticator.authenticate({ method: 'POST', headers: { authorization: `Bearer ${value}` } });
  const p = (await auth(token)).principal;
  t.match(p, { kind: 'token', actor: 'ky.thuat', role: 'technician', area: '663', tokenScopes: ['device.read', 'report.read'], tokenId: record.id });
  await t.rejects(auth(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`), { code: 'HUB_ERR_UNAUTHENTICATED' }, 'one character off');
  await t.rejects(auth('tn_pat_nonsense'), { code: 'HUB_ERR_UNAUTHENTICATED' });
  f.clock.now += 3600_000;
  await t.rejects(auth(token), { code: 'HUB_ERR_UNAUTHENTICATED' }, 'expired');
  const second = await f.trust.tokens.create({ accountId: account.id, name: 'khác', permissions: ['device.read'] });
  await f.trust.tokens.revoke(account.id, second.record.id);
  await t.rejects(auth(second.token), { code: 'HUB_ERR_UNAUTHENTICATED' }, 'revoked');
  await t.rejects(f.trust.tokens.revoke('acc-someone-else', record.id), { code: 'HUB_ERR_TOKEN_UNKNOWN' }, 'nobody revokes another account’s token');
});

t.test('the break-glass token is the root province administrator, audited as such', async (t) => {
  const f = await openTrust(t);
  const { principal } = await f.trust.authenticator.authenticate({ method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  t.match(principal, { kind: 'break-glass', actor: 'admin', role: 'province_admin', area: null, restrictions: [] });
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } }), { code: 'HUB_ERR_UNAUTHENTICATED' });
  await t.rejects(f.trust.authenticator.authenticate({ method: 'GET', headers: { authorization: 'Basic dXNlcjpwYXNz' } }), { code: 'HUB_ERR_UNAUTHENTICATED' });
});

t.test('TOTP: required at sign-in once set up, never the same code twice; approver roles must set it up', async (t) => {
  const f = await openTrust(t);
  const account = await f.account('tham.dinh', 'approver', '67', 'Trần Thị Ánh Tuyết');
  const first = await signedIn(f, 'tham.dinh');
  t.same(first.restrictions, ['totp-setup'], 'an approver without TOTP may only set it up');
  const { secret } = await f.trust.accountService.beginTotp(account.id);
  const key = base32Decode(secret)!;
  await t.rejects(f.trust.accountService.confirmTotp(account.id, '000000'), { code: 'HUB_ERR_TOTP_INVALID' });
  const enrolled = await f.trust.accountService.confirmTotp(account.id, hotp(key, totpStep(f.clock.now)));
  t.equal(enrolled.totpEnabled, true);
  t.equal(enrolled.displayName, 'Trần Thị Ánh Tuyết');

  await t.rejects(signedIn(f, 'tham.dinh'), { code: 'HUB_ERR_TOTP_NEEDED' });
  await t.rejects(signedIn(f, 'tham.dinh', { totp: hotp(key, totpStep(f.clock.now)) }), { code: 'HUB_ERR_TOTP_INVALID' }, 'the enrolment code is spent');
  f.clock.now += 30_000;
  const code = hotp(key, totpStep(f.clock.now));
  const ok = await signedIn(f, 'tham.dinh', { totp: code });
  t.same(ok.restrictions, [], 'with the second factor the approver may work');
  await t.rejects(signedIn(f, 'tham.dinh', { totp: code }), { code: 'HUB_ERR_TOTP_INVALID' }, 'a code is never accepted twice');
});

t.test('reset by an administrator: temporary password, change required, every session ended', async (t) => {
  const f = await openTrust(t);
  const account = await f.account('can.bo', 'technician', '24628', 'Nguyễn Văn Đức');
  await signedIn(f, 'can.bo');
  t.equal(await f.trust.sessions.countFor(account.id), 1);
  const { temporaryPassword } = await f.trust.accountService.resetPassword(account.id);
  t.match(temporaryPassword, /^[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}$/);
  t.equal(await f.trust.sessions.countFor(account.id), 0);
  const after = await f.trust.signIn.signIn({ username: 'can.bo', password: temporaryPassword, ip: '10.0.0.1' });
  t.same(after.restrictions, ['password-change']);
  await t.rejects(f.trust.accountService.changePassword(account.id, temporaryPassword, 'can.bo.2025'), { code: 'HUB_ERR_PASSWORD_WEAK' });
  await t.rejects(f.trust.accountService.changePassword(account.id, 'sai rồi', 'Một mật khẩu mới rất dài'), { code: 'HUB_ERR_SIGN_IN_FAILED' });
  const changed = await f.trust.accountService.changePassword(account.id, temporaryPassword, 'Một mật khẩu mới rất dài');
  t.equal(changed.mustChangePassword, false);
});
