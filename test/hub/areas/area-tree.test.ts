import fc from 'fast-check';
import t from 'tap';
import {
  DEFAULT_WINDOWS, MAX_AREA_DEPTH, areaChain, buildAreaTree, depth, effectiveWindows, isWithin, subtree,
} from '../../../hub/src/areas/index.js';
import type { Area, OperatingWindow } from '../../../hub/src/areas/index.js';

const TZ = 'Asia/Ho_Chi_Minh';
const a = (code: string, parentCode: string | null, windows?: Area['windows']): Area =>
  windows === undefined ? { code, name: `Area ${code}`, parentCode, timeZone: TZ } : { code, name: `Area ${code}`, parentCode, timeZone: TZ, windows };

// Pre-2025 shape: province → district → commune, with a second district.
const threeLevels = [a('67', null), a('663', '67'), a('24670', '663'), a('24673', '663'), a('664', '67'), a('24715', '664')];

t.test('chain, subtree, ancestry and depth follow the data', (t) => {
  const tree = buildAreaTree(threeLevels);
  t.same(tree.roots, ['67']);
  t.same(areaChain(tree, '24670'), ['67', '663', '24670']);
  t.same(areaChain(tree, '67'), ['67']);
  t.same(subtree(tree, '663'), ['663', '24670', '24673']);
  t.same(subtree(tree, '67'), ['67', '663', '24670', '24673', '664', '24715']);
  t.ok(isWithin(tree, '67', '24715'));
  t.ok(isWithin(tree, '663', '663'), 'an area is within itself');
  t.notOk(isWithin(tree, '663', '24715'), 'a sibling district is not an ancestor');
  t.notOk(isWithin(tree, '24670', '663'), 'a child is not an ancestor');
  t.equal(depth(tree, '67'), 0);
  t.equal(depth(tree, '24715'), 2);
  t.end();
});

t.test('a two-level tree (since 2025: province → commune) needs no code change', (t) => {
  const tree = buildAreaTree([a('68', null), a('24715', '68')]);
  t.same(areaChain(tree, '24715'), ['68', '24715']);
  t.equal(depth(tree, '24715'), 1);
  t.end();
});

t.test('several roots are allowed (a hub serving more than one province)', (t) => {
  const tree = buildAreaTree([a('67', null), a('68', null), a('660', '67')]);
  t.same(tree.roots, ['67', '68']);
  t.notOk(isWithin(tree, '68', '660'));
  t.end();
});

t.test('invalid trees are refused with coded errors', (t) => {
  const cases: [string, Area[], string][] = [
    ['unknown parent', [a('67', null), a('660', '99')], 'HUB_ERR_AREA_UNKNOWN'],
    ['two-area cycle', [a('67', null), a('1', '2'), a('2', '1')], 'HUB_ERR_AREA_CYCLE'],
    ['own parent', [a('1', '1')], 'HUB_ERR_AREA_CYCLE'],
    ['cycle with no root at all', [a('1', '3'), a('2', '1'), a('3', '2')], 'HUB_ERR_AREA_CYCLE'],
    ['duplicate code', [a('67', null), a('67', null)], 'HUB_ERR_AREA_INVALID'],
    ['bad code', [a('6 7', null)], 'HUB_ERR_AREA_INVALID'],
    ['empty name', [{ ...a('67', null), name: '  ' }], 'HUB_ERR_AREA_INVALID'],
    ['unknown time zone', [{ ...a('67', null), timeZone: 'Asia/Hanoi_City' }], 'HUB_ERR_AREA_INVALID'],
    ['offset instead of a zone', [{ ...a('67', null), timeZone: '+07:00' }], 'HUB_ERR_AREA_INVALID'],
    ['overlapping windows', [a('67', null, { led: [{ start: '05:00', end: '07:00' }, { start: '06:00', end: '08:00' }] })], 'HUB_ERR_WINDOW_INVALID'],
    ['deeper than a signed area chain may be', Array.from({ length: MAX_AREA_DEPTH + 2 }, (_, i) => a(`L${i}`, i === 0 ? null : `L${i - 1}`)), 'HUB_ERR_AREA_INVALID'],
  ];
  for (const [name, areas, code] of cases) t.throws(() => buildAreaTree(areas), { code }, name);
  t.throws(() => buildAreaTree([a('1', '3'), a('2', '1'), a('3', '2')]), { message: /1 → 3 → 2 → 1|2 → 1 → 3 → 2|3 → 2 → 1 → 3/ }, 'the cycle is named');
  t.end();
});

