import t from 'tap';
import {
  AreaRepository, DEFAULT_WINDOWS, DEMO_PROVINCE, areaChain, effectiveWindows, loadDemoProvinceIfEmpty, subtree,
} from '../../../hub/src/areas/index.js';
import type { AreaCsvError } from '../../../hub/src/areas/index.js';
import { openDatabase } from '../../../hub/src/db/index.js';
import { isHubError } from '../../../hub/src/errors.js';
import { openTempDatabase } from '../db/temp-database.js';

const fixedClock = { now: () => new Date('2025-03-01T00:00:00.000Z') };

async function repository(t: Parameters<typeof openTempDatabase>[0]) {
  const { db, file } = await openTempDatabase(t);
  return { repo: new AreaRepository(db, fixedClock), db, file };
}

const CSV = [
  'code,name,parent_code,time_zone',
  '67,Tỉnh Đắk Nông,,',
  '664,Huyện Krông Nô,67,',
  '24715,Xã Nâm Nung,664,Asia/Ho_Chi_Minh',
  '24694,"Thị trấn Đắk Mâm, huyện Krông Nô",664,',
].join('\r\n');

t.test('importCsv writes the tree, and reports what was created and updated', async (t) => {
  const { repo } = await repository(t);
  t.same(await repo.importCsv(CSV), { created: 4, updated: 0 });
  t.same(areaChain(await repo.tree(), '24694'), ['67', '664', '24694']);
  t.same(await repo.get('24694'), {
    code: '24694', name: 'Thị trấn Đắk Mâm, huyện Krông Nô', parentCode: '664', timeZone: 'Asia/Ho_Chi_Minh',
  });

  const rename = 'code,name,parent_code\n24715,Xã Nâm Nung (mới),664\n24727,Xã Nâm N\'Đir,664\n';
  t.same(await repo.importCsv(rename), { created: 1, updated: 1 });
  t.equal((await repo.get('24715'))?.name, 'Xã Nâm Nung (mới)');
  t.equal((await repo.list()).length, 5);
});

t.test('importCsv is all-or-nothing: one bad line and nothing is written', async (t) => {
  const { repo } = await repository(t);
  const bad = `${CSV}\r\n24700,Xã Nam Xuân,999,\r\n`;
  const err = await repo.importCsv(bad).catch((e: unknown) => e);
  t.ok(isHubError(err, 'HUB_ERR_AREA_CSV'));
  const errors = (err as { details: { errors: AreaCsvError[] } }).details.errors;
  t.same(errors.map((e) => [e.line, e.code, e.areaCode]), [[6, 'HUB_ERR_AREA_UNKNOWN', '24700']]);
  t.same(await repo.list(), [], 'the four good lines were not imported either');
});

t.test('importCsv refuses a file that would loop through stored areas, and keeps the stored tree', async (t) => {
  const { repo } = await repository(t);
  await repo.importCsv(CSV);
  await t.rejects(repo.importCsv('code,name,parent_code\n67,Tỉnh Đắk Nông,24715\n'), {
    code: 'HUB_ERR_AREA_CSV',
    details: { errors: [{ line: 2, code: 'HUB_ERR_AREA_CYCLE' }] },
  });
  t.equal((await repo.get('67'))?.parentCode, null);
});

t.test('upsert checks the tree as it would become', async (t) => {
  const { repo } = await repository(t);
  await repo.importCsv(CSV);
  const commune = { code: '24700', name: 'Xã Nam Xuân', parentCode: '664', timeZone: 'Asia/Ho_Chi_Minh' };
  await repo.upsert(commune);
  t.same(await repo.get('24700'), commune);
  await t.rejects(repo.upsert({ ...commune, code: '24701', parentCode: 'nope' }), { code: 'HUB_ERR_AREA_UNKNOWN' });
  await t.rejects(repo.upsert({ code: '67', name: 'Tỉnh Đắk Nông', parentCode: '24700', timeZone: 'Asia/Ho_Chi_Minh' }), {
    code: 'HUB_ERR_AREA_CYCLE',
  });
  await t.rejects(repo.upsert({ ...commune, timeZone: 'Mars/Olympus' }), { code: 'HUB_ERR_AREA_INVALID' });
  t.same(await repo.get('24700'), commune, 'refused changes left the area alone');
  t.equal((await repo.get('24701')), undefined);
});

