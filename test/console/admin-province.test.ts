// Issue 9 "Administration", end to end in a real browser against a real hub: a province administrator creates a
// commune officer (temporary password shown once, and it works), imports communes from an Excel CSV after a preview
// that names the bad line and its code, downloads the report as XLSX, and verifies the audit chain — "Nguyên vẹn"
// until someone edits a row behind the hub's back. No console errors throughout.
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { startConsoleHarness } from './console-harness.js';
import { pythonAvailable, readWithPython } from '../hub/reports/xlsx-read.js';

const DAY = 24 * 3600_000;

t.test('a province administrator creates a user, imports areas, exports a report and verifies the audit log', async (t) => {
  const c = await startConsoleHarness(t);
  const { devices, db } = c.hub.hub.deps;
  const speaker = (await devices.create({ kind: 'loudspeaker', areaCode: '24700', name: 'Cụm loa buôn Ja Ráh' })).device;
  await db.run("UPDATE devices SET state = 'active'");
  await db.run("INSERT INTO playback_logs (device_id, seq, at, event, played_ms, received_at) VALUES (?, 1, ?, 'played', 90000, ?)", [speaker.id, Date.now() - DAY, Date.now()]);
  const admin = await c.account({ username: 'qt.so.tttt', role: 'province_admin', areaCode: '67', displayName: 'Sở Thông tin và Truyền thông' });
  const page = await c.page();
  await c.signIn(page, admin);

  await t.test('create a commune officer: the temporary password is shown once and signs in', async (t) => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Người dùng và vai trò' }).click();
    const form = page.locator('form.create-user');
    await form.getByLabel('Tên đăng nhập').fill('can.bo.nam.xuan');
    await form.getByLabel('Họ và tên').fill('Hoàng Thị Mai');
    await form.getByLabel('Cơ quan, đơn vị').fill('UBND xã Nam Xuân');
    await form.getByLabel('Vai trò').selectOption('commune_officer');
    await form.getByLabel('Địa bàn phụ trách').selectOption('24700');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đã tạo tài khoản' });
    const password = (await dialog.locator('.temp-password-value').innerText()).trim();
    t.match(password, /^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/, 'a temporary password people can read aloud');
    t.match(await dialog.innerText(), /chỉ hiển thị một lần/);
    await dialog.getByRole('button', { name: 'Tôi đã ghi lại mật khẩu' }).click();
    const row = page.locator('tr[data-key="can.bo.nam.xuan"]');
    await row.waitFor();
    t.match(await row.innerText(), /Hoàng Thị Mai[\s\S]*Cán bộ cấp xã \(UBND xã\)[\s\S]*Xã Nam Xuân[\s\S]*Chờ đổi mật khẩu/);
    t.equal(await page.getByText(password).count(), 0, 'gone from the page once the dialog is closed');
    const signIn = await fetch(`${c.hub.httpUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'can.bo.nam.xuan', password }) });
    t.equal(signIn.status, 200, 'the new official can sign in with it');
    t.match(((await signIn.json()) as { restrictions: string[] }).restrictions, ['password-change'], 'and must change it first');

    // A forgotten password: a new temporary one, the old one dead. Then the account is disabled.
    await row.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.getByRole('dialog', { name: 'Đặt lại mật khẩu' }).getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    const reset = page.getByRole('dialog', { name: 'Đã đặt lại mật khẩu' });
    const second = (await reset.locator('.temp-password-value').innerText()).trim();
    t.not(second, password);
    await reset.getByRole('button', { name: 'Tôi đã ghi lại mật khẩu' }).click();
    const again = async (pw: string) => (await fetch(`${c.hub.httpUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'can.bo.nam.xuan', password: pw }) })).status;
    t.same([await again(password), await again(second)], [401, 200], 'only the new temporary password works');
    await row.getByRole('button', { name: 'Khoá' }).click();
    await page.getByRole('dialog', { name: 'Khoá' }).getByRole('button', { name: 'Khoá' }).click();
    await row.getByText('Đã khoá').waitFor();
    t.equal(await again(second), 403, 'a disabled account cannot sign in');
  });

  await t.test('import communes from CSV: preview names the bad line, the fixed file imports', async (t) => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Địa bàn', exact: true }).click();
    const csv = page.getByLabel('Nội dung CSV');
    await csv.fill('code,name,parent_code,time_zone\n24629,Xã Quảng Thành,660,\n24630,Xã Đắk Ha,99999,\n');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const errors = page.locator('.import-result table.data');
    await page.getByText('Tệp có 1 lỗi').waitFor();
    t.match(await errors.first().locator('tbody tr').innerText(), /3\s+HUB_ERR_AREA_UNKNOWN\s+24630\s+Địa bàn cấp trên "99999" không có trong tệp/);
    t.ok(await page.getByRole('button', { name: 'Nhập vào hệ thống' }).isDisabled(), 'nothing can be imported while a line is wrong');

    // The corrected file as Excel saves it: UTF-8 with a BOM, CRLF.
    await page.getByLabel('Chọn tệp CSV').setInputFiles({
      name: 'dia-ban-moi.csv', mimeType: 'text/csv',
      buffer: Buffer.from('\uFEFFcode,name,parent_code,time_zone\r\n24629,Xã Quảng Thành,660,\r\n24630,Xã Đắk Ha,660,\r\n24628,Xã Đắk Nia,660,Asia/Ho_Chi_Minh\r\n'),
    });
    for (let i = 0; i < 50 && !(await csv.inputValue()).includes('Xã Đắk Ha,660'); i++) await page.waitForTimeout(100);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByText('Tệp hợp lệ: 2 địa bàn mới, 0 thay đổi, 1 không đổi').waitFor();
    await page.getByRole('button', { name: 'Nhập vào hệ thống' }).click();
    // The import counts every line it wrote: the unchanged Đắk Nia is rewritten as it was.
    await page.getByRole('status').filter({ hasText: 'Đã nhập: 2 địa bàn mới, 1 địa bàn được cập nhật' }).first().waitFor();
    await page.locator('.area-tree li[data-code="24630"]').waitFor({ state: 'attached' });
    const stored = (await (await fetch(`${c.hub.httpUrl}/api/areas`, { headers: c.hub.auth })).json()) as { areas: { code: string; name: string; parentCode: string }[] };
    t.match(stored.areas.filter((a) => a.code === '24629' || a.code === '24630'), [{ code: '24629', name: 'Xã Quảng Thành', parentCode: '660' }, { code: '24630', name: 'Xã Đắk Ha', parentCode: '660' }]);
  });

  await t.test('the playback report downloads as an XLSX workbook with the session cookie', async (t) => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await page.locator(`tr[data-key="${speaker.id}"]`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tệp Excel (XLSX)' }).click()]);
    t.match(download.suggestedFilename(), /^bao-cao-phat-67-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const bytes = await readFile(await download.path());
    t.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
    if (pythonAvailable()) {
      const device = readWithPython(bytes)['Theo thiết bị']!;
      t.match(device[1], [speaker.id, 'Cụm loa buôn Ja Ráh', 'Cụm loa', '24700', 'Xã Nam Xuân', 1, 0]);
    }
  });

  await t.test('the audit log verifies intact, and shows the first altered entry after tampering', async (t) => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
    await page.getByLabel('Người thực hiện').fill('qt.so');
    await page.getByLabel('Thao tác').fill('/api/accounts');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.locator('.audit-list td.col-action', { hasText: 'POST /api/accounts' }).first().waitFor();
    t.ok((await page.locator('.audit-list td.col-action').allInnerTexts()).every((a) => a.includes('/api/accounts')), 'only account changes by this administrator');

    await page.getByRole('button', { name: 'Kiểm tra toàn bộ nhật ký' }).click();
    const verdict = page.locator('.audit-verdict');
    await verdict.waitFor();
    t.equal(await verdict.getAttribute('data-verdict'), 'intact');
    t.match(await verdict.innerText(), /Nguyên vẹn[\s\S]*Đã kiểm tra \d+ bản ghi/);

    // Someone with the sqlite3 shell rewrites who did something: the chain shows it.
    await db.run('DROP TRIGGER audit_log_no_update');
    await db.run("UPDATE audit_log SET actor = 'nguoi.khac' WHERE seq = 2");
    await page.getByRole('button', { name: 'Kiểm tra toàn bộ nhật ký' }).click();
    await page.locator('.audit-verdict[data-verdict="broken"]').waitFor();
    t.match(await page.locator('.audit-verdict').innerText(), /Nhật ký đã bị can thiệp[\s\S]*Bản ghi #2 đã bị sửa nội dung/);
  });

  t.same(await c.consoleErrors(), [], 'no console errors');
});
