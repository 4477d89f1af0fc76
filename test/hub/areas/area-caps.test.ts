// Caps per area and device kind (issue 6: "caps per area, e.g. Hà Nội"), stored in SQLite and inherited down the
// tree like the operating windows (Điều 10): the nearest area that sets its own wins, {} uncaps a subtree, null
// (no row) inherits again.
import t from 'tap';
import { AreaRepository, effectiveCaps, validateCaps, type Area } from '../../../hub/src/areas/index.js';
import { buildAreaTree } from '../../../hub/src/areas/index.js';
import { isHubError } from '../../../hub/src/errors.js';
import { openTestDb } from '../../helpers/hub-db.js';

async function demo(t: { teardown(fn: () => unknown): void }) {
  const testDb = await openTestDb();
  t.teardown(testDb.close);
  return { repo: new AreaRepository(testDb.db), db: testDb.db };
}

t.test('caps per area, e.g. Hà Nội: set on a district, inherited by its communes, per device kind', async (t) => {
  const { repo } = await demo(t);
  await repo.setCaps('660', 'loudspeaker', { sessionsPerDay: 2, minutesPerSession: 45 });
  const tree = await repo.tree();
  t.same(effectiveCaps(tree, '24628', 'loudspeaker'), { sessionsPerDay: 2, minutesPerSession: 45 }, 'Xã Đắk Nia inherits from Thành phố Gia Nghĩa');
  t.same(effectiveCaps(tree, '660', 'loudspeaker'), { sessionsPerDay: 2, minutesPerSession: 45 });
  t.equal(effectiveCaps(tree, '24628', 'led'), undefined, 'LED boards are not capped by the loudspeakers’ caps');
  t.equal(effectiveCaps(tree, '24670', 'loudspeaker'), undefined, 'another district is not capped');
  t.equal(effectiveCaps(tree, '67', 'loudspeaker'), undefined, 'nor the province above');
  t.same((await repo.get('660'))?.caps, { loudspeaker: { sessionsPerDay: 2, minutesPerSession: 45 } }, 'read back as the area’s own');
  t.equal((await repo.get('24628'))?.caps, undefined, 'the commune has none of its own');
});

t.test('caps per area, e.g. Hà Nội: a commune narrows, uncaps with {}, and inherits again with null', async (t) => {
  const { repo } = await demo(t);
  await repo.setCaps('67', 'loudspeaker', { sessionsPerDay: 3 });
  await repo.setCaps('24628', 'loudspeaker', { minutesPerSession: 30 });
  t.same(effectiveCaps(await repo.tree(), '24628', 'loudspeaker'), { minutesPerSession: 30 }, 'the nearest caps win whole, like windows');
  t.same(effectiveCaps(await repo.tree(), '24611', 'loudspeaker'), { sessionsPerDay: 3 }, 'a sibling keeps the province’s');
  await repo.setCaps('24628', 'loudspeaker', {});
  t.same(effectiveCaps(await repo.tree(), '24628', 'loudspeaker'), {}, 'an explicit “no caps” stops inheritance');
  await repo.setCaps('24628', 'loudspeaker', null);
  t.same(effectiveCaps(await repo.tree(), '24628', 'loudspeaker'), { sessionsPerDay: 3 }, 'cleared: inherits the province’s again');
  t.equal((await repo.get('24628'))?.caps, undefined);
});

t.test('caps are checked before anything is stored, each refusal coded HUB_ERR_CAPS_INVALID', async (t) => {
  const { repo, db } = await demo(t);
  const bad: [unknown, RegExp][] = [
    [{ sessionsPerDay: 0 }, /sessionsPerDay \(số buổi phát mỗi ngày\) must be a whole number from 1 to 12, not 0/],
    [{ sessionsPerDay: 13 }, /from 1 to 12, not 13/],
    [{ minutesPerSession: 601 }, /minutesPerSession \(số phút mỗi buổi phát\) must be a whole number from 1 to 600, not 601/],
    [{ minutesPerSession: 1.5 }, /not 1\.5/],
    [{ minutesPerSession: '30' }, /not "30"/],
    [{ sessionsPerDay: null }, /not null/],
    [{ minutesPerDay: 30 }, /unknown field "minutesPerDay"/],
    [[], /must be an object/],
    ['2 buổi', /must be an object/],
  ];
  for (const [caps, message] of bad) {
    const err = await repo.setCaps('24628', 'loudspeaker', caps as never).then(() => undefined, (e: unknown) => e);
    t.ok(isHubError(err, 'HUB_ERR_CAPS_INVALID'), JSON.stringify(caps));
    t.match((err as Error).message, message);
  }
  t.ok(isHubError(await repo.setCaps('99999', 'loudspeaker', { sessionsPerDay: 1 }).catch((e: unknown) => e), 'HUB_ERR_AREA_UNKNOWN'));
  t.ok(isHubError(await repo.setCaps('24628', 'radio' as never, { sessionsPerDay: 1 }).catch((e: unknown) => e), 'HUB_ERR_CAPS_INVALID'));
  t.same(await db.all('SELECT * FROM area_caps'), [], 'nothing stored');
  t.same(validateCaps({ sessionsPerDay: 12, minutesPerSession: 600 }), { sessionsPerDay: 12, minutesPerSession: 600 }, 'the bounds themselves are valid');
});

t.test('the database refuses caps out of bounds even if the code above it did not', async (t) => {
  const { db } = await demo(t);
  for (const caps of ['{"sessionsPerDay":0}', '{"minutesPerSession":601}', '{"sessionsPerDay":"2"}', '[]', 'x']) {
    await t.rejects(db.run("INSERT INTO area_caps (area_code, device_kind, caps) VALUES ('24628', 'led', ?)", [caps]), caps);
  }
  await db.run("INSERT INTO area_caps (area_code, device_kind, caps) VALUES ('24628', 'led', '{}')");
  t.same(await db.all('SELECT area_code, caps FROM area_caps'), [{ area_code: '24628', caps: '{}' }]);
});

t.test('caps travel with the area: upsert replaces them, the tree validates them', async (t) => {
  const { repo } = await demo(t);
  const area = (await repo.get('24715')) as Area;
  await repo.upsert({ ...area, caps: { loudspeaker: { sessionsPerDay: 1 }, led: { minutesPerSession: 120 } } });
  t.same((await repo.get('24715'))?.caps, { loudspeaker: { sessionsPerDay: 1 }, led: { minutesPerSession: 120 } });
  t.same((await repo.get('24715'))?.windows, area.windows, 'its windows are untouched');
  await repo.upsert({ ...area, caps: { led: { sessionsPerDay: 2 } } });
  t.same((await repo.get('24715'))?.caps, { led: { sessionsPerDay: 2 } }, 'replaced as a whole');
  const tree = (await repo.list()).map((a) => (a.code === '24715' ? { ...a, caps: { led: { sessionsPerDay: 99 } } } : a));
  t.throws(() => buildAreaTree(tree), { code: 'HUB_ERR_CAPS_INVALID' });
});
