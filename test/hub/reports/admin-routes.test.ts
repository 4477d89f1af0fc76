// The administration helpers behind the console: a dry run of the area CSV import that writes nothing and names
// every problem by line and code, and an audit search by who and what, paged and kept inside the caller's subtree.
import t from 'tap';
import { likePattern } from '../../../hub/src/audit/audit-log.js';
import { previewAreaImport } from '../../../hub/src/admin/area-import-preview.js';
import { DEMO_PROVINCE } from '../../../hub/src/areas/index.js';
import { startTrustHub } from '../authz/trust-hub.js';

const CSV = { 'content-type': 'text/csv' };

t.test('preview: new, changed and unchanged lines; the tree after the import is checked too', async (t) => {
  const text = [
    'code,name,parent_code,time_zone',
    '24628,Xã Đắk Nia,660,Asia/Ho_Chi_Minh', // unchanged
    '24611,Phường Nghĩa Đức (mới),660,', // renamed; empty zone means the default
    '24629,Xã Quảng Thành,660,', // new
  ].join('\r\n');
  const p = previewAreaImport(text, DEMO_PROVINCE);
  t.same(p.areas.map((a) => [a.code, a.change]), [['24628', 'unchanged'], ['24611', 'update'], ['24629', 'create']]);
  t.same([p.created, p.updated, p.unchanged, p.errors.length], [1, 1, 1, 0]);

  const bad = previewAreaImport('code,name,parent_code\nxa tân,Xã Tân,660\n24630,,660\n24631,Xã Mới,99999\n', DEMO_PROVINCE);
  t.same(bad.errors.map((e) => [e.line, e.code]), [[2, 'HUB_ERR_AREA_INVALID'], [3, 'HUB_ERR_AREA_INVALID'], [4, 'HUB_ERR_AREA_UNKNOWN']]);
  t.match(bad.errors[2]!.messageVi, /Địa bàn cấp trên "99999"/);

  // Eight levels is the limit; moving a branch under a deep chain breaks areas that are not in the file.
  const chain = ['L1,Cấp 1,67', 'L2,Cấp 2,L1', 'L3,Cấp 3,L2', 'L4,Cấp 4,L3', 'L5,Cấp 5,L4', 'L6,Cấp 6,L5'];
  const deep = previewAreaImport(['code,name,parent_code', ...chain, '663,Huyện Đắk Mil,L6'].join('\n'), DEMO_PROVINCE);
  t.same(deep.errors.map((e) => [e.line, e.code]), [[0, 'HUB_ERR_AREA_INVALID']], 'its communes would sit nine levels down');
});

