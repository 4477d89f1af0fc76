// Signing in to the console in a real browser against a real hub (issue 9): a new commune officer's first sign-in
// with the forced password change and the TOTP set-up their role requires (Điều 9; issue 4), the second factor on
// later sign-ins, the hub's coded Vietnamese messages for a wrong password or code, signing out, and the remembered
// language choice.
import t from 'tap';
import { base32Decode, hotp, totpStep } from '../../hub/src/accounts/totp.js';
import { NEW_PASSWORD, startConsoleHarness, TEST_PASSWORD } from './console-harness.js';

t.test('first sign-in: temporary password, forced change, TOTP set-up, then the console; sign out', async (t) => {
  const c = await startConsoleHarness(t);
  const officer = await c.account({ username: 'xa.dak.nia', role: 'commune_officer', areaCode: '24628', displayName: 'Nguyễn Thị Lan', ready: false });
  const page = await c.page({ expectedHttpErrors: ['400 POST /api/session/password HUB_ERR_PASSWORD_WEAK'] });

  await page.getByLabel('Tên đăng nhập').fill(officer.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
  t.pass('the temporary password leads to the password change, not the console');
  t.equal(await page.getByRole('button', { name: 'Đăng xuất' }).count(), 0);

  // A weak password is refused by the hub's policy, with its code, next to the field.
  await page.getByLabel('Mật khẩu hiện tại').fill(TEST_PASSWORD);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('ngắn quá');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('ngắn quá');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  const weak = page.locator('.field-error:not([hidden])');
  await weak.waitFor();
  t.match(await weak.innerText(), /Mật khẩu chưa đạt yêu cầu.*ít nhất 12 ký tự.*\(HUB_ERR_PASSWORD_WEAK\)/s);

  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(`${NEW_PASSWORD}!`);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  t.equal(await page.locator('.field-error:not([hidden])').innerText(), 'Hai lần nhập mật khẩu mới không giống nhau.', 'caught before the hub is asked');
  await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();

  await page.getByRole('heading', { name: 'Bật xác thực hai lớp' }).waitFor();
  await page.locator('svg.qr[role=img]').waitFor();
  t.equal(await page.locator('svg.qr[role=img]').getAttribute('aria-label'), 'Mã QR cài đặt xác thực hai lớp', 'the set-up shows a QR code drawn by the console itself');
  const secret = (await page.locator('code.secret').innerText()).replace(/\s+/g, '');
  t.match(secret, /^[A-Z2-7]{32}$/);
  const code = hotp(base32Decode(secret)!, totpStep(Date.now()));
  await page.getByLabel('Mã 6 chữ số').fill(code);
  await page.getByRole('button', { name: 'Xác nhận' }).click();

  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  t.match(await page.locator('.who').innerText(), /Nguyễn Thị Lan[\s\S]*Cán bộ cấp xã \(UBND xã\)[\s\S]*Xã Đắk Nia/, 'who, in which role, where');
  t.equal(await page.title(), 'Tổng quan — TinNguon');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  t.equal(await page.locator('.form-message').innerText(), 'Bạn đã đăng xuất.');
  await page.reload();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  t.pass('after sign-out a reload stays signed out: the session is gone on the hub too');
  t.same(await c.consoleErrors(), []);
});

t.test('wrong password, TOTP asked for and checked, coded messages in Vietnamese; English remembered', async (t) => {
  const c = await startConsoleHarness(t);
  const officer = await c.account({ username: 'huyen.dak.mil', role: 'district_officer', areaCode: '663', displayName: 'Trần Văn Bình' });
  t.ok(officer.totpSecret, 'a district officer may approve emergencies, so has a second factor');
  const page = await c.page({
    expectedHttpErrors: ['401 POST /api/session HUB_ERR_SIGN_IN_FAILED', '401 POST /api/session HUB_ERR_TOTP_INVALID'],
  });

  await page.getByLabel('Tên đăng nhập').fill(officer.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mật khẩu sai hoàn toàn');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const message = page.locator('.form-message-error');
  await message.waitFor();
  t.equal(await message.innerText(), 'Tên đăng nhập hoặc mật khẩu không đúng (HUB_ERR_SIGN_IN_FAILED)');
  t.equal(await message.getAttribute('role'), 'alert', 'announced to screen readers');

  await page.getByLabel('Mật khẩu', { exact: true }).fill(officer.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const totp = page.getByLabel('Mã xác thực hai lớp (6 chữ số)');
  await totp.waitFor({ state: 'visible' });
  t.match(await page.locator('.form-message-info').innerText(), /Nhập mã xác thực hai lớp.*\(HUB_ERR_TOTP_NEEDED\)/);
  await totp.fill('000000');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('.field-error:not([hidden])').waitFor();
  t.match(await page.locator('.field-error:not([hidden])').innerText(), /Mã xác thực hai lớp sai hoặc đã được dùng \(HUB_ERR_TOTP_INVALID\)/);
  await totp.fill(await c.totp(officer));
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'vi', 'Vietnamese by default');

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  t.pass('the language choice survives a reload');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
  t.same(await c.consoleErrors(), []);
});
