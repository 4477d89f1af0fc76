// Issue 9: "Every screen respects the user's area scope, and so does the API underneath it." A commune officer of
// Xã Đắk Nia reads reports and administration screens in a real browser against a real hub: nothing of the
// neighbouring Phường Nghĩa Đức appears, asking for it through a link gets the hub's coded refusal on screen, the
// same requests made directly to the API are refused, and the page logs no console error.
import type { Locator } from 'playwright-core';
import t from 'tap';
import { startConsoleHarness } from './console-harness.js';

const OWN = '24628'; // Xã Đắk Nia
const SIBLING = '24611'; // Phường Nghĩa Đức, same city (660)
const DAY = 24 * 3600_000;

t.test('a commune officer sees only its own commune in reports and administration', async (t) => {
  const c = await startConsoleHarness(t);
  const { devices, db } = c.hub.hub.deps;
  const mine = (await devices.create({ kind: 'loudspeaker', areaCode: OWN, name: 'Cụm loa thôn Tân Lập' })).device;
  const theirs = (await devices.create({ kind: 'led', areaCode: SIBLING, name: 'Bảng tin phường Nghĩa Đức' })).device;
  await db.run("UPDATE devices SET state = 'active'");
  const now = Date.now();
  await db.run(
    `INSERT INTO playback_logs (device_id, seq, at, event, played_ms, received_at) VALUES
       (?, 1, ?, 'played', 60000, ?), (?, 2, ?, 'missed', NULL, ?), (?, 1, ?, 'played', 30000, ?)`,
    [mine.id, now - DAY, now, mine.id, now - 2 * DAY, now, theirs.id, now - DAY, now],
  );
  await db.run('INSERT INTO device_status_history (device_id, at, state) VALUES (?, ?, ?), (?, ?, ?)', [mine.id, now - 30 * DAY, 'online', theirs.id, now - 30 * DAY, 'online']);

  const officer = await c.account({ username: 'can.bo.dak.nia', role: 'commune_officer', areaCode: OWN, displayName: 'Y Blang Niê' });
  const page = await c.page({ expectedHttpErrors: [`403 GET /api/reports/playback HUB_ERR_AREA_SCOPE`] });
  await c.signIn(page, officer);

  // The menu offers what the role may do: reports, areas, windows; not users or the audit log.
  const nav = page.getByRole('navigation', { name: 'Menu' });
  for (const item of ['Báo cáo', 'Địa bàn', 'Quy định và khung giờ']) t.equal(await nav.getByRole('link', { name: item, exact: true }).count(), 1, `menu offers ${item}`);
  for (const item of ['Người dùng và vai trò', 'Nhật ký kiểm toán']) t.equal(await nav.getByRole('link', { name: item }).count(), 0, `menu hides ${item}`);

  await nav.getByRole('link', { name: 'Báo cáo', exact: true }).click();
  const devicesCard = page.locator('section.card', { has: page.getByRole('heading', { name: 'Theo thiết bị' }) });
  await devicesCard.locator(`tr[data-key="${mine.id}"]`).waitFor();
  t.equal(await page.locator(`tr[data-key="${theirs.id}"]`).count(), 0, 'the neighbour’s board is not in the report');
  const attributes = async (items: Locator, name: string) => Promise.all((await items.all()).map((l) => l.getAttribute(name)));
  t.same(await attributes(page.getByLabel('Địa bàn').locator('option'), 'value'), [OWN], 'only its own commune can be chosen');
  t.match(await page.locator('.stats').innerText(), /1\s+Đã phát[\s\S]*1\s+Bị lỡ/);
  t.notMatch(await page.locator('main').innerText(), /Nghĩa Đức/, 'no name from the neighbour anywhere on the page');
  await page.getByRole('link', { name: 'Tình trạng thiết bị' }).click();
  await page.locator(`.report-availability tr[data-key="${mine.id}"]`).waitFor();
  t.equal(await page.locator(`tr[data-key="${theirs.id}"]`).count(), 0, 'nor in the availability report');

  // A link naming the neighbour: the screen asks, the hub refuses, the refusal is shown with its code.
  await page.goto(`${c.baseUrl}/console/#/reports?area=${SIBLING}`);
  await page.getByRole('alert').filter({ hasText: 'HUB_ERR_AREA_SCOPE' }).waitFor();
  t.match(await page.getByRole('alert').filter({ hasText: 'HUB_ERR_AREA_SCOPE' }).innerText(), /Thao tác nằm ngoài địa bàn được giao cho tài khoản/);
  t.equal(await page.locator('.report-downloads a').count(), 0, 'no download offered for a refused report');

  // Administration: its own commune only; users and audit are closed to it.
  await page.goto(`${c.baseUrl}/console/#/admin/areas`);
  await page.locator(`.area-tree li[data-code="${OWN}"]`).waitFor();
  t.same(await attributes(page.locator('.area-tree li'), 'data-code'), [OWN]);
  t.equal(await page.getByRole('button', { name: 'Xem trước' }).count(), 0, 'no CSV import: the tree belongs to the province');
  await page.goto(`${c.baseUrl}/console/#/admin/policies`);
  await page.locator('.window-kind[data-kind="loudspeaker"] .windows-in-force').waitFor();
  t.equal(await page.locator('.window-kind[data-kind="loudspeaker"] .windows-in-force').innerText(), '05:00–06:30, 17:00–18:30', 'Điều 10 defaults, inherited');
  t.equal(await page.locator('.window-editor').count(), 2, 'the commune may set its own windows (Điều 10: "theo quy định của địa phương")');
  t.equal(await page.locator('.policy-editor').count(), 0, 'but not lower its own approval bar');
  const led = page.locator('.window-kind[data-kind="led"]');
  await led.getByText('Thay đổi khung giờ của địa bàn này').click();
  await led.getByLabel('Kết thúc khung giờ 2').fill('21:00');
  await led.getByRole('button', { name: 'Lưu khung giờ riêng' }).click();
  await led.getByText('Riêng của địa bàn này').waitFor();
  t.equal(await led.locator('.windows-in-force').innerText(), '05:00–07:00, 17:00–21:00', 'the commune’s own LED hours, in force at once');
  for (const path of ['/admin/users', '/admin/audit']) {
    await page.goto(`${c.baseUrl}/console/#${path}`);
    await page.getByRole('heading', { name: 'Không có quyền' }).waitFor();
  }

  // The API underneath refuses the same things, whatever the screen does.
  const s = await c.apiSession(officer);
  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${c.hub.httpUrl}${path}`, {
      method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'text/csv' }) }, ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code };
  };
  const refusals: [string, string, string][] = [
    ['GET', `/api/reports/playback?area=${SIBLING}`, 'HUB_ERR_AREA_SCOPE'],
    ['GET', '/api/reports/availability?area=660', 'HUB_ERR_AREA_SCOPE'],
    ['GET', `/api/reports/playback/export?format=xlsx&area=${SIBLING}`, 'HUB_ERR_AREA_SCOPE'],
    ['GET', `/api/areas/${SIBLING}/windows`, 'HUB_ERR_AREA_SCOPE'],
    ['GET', `/api/areas/${SIBLING}/approval-policy`, 'HUB_ERR_AREA_SCOPE'],
    ['GET', '/api/accounts', 'HUB_ERR_FORBIDDEN'],
    ['GET', '/api/audit/search', 'HUB_ERR_FORBIDDEN'],
    ['POST', '/api/areas/import/preview', 'HUB_ERR_FORBIDDEN'],
  ];
  for (const [method, path, code] of refusals) t.same(await call(method, path, method === 'POST' ? 'code,name,parent_code\n' : undefined), { status: 403, code }, `${method} ${path}`);
  t.equal((await call('GET', '/api/reports/playback')).status, 200, 'its own report is served');

  t.same(await c.consoleErrors(), [], 'no console errors');
});