t.test('the preview route writes nothing and belongs to the province', async (t) => {
  const hub = await startTrustHub(t);
  const before = (await hub.call('GET', '/api/areas', hub.admin)).json<{ areas: unknown[] }>().areas;
  const preview = await hub.call('POST', '/api/areas/import/preview', hub.admin, 'code,name,parent_code\n24629,Xã Quảng Thành,660\n', CSV);
  t.equal(preview.statusCode, 200);
  t.match(preview.json(), { created: 1, errors: [] });
  t.same((await hub.call('GET', '/api/areas', hub.admin)).json<{ areas: unknown[] }>().areas, before, 'a dry run');
  t.equal((await hub.call('POST', '/api/areas/import/preview', hub.admin, { not: 'csv' })).json<{ error: { code: string } }>().error.code, 'HUB_ERR_VALIDATION');
  const districtAdmin = await hub.official('qt.dak.mil', 'province_admin', '663');
  const refused = await hub.call('POST', '/api/areas/import/preview', districtAdmin, 'code,name,parent_code\n', CSV);
  t.equal(refused.json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_SCOPE', 'the tree is the province’s (area.manage, root scope)');
});

t.test('audit search: by actor and action, paged, inside the subtree', async (t) => {
  const hub = await startTrustHub(t);
  for (const code of ['24628', '24611', '24673']) await hub.call('PUT', `/api/areas/${code}/windows/led`, hub.admin, { windows: null });
  await hub.call('POST', '/api/accounts', hub.admin, { username: 'can.bo_1', displayName: 'Cán bộ một', areaCode: '24628', role: 'viewer' });
  await hub.call('POST', '/api/accounts', hub.admin, { username: 'can.boX1', displayName: 'Cán bộ hai', areaCode: '24628', role: 'viewer' });
  type Page = { entries: { seq: number; action: string; area: string | null; after: { request?: { username?: string } } }[]; more: boolean };
  const search = async (query: string, as: Parameters<typeof hub.call>[2] = hub.admin) => (await hub.call('GET', `/api/audit/search?${query}`, as)).json<Page>();

  const windows = await search('action=windows');
  t.equal(windows.entries.length, 3);
  t.ok(windows.entries.every((e) => e.action === 'PUT /api/areas/:code/windows/:kind'));
  t.same((await search('actor=ADMIN&action=accounts')).entries.map((e) => e.after.request?.username), ['can.boX1', 'can.bo_1'], 'case-insensitive, newest first');

  const first = await search('limit=2');
  t.equal(first.entries.length, 2);
  t.ok(first.more);
  const next = await search(`limit=2&before=${first.entries[1]!.seq}`);
  t.ok(next.entries.every((e) => e.seq < first.entries[1]!.seq), 'the next page is older');

  const approver = await hub.official('tham.dinh.660', 'approver', '660');
  const scoped = await search('action=windows', approver);
  t.same(scoped.entries.map((e) => e.area).sort(), ['24611', '24628'], 'a city approver sees its communes, not Đắk Lao');
  const refused = await hub.call('GET', '/api/audit/search?area=663', approver);
  t.equal(refused.json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_SCOPE');
  t.equal(likePattern('a_b%'), '%a\\_b\\%%', 'LIKE wildcards typed by the user are literal');
  t.equal((await search('actor=can.bo_1')).entries.length, 0, 'nothing was done by the new accounts themselves');
});

t.test('windows in force: own, inherited from a named ancestor, or the Điều 10 defaults', async (t) => {
  const hub = await startTrustHub(t);
  await hub.call('PUT', '/api/areas/664/windows/led', hub.admin, { windows: [{ start: '06:00', end: '21:00' }] });
  type Kinds = { kinds: Record<'loudspeaker' | 'led', { windows: { start: string; end: string }[]; from: { code: string; name: string } | null; own: unknown }> };
  const get = async (code: string, as: Parameters<typeof hub.call>[2] = hub.admin) => (await hub.call('GET', `/api/areas/${code}/windows`, as)).json<Kinds>().kinds;
  const namNung = await get('24715'); // Xã Nâm Nung: its own loudspeaker hours in the demo province, LED from Krông Nô
  t.same(namNung.loudspeaker, { windows: [{ start: '05:30', end: '06:30' }, { start: '17:30', end: '18:30' }], from: { code: '24715', name: 'Xã Nâm Nung' }, own: [{ start: '05:30', end: '06:30' }, { start: '17:30', end: '18:30' }] });
  t.same(namNung.led, { windows: [{ start: '06:00', end: '21:00' }], from: { code: '664', name: 'Huyện Krông Nô' }, own: null });
  const nia = await get('24628');
  t.same(nia.led, { windows: [{ start: '05:00', end: '07:00' }, { start: '17:00', end: '22:00' }], from: null, own: null }, 'Điều 10.2 defaults');
  const officer = await hub.official('can.bo.nam.nung', 'commune_officer', '24715');
  t.same((await get('24715', officer)).led.from, { code: '664', name: 'Huyện Krông Nô' }, 'a commune learns where its hours come from, though it cannot list its district');
  t.equal((await hub.call('GET', '/api/areas/24700/windows', officer)).json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_SCOPE');
  t.equal((await hub.call('GET', '/api/areas/99999/windows', hub.admin)).json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_UNKNOWN');
});
