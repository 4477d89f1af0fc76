// The password policy (length, not the username, not a common password) and scrypt storage at strong parameters.
import t from 'tap';
import { PasswordHasher, STRONG_SCRYPT, parsePasswordHash } from '../../../hub/src/accounts/password-hash.js';
import { foldForComparison, passwordProblems } from '../../../hub/src/accounts/password-policy.js';

t.test('password policy: each rule refuses with a Vietnamese and an English reason', async (t) => {
  const cases: [string, string, string | undefined][] = [
    ['ngắn quá', 'an.nguyen', 'ít nhất 12 ký tự'],
    ['an.nguyen', 'an.nguyen', 'ít nhất 12 ký tự'],
    ['an.nguyen2024', 'an.nguyen', 'tên đăng nhập'],
    ['AN.NGUYEN!!', 'an.nguyen', 'ít nhất 12 ký tự'],
    ['password1234', 'x.user', 'phổ biến'],
    ['Mật Khẩu 12345', 'x.user', 'phổ biến'],
    ['aaaaaaaaaaaaaaaa', 'x.user', 'phổ biến'],
    ['Đồng lúa chín vàng ươm', 'x.user', undefined],
    ['correct horse battery staple', 'x.user', undefined],
  ];
  for (const [password, username, expected] of cases) {
    const problems = passwordProblems(password, username);
    if (expected === undefined) t.same(problems, [], `${password} is accepted`);
    else {
      t.ok(problems.some((p) => p.vi.includes(expected)), `${password}: ${expected}`);
      t.ok(problems.every((p) => p.en.length > 0));
    }
  }
  t.equal([...'Đồng lúa chín'].length, 13, 'length counts characters, not UTF-8 bytes');
  t.same(passwordProblems('Đắk Nông 2025', 'x.user'), [], '12 Vietnamese characters are 12');
  t.equal(foldForComparison('Mật Khẩu Đắk'), 'matkhaudak');
});

t.test('the hub hashes with scrypt N=2^17, r=8, p=1 (maxmem raised) and verifies', async (t) => {
  const hasher = new PasswordHasher();
  t.same(hasher.params, STRONG_SCRYPT);
  t.same(STRONG_SCRYPT, { logN: 17, r: 8, p: 1 });
  const stored = await hasher.hash('Đồng lúa chín vàng ươm');
  t.match(stored, /^scrypt\$17\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  t.equal(await hasher.verify('Đồng lúa chín vàng ươm', stored), true);
  t.equal(await hasher.verify('Đồng lúa chín vàng ươn', stored), false);
  // The same words typed on a keyboard that composes differently (NFD) are the same password.
  t.equal(await hasher.verify('Đồng lúa chín vàng ươm'.normalize('NFD'), stored), true);
});

t.test('hashes are salted, carry their parameters, and older parameters ask for a rehash', async (t) => {
  const cheap = new PasswordHasher({ logN: 10, r: 8, p: 1 });
  const a = await cheap.hash('một mật khẩu dài dài');
  const b = await cheap.hash('một mật khẩu dài dài');
  t.not(a, b, 'two hashes of one password differ (salt)');
  t.same(parsePasswordHash(a)?.params, { logN: 10, r: 8, p: 1 });
  t.equal(await new PasswordHasher().verify('một mật khẩu dài dài', a), true, 'verified with the parameters it was made with');
  t.equal(new PasswordHasher().needsRehash(a), true);
  t.equal(cheap.needsRehash(a), false);
  for (const bad of ['', 'plain', 'scrypt$40$8$1$AAAAAAAAAAA$AAAA', `scrypt$10$8$1$${'A'.repeat(22)}$short`, 'bcrypt$x$y$z$w$v']) {
    t.equal(parsePasswordHash(bad), undefined, bad);
    t.equal(await cheap.verify('x', bad), false);
  }
  t.equal(await cheap.verifyNobody('anything at all'), false);
});
