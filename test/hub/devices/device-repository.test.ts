import t from 'tap';
import { DeviceRepository } from '../../../hub/src/devices/device-repository.js';
import { isHubError } from '../../../hub/src/errors.js';
import { openTestDb } from '../../helpers/hub-db.js';

t.test('create → enrol with the one-time code → authenticate', async (t) => {
  const { db, close } = await openTestDb();
  t.teardown(close);
  let now = 1_000_000;
  const repo = new DeviceRepository(db, () => now);
  const { device, enrolmentCode } = await repo.create({ kind: 'loudspeaker', areaCode: '24628', name: 'Cụm loa thôn 3, xã Đắk Nia', latitude: 12.0, longitude: 107.69 });
  t.equal(device.state, 'pending');
  t.match(enrolmentCode, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  t.equal(device.name, 'Cụm loa thôn 3, xã Đắk Nia', 'Vietnamese names round-trip');

  const { secret } = await repo.enrol(enrolmentCode);
  t.equal((await repo.authenticate(device.id, secret))?.id, device.id);
  t.equal(await repo.authenticate(device.id, `${secret}x`), undefined, 'wrong secret');
  t.equal(await repo.authenticate('loa-khong-ton-tai', secret), undefined, 'unknown device');

  await t.rejects(repo.enrol(enrolmentCode), { code: 'HUB_ERR_ENROLMENT_CODE' }, 'a code works once');

  const row = await db.get<{ secret_hash: string }>('SELECT secret_hash FROM devices WHERE id = ?', [device.id]);
  t.not(row?.secret_hash, secret, 'only a hash is stored');
  t.notMatch(JSON.stringify(await db.all('SELECT * FROM devices')), secret);

  now += 8 * 24 * 3600_000;
  const rotated = await repo.rotate(device.id);
  now += 8 * 24 * 3600_000;
  await t.rejects(repo.enrol(rotated), { code: 'HUB_ERR_ENROLMENT_CODE' }, 'an expired code is refused');
});

t.test('revoked devices cannot authenticate or enrol; unknown areas are refused', async (t) => {
  const { db, close } = await openTestDb();
  t.teardown(close);
  const repo = new DeviceRepository(db);
  const { device, enrolmentCode } = await repo.create({ kind: 'led', areaCode: '660', name: 'Bảng tin trung tâm' });
  const { secret } = await repo.enrol(enrolmentCode);
  const code2 = await repo.rotate(device.id);
  await repo.revoke(device.id);
  t.equal(await repo.authenticate(device.id, secret), undefined);
  await t.rejects(repo.enrol(code2), { code: 'HUB_ERR_ENROLMENT_CODE' });
  await t.rejects(repo.revoke('loa-khong-co'), { code: 'HUB_ERR_DEVICE_UNKNOWN' });
  try {
    await repo.create({ kind: 'led', areaCode: '99999', name: 'x' });
    t.fail('should refuse');
  } catch (err) {
    t.ok(isHubError(err, 'HUB_ERR_AREA_UNKNOWN'));
  }
});

t.test('presence history is kept', async (t) => {
  const { db, close } = await openTestDb();
  t.teardown(close);
  const repo = new DeviceRepository(db);
  const { device } = await repo.create({ kind: 'loudspeaker', areaCode: '24628', name: 'Loa 1' });
  await repo.setPresence(device.id, 'online');
  t.equal((await repo.get(device.id))?.online, true);
  await repo.setPresence(device.id, 'offline', 'lwt');
  t.equal((await repo.get(device.id))?.online, false);
  const history = await db.all<{ state: string }>('SELECT state FROM device_status_history WHERE device_id = ? ORDER BY rowid', [device.id]);
  t.same(history.map((h) => h.state), ['online', 'offline']);
});

t.test('credential checks made together share one read and each gets its own answer; hostile ids are just unknown', async (t) => {
  const { db, close } = await openTestDb();
  t.teardown(close);
  let reads = 0;
  // The real database, with its reads counted.
  const counted = new Proxy(db, {
    get(target, prop) {
      if (prop === 'all') reads += 1;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const repo = new DeviceRepository(counted);
  const enrolled = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const { device, enrolmentCode } = await repo.create({ kind: 'loudspeaker', areaCode: '24628', name: `Loa ${n}` });
      return { id: device.id, secret: (await repo.enrol(enrolmentCode)).secret };
    }),
  );
  const [a, b, c] = enrolled as [(typeof enrolled)[0], (typeof enrolled)[0], (typeof enrolled)[0]];
  reads = 0;
  const answers = await Promise.all([
    repo.authenticate(a.id, a.secret),
    repo.authenticate(b.id, 'sai'),
    repo.authenticate(c.id, c.secret),
    repo.authenticate(a.id, a.secret),
    repo.authenticate(a.id, b.secret),
    repo.authenticate(`${a.id}' OR '1'='1`, a.secret),
    repo.authenticate('["x"]', ''),
    repo.authenticate('', ''),
  ]);
  t.same(answers.map((d) => d?.id), [a.id, undefined, c.id, a.id, undefined, undefined, undefined, undefined]);
  t.equal(reads, 1, 'one SELECT for the eight checks');
  t.equal(answers[0]?.areaCode, '24628');
});

t.test('a revoked device is refused on its very next attempt: nothing about a login is remembered', async (t) => {
  const { db, close } = await openTestDb();
  t.teardown(close);
  const repo = new DeviceRepository(db);
  const { device, enrolmentCode } = await repo.create({ kind: 'loudspeaker', areaCode: '24628', name: 'Loa 1' });
  const { secret } = await repo.enrol(enrolmentCode);
  for (let i = 0; i < 3; i++) t.equal((await repo.authenticate(device.id, secret))?.id, device.id);
  // A check already asked for before the revoke may pass; the first one asked after it may not.
  const before = repo.authenticate(device.id, secret);
  await repo.revoke(device.id);
  const after = repo.authenticate(device.id, secret);
  await before;
  t.equal(await after, undefined, 'the next attempt after the revoke');
  t.equal(await repo.authenticate(device.id, secret), undefined);
});

t.test('presence changes written together: a device’s last change is its state, each one a row of history', async (t) => {
  const { db, close } = await openTestDb();
  t.teardown(close);
  let now = 5_000;
  const repo = new DeviceRepository(db, () => now);
  const a = (await repo.create({ kind: 'loudspeaker', areaCode: '24628', name: 'Loa 1' })).device.id;
  const b = (await repo.create({ kind: 'led', areaCode: '24628', name: 'Bảng 1' })).device.id;
  await repo.setPresenceMany([
    { deviceId: a, state: 'online' },
    { deviceId: b, state: 'online' },
    { deviceId: 'loa-khong-ton-tai', state: 'online' },
    { deviceId: a, state: 'offline', reason: 'DISCONNECTED' },
  ]);
  t.same([(await repo.get(a))?.online, (await repo.get(b))?.online], [false, true]);
  t.equal((await repo.get(a))?.lastSeenAt, 5_000);
  const history = await db.all<{ device_id: string; state: string; reason: string | null; at: number }>(
    'SELECT device_id, state, reason, at FROM device_status_history ORDER BY rowid',
  );
  t.same(history, [
    { device_id: a, state: 'online', reason: null, at: 5_000 },
    { device_id: b, state: 'online', reason: null, at: 5_000 },
    { device_id: a, state: 'offline', reason: 'DISCONNECTED', at: 5_000 },
  ], 'an unknown device is skipped, the rest in order');
  now = 6_000;
  await repo.setPresenceMany([]);
  t.equal((await repo.get(b))?.lastSeenAt, 5_000, 'nothing to write writes nothing');
});
