// The composer's audio sources for loudspeakers (issue 9): an audio file uploaded with a progress bar, and a
// recording from the browser microphone (Chromium's fake microphone, a test tone) captured as PCM in the page,
// uploaded as WAV, converted by the hub to MP3 with lame and offered back for listening. No console errors.
import t from 'tap';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startConsoleHarness } from './console-harness.js';

t.test('an uploaded file and a microphone recording become audio the devices can play', async (t) => {
  const c = await startConsoleHarness(t);
  const officer = await c.account({ username: 'xa.ghi.am', role: 'commune_officer', areaCode: '24628' });
  // The harness's browser has no microphone; this one has Chromium's fake device, already permitted.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
  t.teardown(() => browser.close());
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', permissions: ['microphone'] });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The first visit asks who is signed in (401) and TOTP is asked after the password: expected refusals.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 401')) errors.push(m.text());
  });
  await page.goto(`${c.baseUrl}/console/`);
  await c.signIn(page, officer);
  await page.goto(`${c.baseUrl}/console/#/bulletins/new`);

  // An audio file first: uploaded with a progress bar, checked by the hub, offered back for listening.
  await page.getByLabel('Tải tệp âm thanh').check();
  const fileUploaded = page.waitForResponse((r) => r.url().endsWith('/api/media') && r.request().method() === 'POST');
  await page.getByLabel('Tệp âm thanh (MP3 hoặc WAV)').setInputFiles(new URL('../fixtures/media/speech-vi.mp3', import.meta.url).pathname);
  t.equal((await fileUploaded).status(), 201, 'the MP3 file was accepted');
  await page.getByText('Đã tải lên speech-vi.mp3').waitFor();
  t.equal(await page.getByLabel('Tiến độ tải lên').evaluate((el: unknown) => (el as { value: number }).value), 1, 'the progress bar reached the end');

  await page.getByLabel('Ghi âm từ micrô').check();
  await page.getByRole('button', { name: 'Bắt đầu ghi' }).click();
  await page.getByText(/Đang ghi âm…/).waitFor();
  await page.waitForTimeout(2500);
  const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/media/recording'));
  await page.getByRole('button', { name: 'Dừng ghi' }).click();
  const res = await uploaded;
  t.equal(res.status(), 201, 'the hub accepted the WAV');
  const body = (await res.json()) as { ref: { sha256: string; mime: string; durationMs?: number }; recording: { sampleRate: number; channels: number; durationMs: number } };
  t.match(body.recording, { sampleRate: 16_000, channels: 1 }, '16 kHz mono PCM from the page');
  t.ok(body.recording.durationMs > 1500 && body.recording.durationMs < 6000, `${body.recording.durationMs} ms recorded`);
  t.equal(body.ref.mime, 'audio/mpeg', 'stored as the MP3 devices play');
  await page.getByText('Bản ghi âm đã sẵn sàng.').waitFor();
  t.equal(await page.getByLabel('Nghe thử bản tin').getAttribute('src'), `/api/media/${body.ref.sha256}`, 'offered back for listening');
  await page.getByLabel('Tiêu đề').fill('Thông báo của Chủ tịch xã');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await page.waitForURL(/#\/bulletins\/bt-/);
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
  const saved = await c.hub.hub.app.inject({ method: 'GET', url: `/api/bulletins/${id}`, headers: c.hub.auth });
  t.same(saved.json<{ bulletin: { content: unknown } }>().bulletin.content, { kind: 'audio', mediaSha256: body.ref.sha256 }, 'the draft plays the recording');
  t.same(errors, [], 'no console errors');
});
