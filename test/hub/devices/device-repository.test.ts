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
