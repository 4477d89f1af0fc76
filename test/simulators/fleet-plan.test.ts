// How a fleet is laid out: devices over areas and kinds, workers over devices, areas chosen on the hub.
import t from 'tap';
import { chooseAreas, defaultWorkers } from '../../simulators/src/cli/run-fleet.js';
import { kindFor, leafAreas, planFleet } from '../../simulators/src/enrol/fleet-plan.js';
import { dealDevices } from '../../simulators/src/fleet/fleet-runner.js';

const TREE = [
  { code: '67', name: 'Tỉnh Đắk Nông', parentCode: null },
  { code: '660', name: 'Thành phố Gia Nghĩa', parentCode: '67' },
  { code: '24611', name: 'Phường Nghĩa Đức', parentCode: '660' },
  { code: '24612', name: 'Phường Nghĩa Thành', parentCode: '660' },
  { code: '663', name: 'Huyện Đắk Glong', parentCode: '67' },
];

t.test('devices go to the leaves of the area tree, round-robin, named for people to read', async (t) => {
  t.same(leafAreas(TREE).map((a) => a.code), ['24611', '24612', '663'], 'a district without communes is a leaf too');
  const plan = planFleet(4, 'loudspeaker', leafAreas(TREE));
  t.same(plan.map((d) => d.areaCode), ['24611', '24612', '663', '24611']);
  t.equal(plan[0]?.name, 'Cụm loa mô phỏng 1 – Phường Nghĩa Đức');
  t.same(planFleet(3, 'led', TREE.slice(2, 3)).map((d) => d.kind), ['led', 'led', 'led']);
  t.same(planFleet(5, 'loudspeaker', []), [], 'no area, no device');
});

t.test('a mixed fleet has one LED board for every two loudspeaker clusters', async (t) => {
  const kinds = Array.from({ length: 9 }, (_, i) => kindFor('mixed', i));
  t.equal(kinds.filter((k) => k === 'led').length, 3);
  t.equal(kinds.filter((k) => k === 'loudspeaker').length, 6);
});

t.test('--areas must name areas the hub has; without it, every leaf', async (t) => {
  t.same(chooseAreas(TREE, ['660', '24612']).map((a) => a.code), ['660', '24612']);
  t.same(chooseAreas(TREE, undefined).map((a) => a.code), ['24611', '24612', '663']);
  t.throws(() => chooseAreas(TREE, ['99999', '24611', 'x']), { code: 'SIM_ERR_USAGE', message: /99999, x/ });
});

t.test('workers: dealt round-robin, never more than devices or cores', async (t) => {
  t.same(dealDevices([0, 1, 2, 3, 4], 2), [[0, 2, 4], [1, 3]]);
  t.same(dealDevices([0], 4), [[0]], 'no idle workers');
  t.equal(defaultWorkers(200, 2), 1, 'a small fleet fits one worker');
  t.equal(defaultWorkers(5000, 2), 2, 'no more workers than cores');
  t.equal(defaultWorkers(5000, 16), 5, 'about a thousand devices each');
});
