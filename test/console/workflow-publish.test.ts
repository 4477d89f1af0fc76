// Issue 9, "composing, approving and publishing a priority bulletin, with simulated devices playing it": a commune
// officer composes a spoken bulletin (with the speech preview and the domain's validation), a second officer finds
// it waiting in the approval queue, sees what changed since it was sent back, approves and publishes; two simulated
// loudspeakers of the commune play it, and the hub holds their playback logs. No console errors anywhere.
import t from 'tap';
import { startConsoleHarness } from './console-harness.js';
import { adminCall, devicesWith, openWindowNow, startDevices, waitFor } from './workflow-browser.js';

const COMMUNE = '24628';
const TEXT = 'Trạm y tế xã Đắk Nia tổ chức tiêm chủng mở rộng cho trẻ dưới năm tuổi vào sáng thứ Bảy tuần này.';

t.test('a priority bulletin: composed, sent back, corrected, approved, published and played by the commune’s loudspeakers', async (t) => {
  const c = await startConsoleHarness(t);
  // The commune's loudspeaker window is open now, so "next window" is now and the test can watch it play.
  await openWindowNow(c.hub, [COMMUNE], 'loudspeaker');
  const devices = await startDevices(c.hub, t.testdir(), 2, 'loudspeaker', [COMMUNE]);
  t.teardown(() => devices.stop());
  const author = await c.account({ username: 'xa.soan', role: 'commune_officer', areaCode: COMMUNE });
  const approver = await c.account({ username: 'xa.duyet', role: 'commune_officer', areaCode: COMMUNE });

  const a = await c.page();
  await c.signIn(a, author);
  await a.goto(`${c.baseUrl}/console/#/bulletins/new`);
  await a.getByRole('heading', { name: 'Soạn bản tin' }).waitFor();

  // The domain's words before anything is sent.
  await a.getByRole('button', { name: 'Lưu và gửi duyệt' }).click();
  await a.getByRole('alert').getByText('Hãy nhập tiêu đề bản tin.').first().waitFor();
  t.ok(await a.getByText('Hãy nhập nội dung cần đọc.').isVisible(), 'what is missing, in Vietnamese');

  await a.getByLabel('Tiêu đề').fill('Lịch tiêm chủng mở rộng');
  await a.getByLabel('Nội dung đọc').fill(TEXT);
  // The speech preview: synthesised on the hub, playable in the page.
  await a.getByRole('button', { name: 'Nghe thử' }).click();
  const audio = a.getByLabel('Nghe thử bản tin');
  await audio.waitFor();
  // The few <audio> members read here (the test project has no DOM library).
  type AudioLike = { readonly readyState: number; readonly duration: number; addEventListener(type: string, fn: () => void, options: { once: boolean }): void };
  const seconds = await audio.evaluate((el: unknown) => new Promise<number>((resolve, reject) => {
    const a = el as AudioLike;
    if (a.readyState >= 1) resolve(a.duration);
    a.addEventListener('loadedmetadata', () => resolve(a.duration), { once: true });
    a.addEventListener('error', () => reject(new Error('the preview does not load')), { once: true });
  }));
  t.ok(seconds > 2, `the preview plays ${seconds.toFixed(1)} s of speech`);
  t.ok(await a.getByLabel('Xã Đắk Nia').isChecked(), 'the commune is the default target');
  await a.getByLabel('Số lần phát liên tiếp').selectOption('2');
  await a.getByRole('button', { name: 'Lưu và gửi duyệt' }).click();
  await a.waitForURL(/#\/bulletins\/bt-/);
  const id = decodeURIComponent(new URL(a.url()).hash.split('/')[2] ?? '');
  await a.locator('[data-state="submitted"]').waitFor();

  // The second officer sends it back once, with a reason; the author corrects the title and resubmits.
  const b = await c.page();
  await c.signIn(b, approver);
  await b.goto(`${c.baseUrl}/console/#/approvals`);
  const mine = b.locator(`[data-queue="mine"] [data-bulletin="${id}"]`);
  await mine.waitFor();
  await mine.getByRole('button', { name: 'Trả lại' }).click();
  await b.getByLabel('Lý do').fill('Ghi rõ địa điểm: trạm y tế xã');
  await b.getByRole('dialog').getByRole('button', { name: 'Trả lại' }).click();
  await mine.waitFor({ state: 'detached' });

  await a.reload();
  await a.locator('[data-state="draft"]').waitFor();
  t.ok(await a.getByText('Ghi rõ địa điểm: trạm y tế xã').isVisible(), 'the author sees why it came back');
  await a.getByRole('button', { name: 'Sửa' }).click();
  await a.getByLabel('Tiêu đề').fill('Lịch tiêm chủng mở rộng tại trạm y tế xã');
  await a.getByRole('button', { name: 'Lưu và gửi duyệt' }).click();
  await a.locator('[data-state="submitted"]').waitFor();

  // The approver sees what changed since it was sent back, then approves and publishes.
  await b.goto(`${c.baseUrl}/console/#/approvals`);
  await mine.waitFor();
  await mine.getByText('Thay đổi và lịch sử').click();
  const titleRow = mine.locator('.wf-diff [data-field="title"]');
  await titleRow.waitFor();
  t.match(await titleRow.innerText(), /Lịch tiêm chủng mở rộng\s+Lịch tiêm chủng mở rộng tại trạm y tế xã/, 'the diff shows the title before and after');
  await mine.getByRole('button', { name: 'Phê duyệt' }).click();
  await mine.waitFor({ state: 'detached' });
  await b.goto(`${c.baseUrl}/console/#/bulletins/${id}`);
  await b.locator('[data-state="approved"]').waitFor();
  await b.getByRole('button', { name: 'Phát hành' }).click();
  await b.locator('[data-state="published"]').waitFor();

  // Both loudspeakers play it (twice, as composed) and report it; the hub holds the logs.
  await waitFor('both devices logged the bulletin played', async () => (await devicesWith(c.hub, id, ['played'])).size === 2, 60_000);
  const played = await devicesWith(c.hub, id, ['played']);
  t.same([...played].sort(), devices.list.map((d) => d.deviceId).sort(), 'each of the commune’s loudspeakers played it');
  const history = await c.hub.hub.app.inject({ method: 'GET', url: `/api/bulletins/${id}`, headers: c.hub.auth });
  t.same(history.json<{ history: { action: string; actor: string }[] }>().history.map((h) => `${h.action}:${h.actor}`),
    ['create:xa.soan', 'submit:xa.soan', 'reject:xa.duyet', 'edit:xa.soan', 'submit:xa.soan', 'approve:xa.duyet', 'publish:xa.duyet']);
  t.same(await c.consoleErrors(), [], 'no console errors');
  await devices.stop();
});

t.test('publishing outside the operating windows takes the explicit confirmation Điều 10 asks for', async (t) => {
  const c = await startConsoleHarness(t);
  await openWindowNow(c.hub, [COMMUNE], 'loudspeaker');
  // Twelve hours from now is outside the commune's (one-hour) window: the 03:15 relay incident, on purpose.
  const at = Date.now() + 12 * 3600_000;
  const { bulletin } = await adminCall<{ bulletin: { id: string } }>(c.hub, 'POST', '/api/bulletins', {
    title: 'Thông báo giờ khuya', priority: 'priority', originArea: COMMUNE, targetAreas: [COMMUNE], schedule: { type: 'once', at }, validUntil: at + 3600_000,
    content: { kind: 'tts', text: 'Thông báo thử ngoài khung giờ.' },
  });
  for (const step of ['submit', 'approve']) await adminCall(c.hub, 'POST', `/api/bulletins/${bulletin.id}/${step}`);
  const officer = await c.account({ username: 'xa.phat.hanh', role: 'commune_officer', areaCode: COMMUNE });
  const page = await c.page({ expectedHttpErrors: [`409 POST /api/bulletins/${bulletin.id}/publish HUB_ERR_OUTSIDE_WINDOW`] });
  await c.signIn(page, officer);
  await page.goto(`${c.baseUrl}/console/#/bulletins/${bulletin.id}`);
  await page.getByRole('button', { name: 'Phát hành' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Ngoài khung giờ hoạt động (Điều 10)' }).waitFor();
  t.match(await dialog.innerText(), /Xã Đắk Nia — Cụm loa — \d\d:\d\d \d{4}-\d\d-\d\d/, 'where and when it would not play');
  t.equal((await adminCall<{ bulletin: { state: string } }>(c.hub, 'GET', `/api/bulletins/${bulletin.id}`)).bulletin.state, 'approved', 'nothing published before the confirmation');
  await dialog.getByRole('button', { name: 'Xác nhận phát hành' }).click();
  await page.locator('[data-state="published"]').waitFor();
  const { history } = await adminCall<{ history: { action: string; reason?: string }[] }>(c.hub, 'GET', `/api/bulletins/${bulletin.id}`);
  t.match(history.find((h) => h.action === 'publish')?.reason, /^Xác nhận phát hành dù giờ phát nằm ngoài khung giờ hoạt động/, 'the confirmation is kept in the history');
  t.same(await c.consoleErrors(), [], 'no console errors beyond the refusal the test provoked');
});
