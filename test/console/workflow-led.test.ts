// Issue 9, "an LED slide preview matching the simulated board's PNG pixel for pixel": an official composes an LED
// slide; the composer previews it at the size the commune's board reported, drawn by the devices' renderer; the
// bulletin is published and a simulated board (the real agent, PngSnapshotSink) shows it. The board's PNG frame and
// the preview canvas are decoded to RGBA and compared pixel for pixel — not file bytes, which an encoder may vary.
import t from 'tap';
import type { Page } from 'playwright-core';
import { decodePng } from '../../edge-agent/src/led/png-decode.js';
import { startConsoleHarness } from './console-harness.js';
import { adminCall, openWindowNow, startDevices, waitFor } from './workflow-browser.js';

const COMMUNE = '24628';
const BOARD = { width: 160, height: 48 };
const TEXT = 'Cảnh báo lũ: người dân vùng trũng sơ tán trước 17 giờ';

/** The few canvas members read here (the test project has no DOM library). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { readonly data: ArrayLike<number> } } | null;
}

/** The preview canvas as RGBA bytes, exactly as painted (getImageData of an opaque canvas is lossless). */
async function previewPixels(page: Page): Promise<{ width: number; height: number; rgba: number[] }> {
  return page.locator('canvas[data-preview="main"]').evaluate((el: unknown) => {
    const c = el as CanvasLike;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    return { width: c.width, height: c.height, rgba: Array.from(data) };
  });
}

function rgbaOfPng(png: Buffer): { width: number; height: number; rgba: number[] } {
  const fb = decodePng(png);
  const rgba: number[] = [];
  for (let i = 0; i < fb.width * fb.height; i++) rgba.push(fb.pixels[i * 3] ?? -1, fb.pixels[i * 3 + 1] ?? -1, fb.pixels[i * 3 + 2] ?? -1, 255);
  return { width: fb.width, height: fb.height, rgba };
}

function differingPixels(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) n++;
  return n;
}

t.test('the composer’s LED preview is the simulated board’s frame, pixel for pixel', async (t) => {
  const c = await startConsoleHarness(t);
  await openWindowNow(c.hub, [COMMUNE], 'led');
  const devices = await startDevices(c.hub, t.testdir(), 1, 'led', [COMMUNE], { agentConfig: { led: { width: BOARD.width, height: BOARD.height } } });
  t.teardown(() => devices.stop());
  const board = devices.list[0]!;
  // The board reports its size through its "now showing" snapshot, so it must first show something; the composer
  // then offers that size. The first bulletin is recalled before the one under test goes out.
  const first = await adminCall<{ bulletin: { id: string } }>(c.hub, 'POST', '/api/bulletins', {
    title: 'Bảng tin xã', priority: 'priority', originArea: COMMUNE, targetAreas: [COMMUNE], schedule: { type: 'nextWindow' }, validUntil: Date.now() + 3600_000,
    content: { kind: 'ledText', slide: { type: 'text', text: 'Xã Đắk Nia', durationMs: 5000 } },
  });
  for (const step of ['submit', 'approve', 'publish']) await adminCall(c.hub, 'POST', `/api/bulletins/${first.bulletin.id}/${step}`);
  const before = await waitFor('the board shows something', () => board.ledFrame(), 30_000);
  await adminCall(c.hub, 'POST', `/api/devices/${board.deviceId}/commands`, { action: 'snapshot' });
  await waitFor('the board’s snapshot at the hub', async () => (await adminCall<{ boards: { width?: number }[] }>(c.hub, 'GET', '/api/led/boards')).boards[0]?.width === BOARD.width, 20_000);

  await adminCall(c.hub, 'POST', `/api/bulletins/${first.bulletin.id}/recall`, { reason: 'Thay bằng bản tin mới' });
  const officer = await c.account({ username: 'xa.bien.tap', role: 'commune_officer', areaCode: COMMUNE });
  const page = await c.page();
  await c.signIn(page, officer);
  await page.goto(`${c.baseUrl}/console/#/bulletins/new`);
  await page.getByLabel('Tiêu đề').fill('Cảnh báo lũ trên bảng tin');
  await page.getByLabel('Bảng tin điện tử (LED)').check();
  await page.locator('select[name="led-board"]:enabled').waitFor();
  t.equal(await page.getByLabel('Kích thước bảng').inputValue(), `${BOARD.width}x${BOARD.height}`, 'the preview is at the size the board reported');
  const previewed = page.waitForResponse((r) => r.url().endsWith('/api/led/preview') && (r.request().postData() ?? '').includes('sơ tán'));
  await page.getByLabel('Chữ hiển thị').fill(TEXT);
  await previewed;
  await waitFor('the composer’s preview painted', async () => (await previewPixels(page)).rgba.some((v, i) => i % 4 !== 3 && v !== 0), 10_000);
  const composed = await previewPixels(page);
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await page.waitForURL(/#\/bulletins\/bt-/);
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');

  // Published (by the province's break-glass administrator, approval is not what this test is about).
  for (const step of ['submit', 'approve', 'publish']) await adminCall(c.hub, 'POST', `/api/bulletins/${id}/${step}`);
  const png = await waitFor('the board shows the new bulletin', () => {
    const frame = board.ledFrame();
    const lit = frame !== undefined && rgbaOfPng(frame).rgba.some((v, i) => i % 4 !== 3 && v !== 0);
    return lit && !frame.equals(before) ? frame : undefined;
  }, 30_000);
  const shown = rgbaOfPng(png);

  // The bulletin's own page previews it the same way; both previews must equal the board.
  await page.locator('canvas[data-preview="main"]').waitFor();
  await waitFor('the bulletin page preview painted', async () => (await previewPixels(page)).rgba.some((v, i) => i % 4 !== 3 && v !== 0), 10_000);
  const preview = await previewPixels(page);
  t.same([preview.width, preview.height], [shown.width, shown.height], `${shown.width}×${shown.height}, one canvas pixel per LED`);
  t.equal(differingPixels(composed.rgba, shown.rgba), 0, 'every pixel of the composer’s preview equals the board’s frame');
  t.equal(differingPixels(preview.rgba, shown.rgba), 0, 'and so does the bulletin page’s preview');
  t.ok(shown.rgba.filter((v, i) => i % 4 === 0 && v > 0).length > 100, 'and the frame is not trivially blank');
  t.same(await c.consoleErrors(), [], 'no console errors');
  await devices.stop();
});