t.test('time zones are kept as written, not rewritten to ICU ids', (t) => {
  const tree = buildAreaTree([a('67', null), { ...a('68', null), timeZone: ' Asia/Bangkok ' }]);
  t.equal(tree.nodes.get('67')?.area.timeZone, 'Asia/Ho_Chi_Minh', 'not "Asia/Saigon"');
  t.equal(tree.nodes.get('68')?.area.timeZone, 'Asia/Bangkok');
  t.end();
});

t.test('lookups of an unknown code throw HUB_ERR_AREA_UNKNOWN', (t) => {
  const tree = buildAreaTree(threeLevels);
  t.throws(() => areaChain(tree, 'nope'), { code: 'HUB_ERR_AREA_UNKNOWN' });
  t.throws(() => isWithin(tree, 'nope', '67'), { code: 'HUB_ERR_AREA_UNKNOWN' });
  t.throws(() => effectiveWindows(tree, 'nope', 'led'), { code: 'HUB_ERR_AREA_UNKNOWN' });
  t.end();
});

t.test('effective windows: nearest override up the chain, else Điều 10 defaults', (t) => {
  const early: OperatingWindow[] = [{ start: '04:30', end: '06:00' }];
  const district: OperatingWindow[] = [{ start: '05:00', end: '06:00' }, { start: '17:30', end: '19:00' }];
  const tree = buildAreaTree([
    a('67', null),
    a('663', '67', { loudspeaker: district }),
    a('24670', '663'),
    a('24673', '663', { loudspeaker: early }),
    a('24678', '663', { loudspeaker: [] }),
    a('664', '67'),
    a('24715', '664', { led: early }),
  ]);
  const cases: [string, string, 'loudspeaker' | 'led', readonly OperatingWindow[]][] = [
    ['province without override: Điều 10.1 default', '67', 'loudspeaker', DEFAULT_WINDOWS.loudspeaker],
    ['province without override: Điều 10.2 default', '67', 'led', DEFAULT_WINDOWS.led],
    ['district overrides its own loudspeakers', '663', 'loudspeaker', district],
    ['commune inherits its district', '24670', 'loudspeaker', district],
    ['commune overrides its district', '24673', 'loudspeaker', early],
    ['explicit empty override: emergencies only, not inherited', '24678', 'loudspeaker', []],
    ['a loudspeaker override does not touch LED boards', '24670', 'led', DEFAULT_WINDOWS.led],
    ['commune in another district keeps the defaults', '24715', 'loudspeaker', DEFAULT_WINDOWS.loudspeaker],
    ['LED override of that commune', '24715', 'led', early],
  ];
  for (const [name, code, kind, expected] of cases) t.same(effectiveWindows(tree, code, kind), expected, name);
  t.end();
});

// A random forest: area i's parent is a random earlier area or none, so the input is always acyclic.
const forest = fc
  .array(fc.option(fc.nat(), { freq: 4 }), { minLength: 1, maxLength: 60 })
  .map((parents) => parents.map((p, i) => a(`A${i}`, i === 0 || p === null ? null : `A${p % i}`)))
  .filter((areas) => areas.every((_, i) => {
    let d = 0;
    for (let code: string | null = `A${i}`; code !== null; code = areas[Number(code.slice(1))]?.parentCode ?? null) d++;
    return d <= MAX_AREA_DEPTH + 1;
  }));

t.test('property: areaChain runs from a root to the code, each step a parent link', (t) => {
  fc.assert(
    fc.property(forest, fc.nat(), (areas, pick) => {
      const shuffled = [...areas].reverse(); // input order must not matter
      const tree = buildAreaTree(shuffled);
      const code = areas[pick % areas.length]?.code as string;
      const chain = areaChain(tree, code);
      const byCode = new Map(areas.map((x) => [x.code, x]));
      return (
        byCode.get(chain[0] as string)?.parentCode === null &&
        tree.roots.includes(chain[0] as string) &&
        chain[chain.length - 1] === code &&
        chain.every((c, i) => i === 0 || byCode.get(c)?.parentCode === chain[i - 1]) &&
        chain.length === depth(tree, code) + 1 &&
        chain.every((c) => isWithin(tree, c, code) && subtree(tree, c).includes(code))
      );
    }),
  );
  t.end();
});
