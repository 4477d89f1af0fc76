// Issue 9, "a commune officer reordering the programme": two priority bulletins reach Xã Đắk Nia's next window, the
// province's first by default (Điều 8.2); the commune officer moves the commune's own bulletin ahead of it and picks
// a normal bulletin the province offered (Điều 8.3). The calendar, computed by the devices' own buildProgramme, then
// shows the new order with its reasons, and the hub holds the commune's choices. No console errors.
import t from 'tap';
import { startConsoleHarness } from './console-harness.js';
import { adminCall } from './workflow-browser.js';

const COMMUNE = '24628';
const HOUR = 3600_000;

interface Slot {
  readonly bulletinId: string;
  readonly reason: { readonly code: string };
}

t.test('a commune officer reorders priority bulletins and picks a normal one; the calendar follows', async (t) => {
  const c = await startConsoleHarness(t);
  const publish = async (title: string, originArea: string, priority: 'priority' | 'normal'): Promise<string> => {
    const { bulletin } = await adminCall<{ bulletin: { id: string } }>(c.hub, 'POST', '/api/bulletins', {
      title, priority, originArea, targetAreas: [COMMUNE], schedule: { type: 'nextWindow' }, validUntil: Date.now() + 48 * HOUR,
      content: { kind: 'tts', text: `${title}. Đề nghị bà con chú ý lắng nghe.` },
    });
    for (const step of ['submit', 'approve', 'publish']) await adminCall(c.hub, 'POST', `/api/bulletins/${bulletin.id}/${step}`);
    return bulletin.id;
  };
  const province = await publish('Tỉnh: lịch nghỉ lễ', '67', 'priority');
  const commune = await publish('Xã: họp dân thôn 3', COMMUNE, 'priority');
  const offered = await publish('Tỉnh: bản tin nông nghiệp', '67', 'normal');
  // The day of the commune's next window (today, or tomorrow after the evening window).
  const preview = await adminCall<{ days: { date: string; slots: Slot[] }[] }>(c.hub, 'GET', `/api/areas/${COMMUNE}/programme/preview?days=2`);
  const day = preview.days.find((d) => d.slots.length > 0);
  t.ok(day, 'the next window holds the bulletins');

  const officer = await c.account({ username: 'ubnd.dak.nia', role: 'commune_officer', areaCode: COMMUNE });
  const page = await c.page();
  await c.signIn(page, officer);
  await page.goto(`${c.baseUrl}/console/#/programme?date=${day?.date ?? ''}`);
  const slots = page.locator(`[data-date="${day?.date ?? ''}"] .wf-slots > li`);
  await slots.first().waitFor();
  // Runs in the page: everything it uses must be inside it.
  const shown = async (): Promise<string[]> => slots.evaluateAll((els) => els.map((e) => {
    const d = (e as { dataset: Record<string, string | undefined> }).dataset;
    return `${d.bulletin ?? ''}:${d.reason ?? ''}`;
  }));
  t.same(await shown(), [`${province}:PRIORITY_NEXT_WINDOW`, `${commune}:PRIORITY_NEXT_WINDOW`], 'Điều 8.2 by default: the province, then the commune');
  t.ok(await page.getByText(/Lý do: /).first().isVisible(), 'each slot says why it is there');

  await page.getByRole('button', { name: 'Lên' }).and(page.getByTitle('Đưa “Xã: họp dân thôn 3” lên trước')).click();
  const order = await page.locator('[data-list="priority"] > li').evaluateAll((els) => els.map((e) => (e as { dataset: Record<string, string | undefined> }).dataset.bulletin ?? ''));
  t.same(order, [commune, province], 'the list shows the new order before saving');
  await page.getByLabel('Tỉnh: bản tin nông nghiệp').check();
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/areas/${COMMUNE}/selections`) && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Lưu chương trình' }).click();
  t.equal((await saved).status(), 200);
  await page.getByText('Đã lưu; thiết bị nhận chương trình mới.').waitFor();

  await page.locator(`[data-date="${day?.date ?? ''}"] .wf-slots > li[data-reason="NORMAL_CHOSEN"]`).waitFor();
  t.same(await shown(), [`${commune}:PRIORITY_CHAIR_ORDER`, `${province}:PRIORITY_CHAIR_ORDER`, `${offered}:NORMAL_CHOSEN`],
    'the commune’s order (Điều 8.2), then the normal bulletin it chose (Điều 8.3)');
  const { selections } = await adminCall<{ selections: { bulletinId: string; order?: number }[] }>(c.hub, 'GET', `/api/areas/${COMMUNE}/selections`);
  t.same(selections.map((s) => [s.bulletinId, s.order ?? null]), [[commune, 0], [province, 1], [offered, null]], 'the hub holds the choices devices receive');
  t.same(await c.consoleErrors(), [], 'no console errors');
});
