// The dashboard goes live (issue 9: "devices online and offline, live, with no refresh"): a commune officer watches
// on a 360 px phone while a simulated loudspeaker cluster — the real edge agent with virtual outputs — connects, and
// later goes away. No reload happens in between; the page must not scroll sideways at phone width.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SimClock, SimDevice } from '../../simulators/src/index.js';
import { enrolDevice } from '../helpers/hub-instance.js';
import { PHONE, startConsoleHarness } from './console-harness.js';

t.test('a simulated device coming online and going offline shows on the dashboard without a reload, at 360 px', async (t) => {
  const c = await startConsoleHarness(t);
  const enrolment = await enrolDevice(c.hub, '24628');
  const stateDir = await mkdtemp(join(tmpdir(), 'tn-console-sim-'));
  t.teardown(() => rm(stateDir, { recursive: true, force: true }));
  const officer = await c.account({ username: 'xa.dak.nia', role: 'commune_officer', areaCode: '24628' });
  const page = await c.page({ ...PHONE });
  await c.signIn(page, officer);

  const stat = (key: string) => page.locator(`[data-stat="${key}"] .stat-value`);
  await stat('offline').waitFor();
  t.equal(await stat('online').innerText(), '0');
  t.equal(await stat('offline').innerText(), '1', 'enrolled, never connected: offline');
  t.match(await page.locator('[data-list="alerts"]').innerText(), /Mất kết nối/);
  // (CDP evaluation, not eval() in the page: the console's CSP forbids that.) A marker on the window survives hash navigation and live updates, never a page load.
  await page.evaluate('window.tnMarker = 42');

  const device = new SimDevice({ index: 0, stateDir, enrolment, clock: new SimClock(0), hubUrl: c.hub.httpUrl, mqttUrl: c.hub.mqttUrl });
  t.teardown(() => device.stop().catch(() => undefined));
  await device.start();
  await stat('online').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
  t.equal(await stat('offline').innerText(), '0', 'the same page now counts it online');
  t.equal(await page.locator('.live-state').getAttribute('data-state'), 'open', 'the live feed is connected');

  // Its heartbeat reaches the page too: volume in the device list, no alert once the clock is trusted.
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Thiết bị', exact: true }).click();
  const row = page.locator(`tr[data-key="${enrolment.deviceId}"]`);
  await row.waitFor();
  await row.locator('.col-volume').filter({ hasText: /\d+%/ }).waitFor({ timeout: 60_000 });
  t.match(await row.innerText(), /Trực tuyến/);

  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Tổng quan', exact: true }).click();
  await stat('online').waitFor();
  await device.stop();
  await stat('offline').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
  t.equal(await stat('online').innerText(), '0', 'going offline is shown as live as coming online');
  t.equal(await page.evaluate('window.tnMarker'), 42, 'no page load happened: hash navigation and live updates only');

  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  t.ok(width <= PHONE.width, `nothing wider than the phone (${width} px)`);
  t.same(await c.consoleErrors(), []);
});
