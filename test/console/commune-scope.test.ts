// A commune officer cannot see another commune (issue 9, Điều 9): not in the device list, not on the map, not by
// typing another commune's device address into the browser — and not through the API underneath either.
import t from 'tap';
import { startConsoleHarness } from './console-harness.js';

t.test('Xã Đắk Nia sees its own devices only, in the console and in the API', async (t) => {
  const c = await startConsoleHarness(t);
  const devices = c.hub.hub.deps.devices;
  const mine = (await devices.create({ kind: 'loudspeaker', areaCode: '24628', name: 'Cụm loa thôn 1, Đắk Nia', latitude: 11.9702, longitude: 107.6441 })).device;
  const theirs = (await devices.create({ kind: 'loudspeaker', areaCode: '24673', name: 'Cụm loa chợ Đắk Lao', latitude: 12.4511, longitude: 107.6312 })).device;
  const board = (await devices.create({ kind: 'led', areaCode: '24673', name: 'Bảng tin UBND xã Đắk Lao', latitude: 12.4520, longitude: 107.6330 })).device;
  const officer = await c.account({ username: 'xa.dak.nia', role: 'commune_officer', areaCode: '24628' });
  const page = await c.page({
    expectedHttpErrors: [`403 GET /api/console/devices/${theirs.id}/history HUB_ERR_AREA_SCOPE`, `403 GET /api/devices/${theirs.id} HUB_ERR_AREA_SCOPE`],
  });
  await c.signIn(page, officer);

  await page.goto(`${c.baseUrl}/console/#/devices`);
  await page.locator(`tr[data-key="${mine.id}"]`).waitFor();
  t.equal(await page.locator('table.data tbody tr').count(), 1, 'one row: their own cluster');
  t.notMatch(await page.locator('main').innerText(), /Đắk Lao/, 'no trace of the other commune, not even in the area filter');

  await page.goto(`${c.baseUrl}/console/#/devices/map`);
  await page.locator('svg.map').waitFor();
  const placed = await Promise.all((await page.locator('svg.map a[data-device]').all()).map((a) => a.getAttribute('data-device')));
  t.same(placed, [mine.id], 'the map places only their own device');

  await page.goto(`${c.baseUrl}/console/#/devices/${theirs.id}`);
  const refusal = page.locator('.error-box');
  await refusal.waitFor();
  t.match(await refusal.innerText(), /^Thao tác nằm ngoài địa bàn được giao cho tài khoản.*\(HUB_ERR_AREA_SCOPE\)$/s, 'typing the address gets the hub’s coded refusal');
  t.notMatch(await page.locator('main').innerText(), /Cụm loa chợ Đắk Lao/);

  // The API under the console, with the officer's own session: the same answer.
  const session = await c.apiSession(officer);
  const get = (path: string) => fetch(`${c.hub.httpUrl}${path}`, { headers: { cookie: session.cookie } });
  const list = (await (await get('/api/devices')).json()) as { devices: { id: string }[] };
  t.same(list.devices.map((d) => d.id), [mine.id]);
  const health = (await (await get('/api/console/devices')).json()) as { devices: { id: string }[] };
  t.same(health.devices.map((d) => d.id), [mine.id]);
  for (const path of [`/api/devices/${theirs.id}`, `/api/devices/${board.id}/snapshot`, `/api/console/devices/${theirs.id}/history`, `/api/devices/${theirs.id}/commands`, '/api/areas/24673/programme', '/api/logs?area=24673']) {
    const res = await get(path);
    t.equal(res.status, 403, `${path} is refused`);
    t.equal(((await res.json()) as { error: { code: string } }).error.code, 'HUB_ERR_AREA_SCOPE');
  }
  const command = await fetch(`${c.hub.httpUrl}/api/devices/${theirs.id}/commands`, {
    method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'reboot' }),
  });
  t.equal(command.status, 403, 'and cannot command it');
  t.same(await c.consoleErrors(), []);
});