t.test('upsert with windows replaces all overrides of the area; without, leaves them', async (t) => {
  const { repo } = await repository(t);
  await repo.importCsv(CSV);
  const base = { code: '664', name: 'Huyện Krông Nô', parentCode: '67', timeZone: 'Asia/Ho_Chi_Minh' };
  await repo.setWindows('664', 'led', [{ start: '06:00', end: '08:00' }]);
  await repo.upsert({ ...base, windows: { loudspeaker: [{ start: '18:00', end: '19:00' }, { start: '05:00', end: '06:00' }] } });
  t.same((await repo.get('664'))?.windows, { loudspeaker: [{ start: '05:00', end: '06:00' }, { start: '18:00', end: '19:00' }] });
  await repo.upsert({ ...base, name: 'Huyện Krông Nô (đổi tên)' });
  t.same((await repo.get('664'))?.windows, { loudspeaker: [{ start: '05:00', end: '06:00' }, { start: '18:00', end: '19:00' }] });
  await t.rejects(repo.upsert({ ...base, windows: { led: [{ start: '05:00', end: '07:00' }, { start: '06:00', end: '09:00' }] } }), {
    code: 'HUB_ERR_WINDOW_INVALID',
  });
});

t.test('window overrides are stored, inherited and removed (Điều 10)', async (t) => {
  const { repo } = await repository(t);
  await repo.importCsv(CSV);
  const district = [{ start: '17:30', end: '19:00' }, { start: '05:00', end: '06:00' }];
  await repo.setWindows('664', 'loudspeaker', district);
  await repo.setWindows('24694', 'loudspeaker', []);

  let tree = await repo.tree();
  const sorted = [{ start: '05:00', end: '06:00' }, { start: '17:30', end: '19:00' }];
  t.same(effectiveWindows(tree, '24715', 'loudspeaker'), sorted, 'the commune inherits its district');
  t.same(effectiveWindows(tree, '24694', 'loudspeaker'), [], 'explicitly nothing outside emergencies');
  t.same(effectiveWindows(tree, '24715', 'led'), DEFAULT_WINDOWS.led, 'LED boards keep the Điều 10.2 defaults');

  await repo.setWindows('664', 'loudspeaker', null);
  tree = await repo.tree();
  t.same(effectiveWindows(tree, '24715', 'loudspeaker'), DEFAULT_WINDOWS.loudspeaker, 'back to the Điều 10.1 defaults');

  await repo.importCsv(CSV);
  t.same((await repo.get('24694'))?.windows, { loudspeaker: [] }, 're-importing names does not wipe overrides');

  await t.rejects(repo.setWindows('nope', 'led', []), { code: 'HUB_ERR_AREA_UNKNOWN' });
  await t.rejects(repo.setWindows('664', 'led', [{ start: '07:00', end: '06:00' }]), { code: 'HUB_ERR_WINDOW_INVALID' });
  await t.rejects(repo.setWindows('664', 'siren' as 'led', []), { code: 'HUB_ERR_WINDOW_INVALID' });
});

t.test('the demo province loads once, with its Vietnamese names, and survives a restart', async (t) => {
  const { repo, db, file } = await repository(t);
  t.equal(await loadDemoProvinceIfEmpty(repo), true);
  t.equal(await loadDemoProvinceIfEmpty(repo), false, 'never loaded twice');

  const tree = await repo.tree();
  t.same(tree.roots, ['67']);
  t.equal(tree.nodes.get('67')?.area.name, 'Tỉnh Đắk Nông');
  t.same(
    tree.nodes.get('67')?.children.map((c) => tree.nodes.get(c)?.area.name).sort(),
    ['Huyện Krông Nô', 'Huyện Đắk Mil', 'Thành phố Gia Nghĩa'].sort(),
  );
  t.same(subtree(tree, '660').map((c) => tree.nodes.get(c)?.area.name), [
    'Thành phố Gia Nghĩa', 'Phường Nghĩa Đức', 'Phường Nghĩa Thành', 'Xã Đắk Nia',
  ]);
  t.same(areaChain(tree, '24715').map((c) => tree.nodes.get(c)?.area.name), ['Tỉnh Đắk Nông', 'Huyện Krông Nô', 'Xã Nâm Nung']);
  t.equal(tree.nodes.size, DEMO_PROVINCE.length);
  t.ok([...tree.nodes.keys()].every((code) => /^(\d{2}|\d{3}|\d{5})$/.test(code)), 'official-style codes');
  t.same(effectiveWindows(tree, '24715', 'loudspeaker'), [{ start: '05:30', end: '06:30' }, { start: '17:30', end: '18:30' }]);

  await db.close();
  const reopened = await openDatabase(file);
  t.teardown(() => reopened.close());
  const again = new AreaRepository(reopened);
  t.equal((await again.list()).length, DEMO_PROVINCE.length);
  t.equal(await loadDemoProvinceIfEmpty(again), false);
});

t.test('the demo province is not loaded into a hub that already has areas', async (t) => {
  const { repo } = await repository(t);
  await repo.importCsv('code,name,parent_code\n01,Thành phố Hà Nội,\n');
  t.equal(await loadDemoProvinceIfEmpty(repo), false);
  t.same((await repo.list()).map((a) => a.code), ['01']);
});
