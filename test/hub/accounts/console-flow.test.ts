// The first start of a province, through HTTP as the console does it: the break-glass token creates the first
// province administrator, who signs in with a temporary password, must change it, must set up TOTP, and then works.
import t from 'tap';
import { base32Decode, hotp, totpStep } from '../../../hub/src/accounts/totp.js';
import { SESSION_COOKIE } from '../../../hub/src/authz/session-cookie.js';
import { startTrustHub } from '../authz/trust-hub.js';

interface Body {
  account: { id: string; username: string; displayName: string; mustChangePassword: boolean; totpEnabled: boolean };
  temporaryPassword: string;
  csrfToken: string;
  restrictions: string[];
  secret: string;
  error: { code: string; message: string; messageEn: string; details?: { retryAfterSeconds?: number } };
}

function cookieOf(setCookie: string | string[] | undefined): string {
  const line = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return line.split(';')[0]!;
}

t.test('first province administrator: create with the admin token, sign in, change password, set up TOTP', async (t) => {
  const hub = await startTrustHub(t);
  const created = await hub.call('POST', '/api/accounts', hub.admin, {
    username: 'Pham.Quoc.Khanh', displayName: '  Phạm   Quốc Khánh ', agency: 'Sở Văn hoá, Thể thao và Du lịch', areaCode: '67', role: 'province_admin',
  });
  t.equal(created.statusCode, 201, created.body);
  const { account, temporaryPassword } = created.json<Body>();
  t.match(account, { username: 'pham.quoc.khanh', displayName: 'Phạm Quốc Khánh', mustChangePassword: true, totpEnabled: false });
  t.notOk('passwordHash' in account, 'no secret leaves the hub');

  const signIn = await hub.call('POST', '/api/session', undefined, { username: 'pham.quoc.khanh', password: temporaryPassword });
  t.equal(signIn.statusCode, 200, signIn.body);
  const setCookie = String(signIn.headers['set-cookie']);
  t.match(setCookie, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=43200$`));
  const first = signIn.json<Body>();
  t.same(first.restrictions, ['password-change', 'totp-setup']);
  let session = { cookie: cookieOf(signIn.headers['set-cookie']), 'x-csrf-token': first.csrfToken };

  const blocked = await hub.call('GET', '/api/devices', session);
  t.equal(blocked.statusCode, 403);
  t.match(blocked.json<Body>().error, { code: 'HUB_ERR_PASSWORD_CHANGE_REQUIRED', message: /^Bạn phải đổi mật khẩu/ });
  t.equal((await hub.call('GET', '/api/session', session)).statusCode, 200, 'who-am-I stays open');

  const weak = await hub.call('POST', '/api/session/password', session, { currentPassword: temporaryPassword, newPassword: 'matkhau12345' });
  t.match(weak.json<Body>().error, { code: 'HUB_ERR_PASSWORD_WEAK', message: /phổ biến/ });
  const changed = await hub.call('POST', '/api/session/password', session, { currentPassword: temporaryPassword, newPassword: 'Gia Nghĩa mùa mưa 2026' });
  t.equal(changed.statusCode, 200, changed.body);
  const rotatedCookie = cookieOf(changed.headers['set-cookie']);
  t.not(rotatedCookie, session.cookie, 'a new session id after the password change');
  t.equal((await hub.call('GET', '/api/session', { cookie: session.cookie })).statusCode, 401, 'the old id is dead');
  session = { cookie: rotatedCookie, 'x-csrf-token': changed.json<Body>().csrfToken };
  t.same(changed.json<Body>().restrictions, ['totp-setup']);
  t.match((await hub.call('GET', '/api/areas', session)).json<Body>().error, { code: 'HUB_ERR_TOTP_REQUIRED' });

  const setup = await hub.call('POST', '/api/session/totp', session);
  const key = base32Decode(setup.json<Body>().secret)!;
  const now = hub.h.hub.deps.now();
  const confirmed = await hub.call('POST', '/api/session/totp/confirm', session, { code: hotp(key, totpStep(now)) });
  t.equal(confirmed.statusCode, 200, confirmed.body);
  t.same(confirmed.json<Body>().restrictions, []);
  session = { cookie: cookieOf(confirmed.headers['set-cookie']), 'x-csrf-token': confirmed.json<Body>().csrfToken };
  t.equal((await hub.call('GET', '/api/areas', session)).statusCode, 200, 'now the administrator works');

  const out = await hub.call('DELETE', '/api/session', session);
  t.match(String(out.headers['set-cookie']), /Max-Age=0/);
  t.equal((await hub.call('GET', '/api/areas', session)).statusCode, 401, 'signed out');

  const again = await hub.call('POST', '/api/session', undefined, { username: 'pham.quoc.khanh', password: 'Gia Nghĩa mùa mưa 2026' });
  t.match(again.json<Body>().error, { code: 'HUB_ERR_TOTP_NEEDED', message: /mã xác thực hai lớp/ });
});

t.test('sign-in over HTTP: wrong passwords are audited, then throttled with 429, Retry-After and a Vietnamese message', async (t) => {
  const hub = await startTrustHub(t);
  await hub.official('bien.tap', 'editor', '67', 'Đỗ Thị Hạnh');
  for (let i = 0; i < 5; i++) {
    const r = await hub.call('POST', '/api/session', undefined, { username: 'bien.tap', password: `sai mật khẩu ${i}` });
    t.equal(r.statusCode, 401);
    t.match(r.json<Body>().error, { code: 'HUB_ERR_SIGN_IN_FAILED', message: /^Tên đăng nhập hoặc mật khẩu không đúng/, messageEn: /^Wrong username or password/ });
  }
  const limited = await hub.call('POST', '/api/session', undefined, { username: 'bien.tap', password: 'Đồng lúa chín vàng ươm' });
  t.equal(limited.statusCode, 429);
  t.equal(limited.headers['retry-after'], '300');
  t.match(limited.json<Body>().error, { code: 'HUB_ERR_RATE_LIMITED', message: /^Thử quá nhiều lần/, details: { retryAfterSeconds: 300 } });
  const failures = await hub.h.hub.deps.db.all<{ actor: string; after: string }>("SELECT actor, after FROM audit_log WHERE action = 'POST /api/session'");
  t.equal(failures.length, 5, 'each failed sign-in is in the audit log; the throttled flood is not');
  t.ok(failures.every((f) => f.actor === 'bien.tap' && f.after.includes('HUB_ERR_SIGN_IN_FAILED') && !f.after.includes('sai mật khẩu')), 'the guesses themselves are not kept');
});

t.test('personal API tokens over HTTP: a subset of my permissions, shown once, refused beyond their scope', async (t) => {
  const hub = await startTrustHub(t);
  const tech = await hub.official('ky.thuat', 'technician', '663', 'Vũ Minh Tuấn');
  const beyond = await hub.call('POST', '/api/tokens', tech, { name: 'quá quyền', permissions: ['bulletin.draft.normal'] });
  t.match(beyond.json<Body>().error, { code: 'HUB_ERR_FORBIDDEN' });
  const made = await hub.call('POST', '/api/tokens', tech, { name: 'giám sát thiết bị', permissions: ['device.read'] });
  t.equal(made.statusCode, 201);
  const { token, apiToken } = made.json<{ token: string; apiToken: { id: string } }>();
  const bearer = { authorization: `Bearer ${token}` };
  t.equal((await hub.call('GET', '/api/devices', bearer)).statusCode, 200);
  t.match((await hub.call('POST', '/api/devices', bearer, { kind: 'led', areaCode: '663', name: 'Bảng' })).json<Body>().error, { code: 'HUB_ERR_TOKEN_SCOPE' });
  t.match((await hub.call('POST', '/api/tokens', bearer, { name: 'chuỗi', permissions: ['device.read'] })).json<Body>().error, { code: 'HUB_ERR_FORBIDDEN' }, 'a token cannot mint tokens');
  const listed = (await hub.call('GET', '/api/tokens', tech)).json<{ tokens: Record<string, unknown>[] }>().tokens;
  t.equal(listed.length, 1);
  t.notOk(JSON.stringify(listed).includes(token.slice(20)), 'never shown again');
  t.equal((await hub.call('DELETE', `/api/tokens/${apiToken.id}`, tech)).statusCode, 200);
  t.equal((await hub.call('GET', '/api/devices', bearer)).statusCode, 401, 'revoked');
});

t.test('administration: reset, disable, rotate on a role change; no one edits their own role', async (t) => {
  const hub = await startTrustHub(t);
  const admin = await hub.official('quan.tri', 'province_admin', '67', 'Hoàng Văn Bình');
  const viewer = await hub.official('nguoi.xem', 'viewer', '24628', 'Lò Thị Sinh');
  const own = await hub.call('PATCH', `/api/accounts/${admin.account.id}`, admin, { role: 'viewer' });
  t.match(own.json<Body>().error, { code: 'HUB_ERR_FORBIDDEN' });
  t.equal((await hub.call('PATCH', `/api/accounts/${admin.account.id}`, admin, { displayName: 'Hoàng Văn Bình (Sở)' })).statusCode, 200);

  const promoted = await hub.call('PATCH', `/api/accounts/${viewer.account.id}`, admin, { role: 'technician' });
  t.equal(promoted.statusCode, 200);
  const next = await hub.call('GET', '/api/devices', viewer);
  t.equal(next.statusCode, 200);
  t.match(String(next.headers['set-cookie']), new RegExp(`^${SESSION_COOKIE}=`), 'the session id rotates after the role change');
  t.equal((await hub.call('GET', '/api/devices', viewer)).statusCode, 401, 'the old id no longer works');

  const reset = await hub.call('POST', `/api/accounts/${viewer.account.id}/password-reset`, admin);
  t.match(reset.json<Body>(), { account: { mustChangePassword: true }, temporaryPassword: /^\S{19}$/ });
  const disabled = await hub.call('PATCH', `/api/accounts/${viewer.account.id}`, admin, { disabled: true });
  t.equal(disabled.statusCode, 200);
  const signIn = await hub.call('POST', '/api/session', undefined, { username: 'nguoi.xem', password: reset.json<Body>().temporaryPassword });
  t.match(signIn.json<Body>().error, { code: 'HUB_ERR_ACCOUNT_DISABLED', message: /^Tài khoản đã bị khoá/ });
  const bad = await hub.call('POST', '/api/accounts', admin, { username: 'admin', displayName: 'X', areaCode: '67', role: 'viewer' });
  t.match(bad.json<Body>().error, { code: 'HUB_ERR_VALIDATION', messageEn: /reserved/ });
  const dup = await hub.call('POST', '/api/accounts', admin, { username: 'nguoi.xem', displayName: 'Trùng', areaCode: '67', role: 'viewer' });
  t.match(dup.json<Body>().error, { code: 'HUB_ERR_ACCOUNT_EXISTS', message: /^Tên đăng nhập đã được dùng/ });
});
