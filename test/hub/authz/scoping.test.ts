// "A commune officer never sees or touches another commune's devices or bulletins" (issue 4): lists are filtered to
// the caller's subtree, and naming a neighbour's device, bulletin, logs or accounts is refused.
import t from 'tap';
import { startTrustHub } from './trust-hub.js';

const DAY = 24 * 3600_000;
// Xã Đắk Nia (24628) and its sibling Phường Nghĩa Đức (24611), both in Thành phố Gia Nghĩa (660), province 67.
const OWN = '24628';
const SIBLING = '24611';

function draft(originArea: string, targetAreas: string[], title: string) {
  return {
    title, priority: 'normal', originArea, targetAreas,
    content: { kind: 'ledText', slide: { type: 'text', text: title, durationMs: 8000 } }, schedule: { type: 'nextWindow' }, validUntil: Date.now() + DAY,
  };
}

t.test('a commune officer sees its own commune and what reaches it, nothing of the neighbour', async (t) => {
  const hub = await startTrustHub(t);
  const { devices, db } = hub.h.hub.deps;
  const mine = (await devices.create({ kind: 'loudspeaker', areaCode: OWN, name: 'Cụm loa thôn 1' })).device;
  const theirs = (await devices.create({ kind: 'loudspeaker', areaCode: SIBLING, name: 'Cụm loa tổ 3' })).device;
  await devices.create({ kind: 'led', areaCode: '663', name: 'Bảng tin Đắk Mil' });
  const created = async (body: object) => (await hub.call('POST', '/api/bulletins', hub.admin, body)).json<{ bulletin: { id: string } }>().bulletin.id;
  const provinceWide = await created(draft('67', ['67'], 'Tỉnh: phòng chống sốt xuất huyết'));
  const cityWide = await created(draft('660', ['660'], 'Thành phố: lịch thu gom rác'));
  const ours = await created(draft(OWN, [OWN], 'Xã Đắk Nia: họp dân'));
  const neighbours = await created(draft(SIBLING, [SIBLING], 'Phường Nghĩa Đức: cắt điện'));
  const cityForNeighbour = await created(draft('660', [SIBLING], 'Thành phố gửi riêng phường Nghĩa Đức'));
  await db.run(
    `INSERT INTO playback_logs (device_id, seq, at, event, received_at) VALUES (?, 1, 1000, 'played', 1000), (?, 1, 2000, 'played', 2000)`,
    [mine.id, theirs.id],
  );

  const officer = await hub.official('can.bo.dak.nia', 'commune_officer', OWN, 'Y Blang Niê');
  const get = async (url: string) => hub.call('GET', url, officer);

  t.same((await get('/api/devices')).json<{ devices: { id: string }[] }>().devices.map((d) => d.id), [mine.id]);
  t.match((await get(`/api/devices/${theirs.id}`)).json(), { error: { code: 'HUB_ERR_AREA_SCOPE', message: /^Thao tác nằm ngoài địa bàn/ } });
  t.equal((await get(`/api/devices/${mine.id}`)).statusCode, 200);
  t.equal((await hub.call('POST', `/api/devices/${theirs.id}/commands`, officer, { action: 'playback', op: 'stop' })).statusCode, 403, 'no commands to the neighbour’s speakers');

  const listed = (await get('/api/bulletins')).json<{ bulletins: { id: string }[] }>().bulletins.map((b) => b.id).sort();
  t.same(listed, [provinceWide, cityWide, ours].sort(), 'its own, and those from above that reach it');
  t.equal((await get(`/api/bulletins/${neighbours}`)).statusCode, 403);
  t.equal((await get(`/api/bulletins/${provinceWide}`)).statusCode, 200, 'a province bulletin reaching the commune may be read (and chosen, Điều 8.3)');
  t.equal((await get(`/api/bulletins?area=${SIBLING}`)).statusCode, 403);
  t.equal((await get(`/api/bulletins/${cityForNeighbour}`)).statusCode, 403, 'issued above, but meant only for the neighbour');
  t.equal((await get('/api/bulletins?area=67')).statusCode, 403, 'asking for the province’s list would list every commune’s');
  t.equal((await hub.call('PATCH', `/api/bulletins/${provinceWide}`, officer, { title: 'Sửa của tỉnh' })).statusCode, 403, 'reading is not editing');
  t.equal((await hub.call('POST', '/api/bulletins', officer, draft(OWN, [OWN, SIBLING], 'Tràn sang xã bên'))).statusCode, 403);
  t.equal((await hub.call('POST', '/api/stop', officer, { areas: [SIBLING] })).statusCode, 403, 'STOP only in its own area');

  t.same((await get('/api/areas')).json<{ areas: { code: string }[] }>().areas.map((a) => a.code), [OWN]);
  t.same((await get('/api/logs')).json<{ logs: { deviceId: string }[] }>().logs.map((l) => l.deviceId), [mine.id]);
  t.equal((await get(`/api/logs?area=${SIBLING}`)).statusCode, 403);
  t.equal((await get(`/api/areas/${SIBLING}/selections`)).statusCode, 403);

  const district = await hub.official('trung.tam.660', 'district_officer', '660', 'Trung tâm VH-TT-TT Gia Nghĩa');
  const seen = (await hub.call('GET', '/api/devices', district)).json<{ devices: { id: string }[] }>().devices.map((d) => d.id).sort();
  t.same(seen, [mine.id, theirs.id].sort(), 'the city sees both of its communes, not another district');
});

t.test('accounts and audit entries are listed within the administrator’s subtree', async (t) => {
  const hub = await startTrustHub(t);
  const districtAdmin = await hub.official('qt.dak.mil', 'province_admin', '663', 'Quản trị Đắk Mil');
  await hub.official('xa.dak.lao', 'viewer', '24673');
  await hub.official('xa.dak.nia', 'viewer', OWN);
  const names = (await hub.call('GET', '/api/accounts', districtAdmin)).json<{ accounts: { username: string }[] }>().accounts.map((a) => a.username);
  t.same(names, ['qt.dak.mil', 'xa.dak.lao']);
  const outside = await hub.call('POST', '/api/accounts', districtAdmin, { username: 'xa.khac', displayName: 'Người xã khác', areaCode: OWN, role: 'viewer' });
  t.equal(outside.json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_SCOPE');
  t.equal((await hub.call('POST', '/api/areas/import', districtAdmin, 'code,name,parent_code,time_zone\n', { 'content-type': 'text/csv' })).statusCode, 403, 'the tree belongs to the province');

  await hub.call('PUT', '/api/areas/24673/windows/led', hub.admin, { windows: null });
  await hub.call('PUT', `/api/areas/${OWN}/windows/led`, hub.admin, { windows: null });
  const auditor = await hub.official('tham.dinh.663', 'approver', '663', 'Ban Tuyên giáo huyện');
  const entries = (await hub.call('GET', '/api/audit', auditor)).json<{ entries: { area: string }[] }>().entries;
  t.ok(entries.length > 0 && entries.every((e) => ['663', '24670', '24673', '24678'].includes(e.area)), 'only its subtree');
  t.equal((await hub.call('GET', `/api/audit?area=${OWN}`, auditor)).statusCode, 403);
});
