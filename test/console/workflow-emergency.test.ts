// Issue 9, "an emergency with two people, then STOP": the duty officer initiates an alert on the emergency panel
// and cannot approve it; a second officer approves and sends it; the commune's two simulated loudspeakers play it;
// the first officer presses STOP; both devices stop and log it, the panel's live count shows both reached, the hub
// recorded who stopped what, and cancelling opens the correction already drafted. The exercise mode is checked to
// look different. No console errors.
import t from 'tap';
import { startConsoleHarness } from './console-harness.js';
import { devicesWith, startDevices, waitFor } from './workflow-browser.js';

const COMMUNE = '24628';
const TEXT = 'Thông báo khẩn cấp. Nước lũ trên sông Krông Nô đang lên nhanh. Người dân các thôn ven sông di chuyển ngay đến nơi cao, mang theo giấy tờ và thuốc men cần thiết. Lực lượng xung kích xã đang hỗ trợ tại nhà văn hoá.';

t.test('two people send an emergency; STOP silences it; the panel counts the devices reached', async (t) => {
  const c = await startConsoleHarness(t);
  // Real-time playback, so the alert is still playing when STOP is pressed.
  const devices = await startDevices(c.hub, t.testdir(), 2, 'loudspeaker', [COMMUNE], { realtime: true });
  t.teardown(() => devices.stop());
  const duty = await c.account({ username: 'xa.truc.ban', role: 'commune_officer', areaCode: COMMUNE });
  const second = await c.account({ username: 'xa.pho.chu.tich', role: 'commune_officer', areaCode: COMMUNE });

  const a = await c.page();
  await c.signIn(a, duty);
  await a.goto(`${c.baseUrl}/console/#/emergency`);
  const panel = a.locator('.wf-emergency');
  await panel.waitFor();
  // Exercise mode is unmistakable: striped panel and the bilingual banner.
  await a.getByLabel('Diễn tập / thử nghiệm').check();
  t.ok(await a.getByText('DIỄN TẬP / EXERCISE').isVisible(), 'the exercise banner shows');
  t.match(await panel.getAttribute('class'), /wf-exercise-mode/, 'the panel is striped in exercise mode');
  await a.getByLabel('Phát thật').check();
  t.notOk(await a.getByText('DIỄN TẬP / EXERCISE').isVisible(), 'and not in live mode');

  await a.getByLabel('Nội dung đọc trên loa').fill(TEXT);
  await a.getByRole('button', { name: 'Khởi tạo và gửi người thứ hai duyệt' }).click();
  const mine = a.locator('.wf-alert[data-state="submitted"]');
  await mine.waitFor();
  const id = (await mine.getAttribute('data-bulletin')) ?? '';
  t.equal(await mine.getByRole('button', { name: 'Phê duyệt' }).count(), 0, 'the initiator is not offered the approval (two people)');
  t.ok(await mine.getByText('Bản tin khẩn cấp phải do người khác với người khởi tạo phê duyệt.').isVisible());

  const b = await c.page();
  await c.signIn(b, second);
  await b.goto(`${c.baseUrl}/console/#/emergency`);
  const theirs = b.locator(`.wf-alert[data-bulletin="${id}"]`);
  await theirs.getByRole('button', { name: 'Phê duyệt' }).click();
  await b.locator(`.wf-alert[data-bulletin="${id}"][data-state="approved"]`).getByRole('button', { name: 'PHÁT NGAY' }).click();
  await b.locator(`.wf-alert[data-bulletin="${id}"][data-state="published"]`).waitFor();

  await waitFor('both loudspeakers playing the alert', () => devices.list.every((d) => d.snapshot().playing), 30_000);
  // The duty officer's panel follows the alert by itself (it polls and listens to the live feed).
  await a.locator(`.wf-alert[data-bulletin="${id}"][data-state="published"] .wf-reach`).waitFor({ timeout: 15_000 });

  await a.getByRole('button', { name: 'DỪNG KHẨN (STOP)' }).click();
  await a.getByRole('dialog').getByRole('button', { name: 'DỪNG NGAY' }).click();
  await a.getByText(/Đã gửi lệnh dừng có chữ ký/).waitFor();

  await waitFor('both devices logged the alert stopped', async () => (await devicesWith(c.hub, id, ['stopped', 'interrupted'])).size === 2, 30_000);
  t.ok(devices.list.every((d) => !d.snapshot().playing), 'nothing plays after STOP');
  const reach = a.locator(`.wf-alert[data-bulletin="${id}"] .wf-reach`);
  await waitFor('the panel counts both devices reached', async () => (await reach.getAttribute('data-reached')) === '2', 15_000);
  t.equal(await reach.locator('[data-count="reached"] strong').innerText(), '2/2', 'the live count reads 2 of 2 reached');

  // The prepared correction: cancel sends the signed recall and opens the correction, already drafted.
  await a.locator(`.wf-alert[data-bulletin="${id}"]`).getByRole('button', { name: 'Huỷ và soạn đính chính' }).click();
  await a.getByLabel('Lý do').fill('Báo động nhầm: mực nước đã rút');
  await a.getByRole('dialog').getByRole('button', { name: 'Huỷ và soạn đính chính' }).click();
  await a.waitForURL((url) => url.hash.startsWith('#/bulletins/') && !url.hash.includes(id));
  await a.getByRole('heading', { name: /^Thông báo đính chính: Thông báo khẩn cấp/ }).waitFor();
  t.ok(await a.locator('[data-state="draft"]').isVisible(), 'the correction waits as a draft, ready to submit');

  const stops = await c.hub.hub.deps.db.all<{ actor: string; areas: string; mode: string }>('SELECT actor, areas, mode FROM stop_orders');
  t.same(stops, [{ actor: 'xa.truc.ban', areas: JSON.stringify([COMMUNE]), mode: 'live' }], 'the hub recorded who stopped which area');
  const history = await c.hub.hub.app.inject({ method: 'GET', url: `/api/bulletins/${id}`, headers: c.hub.auth });
  t.same(history.json<{ history: { action: string; actor: string }[] }>().history.map((h) => `${h.action}:${h.actor}`),
    ['create:xa.truc.ban', 'submit:xa.truc.ban', 'approve:xa.pho.chu.tich', 'publish:xa.pho.chu.tich', 'recall:xa.truc.ban'], 'initiated by one, approved and sent by another, then cancelled');
  t.same(await c.consoleErrors(), [], 'no console errors');
  await devices.stop();
});
