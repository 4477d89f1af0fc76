// Sign-in throttling per account and per IP (issue 4): the token bucket as a table, then the real sign-in service.
import t from 'tap';
import { RateLimiter, peekToken, takeToken, type BucketPolicy } from '../../../hub/src/accounts/rate-limit.js';
import { isHubError, HUB_ERRORS } from '../../../hub/src/errors.js';
import { PASSWORD, openTrust } from '../authz/trust-fixture.js';

const POLICY: BucketPolicy = { capacity: 3, refillEveryMs: 1000 };

t.test('token bucket: a burst of `capacity`, then one per refill interval', async (t) => {
  let state;
  const allowed: boolean[] = [];
  for (let i = 0; i < 4; i++) {
    const d = takeToken(state, POLICY, 0);
    allowed.push(d.allowed);
    state = d.state;
  }
  t.same(allowed, [true, true, true, false]);
  t.equal(takeToken(state, POLICY, 0).retryAfterMs, 1000);
  t.equal(takeToken(state, POLICY, 400).retryAfterMs, 600, 'the wait shrinks as time passes');
  t.equal(takeToken(state, POLICY, 1000).allowed, true, 'one attempt back after one interval');
  t.equal(peekToken(state, POLICY, 10_000).state.tokens, 3, 'never more than capacity');
  t.equal(takeToken(state, POLICY, -5000).allowed, false, 'a clock that goes backwards refills nothing');
});

t.test('the limiter keeps buckets per key, resets on success, and stays bounded under a flood of keys', async (t) => {
  const clock = { now: 0 };
  const limiter = new RateLimiter(POLICY, () => clock.now, 10);
  for (let i = 0; i < 3; i++) t.ok(limiter.take('a').allowed);
  t.notOk(limiter.take('a').allowed);
  t.ok(limiter.take('b').allowed, 'another key is unaffected');
  limiter.reset('a');
  t.ok(limiter.take('a').allowed, 'reset forgives');
  for (let i = 0; i < 100; i++) limiter.take(`flood-${i}`);
  t.ok(limiter.size <= 10, `bounded (${limiter.size})`);
});

t.test('per account: five wrong passwords, then even the right one waits', async (t) => {
  const f = await openTrust(t);
  await f.account('can.bo.xa', 'commune_officer', '24628');
  const attempt = (password: string, ip = '10.0.0.1') => f.trust.signIn.signIn({ username: 'can.bo.xa', password, ip });
  for (let i = 0; i < 5; i++) await t.rejects(attempt('sai mật khẩu rồi'), { code: 'HUB_ERR_SIGN_IN_FAILED' });
  const limited = await attempt(PASSWORD, '10.0.0.2').catch((err: unknown) => err);
  t.ok(isHubError(limited, 'HUB_ERR_RATE_LIMITED'), 'the sixth attempt is refused before the password is checked');
  t.match((limited as { details: unknown }).details, { retryAfterSeconds: 300 });
  t.equal(HUB_ERRORS.HUB_ERR_RATE_LIMITED.status, 429);
  t.match(HUB_ERRORS.HUB_ERR_RATE_LIMITED.vi, /Thử quá nhiều lần/);
  f.clock.now += 5 * 60_000;
  const ok = await attempt(PASSWORD, '10.0.0.3');
  t.equal(ok.account.username, 'can.bo.xa', 'one attempt back after five minutes');
  for (let i = 0; i < 5; i++) await t.rejects(attempt('sai nữa'), { code: 'HUB_ERR_SIGN_IN_FAILED' }, 'a success forgave the earlier mistakes');
});

t.test('per account: unknown usernames are throttled exactly like real ones', async (t) => {
  const f = await openTrust(t);
  for (let i = 0; i < 5; i++) {
    await t.rejects(f.trust.signIn.signIn({ username: 'khong.co.ai', password: 'x', ip: `10.1.0.${i}` }), { code: 'HUB_ERR_SIGN_IN_FAILED' });
  }
  await t.rejects(f.trust.signIn.signIn({ username: 'KHONG.CO.AI', password: 'x', ip: '10.1.1.1' }), { code: 'HUB_ERR_RATE_LIMITED' }, 'case does not make a new bucket');
});

t.test('per IP: spraying many usernames from one address stops after 20 attempts', async (t) => {
  const f = await openTrust(t);
  await f.account('nguoi.that', 'viewer', '67');
  for (let i = 0; i < 20; i++) {
    await t.rejects(f.trust.signIn.signIn({ username: `doan.${i}`, password: 'x', ip: '203.0.113.9' }), { code: 'HUB_ERR_SIGN_IN_FAILED' });
  }
  await t.rejects(f.trust.signIn.signIn({ username: 'nguoi.that', password: PASSWORD, ip: '203.0.113.9' }), { code: 'HUB_ERR_RATE_LIMITED' });
  const other = await f.trust.signIn.signIn({ username: 'nguoi.that', password: PASSWORD, ip: '198.51.100.7' });
  t.equal(other.account.username, 'nguoi.that', 'another address is unaffected');
  f.clock.now += 30_000;
  t.ok(await f.trust.signIn.signIn({ username: 'nguoi.that', password: PASSWORD, ip: '203.0.113.9' }), 'one attempt back after 30 s');
});
