// A technician's day with the console (issue 9): enrol an LED board from the form (code and QR code), enrol the
// simulated board with that very code, watch it come online on its page, send it commands and see each result, and
// see its "now showing" picture after asking for one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { enrolWithHub } from '../../edge-agent/src/config/enrol.js';
import { SimClock, SimDevice } from '../../simulators/src/index.js';
import { publishBulletin } from '../simulators/sim-harness.js';
import { startConsoleHarness } from './console-harness.js';

t.test('enrol from the form, then command the device and see its results and its screen', async (t) => {
  const c = await startConsoleHarness(t);
  const tech = await c.account({ username: 'ky.thuat', role: 'technician', areaCode: '663', displayName: 'Lê Văn Kỹ' });
  const page = await c.page();
  await c.signIn(page, tech);

  await page.goto(`${c.baseUrl}/console/#/devices/new`);
  await page.getByLabel('Loại thiết bị').selectOption('led');
  await page.getByLabel('Địa bàn').selectOption('24673');
  await page.getByLabel('Tên thiết bị').fill('Bảng tin UBND xã Đắk Lao');
  await page.getByLabel('Vĩ độ').fill('12,4520');
  await page.getByLabel('Kinh độ').fill('200');
  await page.getByRole('button', { name: 'Tạo mã đăng ký' }).click();
  t.equal(await page.locator('.field-error:not([hidden])').innerText(), 'Phải là số từ -180 đến 180.', 'a longitude off the globe is caught in the form');
  await page.getByLabel('Kinh độ').fill('107.6330');
  await page.getByRole('button', { name: 'Tạo mã đăng ký' }).click();

  const code = page.locator('.enrol-code');
  await code.waitFor();
  const enrolmentCode = await code.innerText();
  t.match(enrolmentCode, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  t.equal(await page.locator('.qr-host svg.qr').count(), 1, 'with a QR code of the enrol command');
  t.match(await page.locator('code.secret').innerText(), new RegExp(`^edge-agent enroll --hub http://\\S+ --code ${enrolmentCode}$`));

  const stateDir = await mkdtemp(join(tmpdir(), 'tn-console-led-'));
  t.teardown(() => rm(stateDir, { recursive: true, force: true }));
  const enrolment = await enrolWithHub({ hubUrl: c.hub.httpUrl, code: enrolmentCode });
  t.equal(enrolment.kind, 'led');
  await page.getByRole('link', { name: 'Mở trang thiết bị' }).click();
  await page.getByRole('heading', { name: 'Bảng tin UBND xã Đắk Lao' }).waitFor();
  t.match(await page.locator('main').innerText(), /12\.45200, 107\.63300/, 'the coordinates were kept');

  const device = new SimDevice({ index: 0, stateDir, enrolment, clock: new SimClock(0), hubUrl: c.hub.httpUrl, mqttUrl: c.hub.mqttUrl });
  t.teardown(() => device.stop().catch(() => undefined));
  await device.start();
  await page.locator('[data-device-status="online"]').waitFor({ timeout: 30_000 });
  t.pass('its page shows it online as soon as it connects');

  await page.getByRole('button', { name: 'Đồng bộ lại lịch phát' }).click();
  const status = page.locator('[data-command-status]');
  await status.filter({ hasText: 'Thiết bị đã thực hiện: Đồng bộ lại lịch phát.' }).waitFor({ timeout: 30_000 });
  t.pass('the command’s result is shown when the device answers');
  await page.locator('[data-list="commands"] tr', { hasText: 'Đã thực hiện' }).first().waitFor();

  t.match(await page.locator('main').innerText(), /Bảng chưa gửi ảnh nội dung đang hiển thị/);
  // A board showing nothing says so, and the console shows the device's refusal as the command's result.
  await page.getByRole('button', { name: 'Chụp nội dung đang hiển thị' }).click();
  await status.filter({ hasText: /Thiết bị không thực hiện được “Chụp nội dung đang hiển thị”: AGENT_ERR_COMMAND_UNSUPPORTED/ }).waitFor({ timeout: 30_000 });
  t.pass('a failed command shows the device’s reason');

  // Something on the board: an exercise emergency (it shows at once, whatever the hour: Điều 8.1).
  await publishBulletin(c.hub, {
    title: 'Diễn tập phòng cháy', priority: 'emergency', mode: 'test', originArea: '24673', targetAreas: ['24673'],
    content: { kind: 'ledText', slide: { type: 'text', text: 'DIỄN TẬP PCCC', durationMs: 8000 } }, schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await page.locator('.col-volume, [data-device-status]').first().waitFor();
  const shows = async () => (await fetch(`${c.hub.httpUrl}/api/console/devices`, { headers: c.hub.auth }).then((r) => r.json()) as { devices: { heartbeat: { playing: unknown } | null }[] }).devices[0]?.heartbeat?.playing;
  for (let i = 0; i < 60 && !(await shows()); i++) await new Promise((r) => setTimeout(r, 500));
  await page.getByRole('button', { name: 'Chụp nội dung đang hiển thị' }).click();
  const picture = page.locator('img.snapshot');
  await picture.waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  t.ok(await picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), 'the board’s PNG is shown');

  // A lost code: a new one, shown once in a dialog with its QR code.
  await page.getByRole('button', { name: 'Cấp mã đăng ký mới' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
  const fresh = page.getByRole('dialog').locator('.enrol-code');
  await fresh.waitFor();
  t.not(await fresh.innerText(), enrolmentCode, 'a different one-time code');
  t.equal(await page.getByRole('dialog').locator('svg.qr').count(), 1);
  t.same(await c.consoleErrors(), []);
});
