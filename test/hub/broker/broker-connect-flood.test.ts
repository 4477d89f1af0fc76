// A flood of CONNECTs with wrong passwords against the real broker and the real credential check (SQLite in a temp
// dir): nobody gets in on a wrong password, the wait queue never grows past its bound (the surplus is refused with 3,
// as before), and a valid device retrying as the agent does still gets in while the flood goes on.
import { connect as tcpConnect } from 'node:net';
import t from 'tap';
import { areaChain, AreaRepository } from '../../../hub/src/areas/index.js';
import type { DeviceAuthenticator } from '../../../hub/src/broker/index.js';
import { DeviceRepository } from '../../../hub/src/devices/device-repository.js';
import { openTestDb } from '../../helpers/hub-db.js';
import { connectPacket, connectReturnCode, deviceOptions, startTestBroker } from './broker-harness.js';

/** One raw CONNECT; resolves with the CONNACK return code (or -1 if the socket closed without one). */
function connackOf(port: number, deviceId: string, secret: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host: '127.0.0.1' });
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(code);
    };
    socket.on('error', () => finish(-1));
    socket.on('close', () => finish(-1));
    socket.on('data', (chunk: Buffer) => finish(chunk[0] === 0x20 && chunk.length >= 4 ? chunk[3]! : -1));
    socket.write(connectPacket({ deviceId, secret }));
  });
}

t.test('a flood of wrong passwords is refused, bounded, and does not lock a valid device out', async (t) => {
  const { db, close } = await openTestDb();
  t.teardown(close);
  const devices = new DeviceRepository(db);
  const tree = await new AreaRepository(db).tree();
  const { device, enrolmentCode } = await devices.create({ kind: 'loudspeaker', areaCode: '24628', name: 'Loa thôn 3' });
  const { secret } = await devices.enrol(enrolmentCode);
  const authenticator: DeviceAuthenticator = {
    async authenticateDevice(username, password) {
      const found = await devices.authenticate(username, password);
      return found === undefined ? null : { deviceId: found.id, areaChain: areaChain(tree, found.areaCode) };
    },
  };
  const QUEUED = 8;
  const { broker, port } = await startTestBroker(t, { maxPendingAuthentications: 2, maxQueuedAuthentications: QUEUED }, authenticator);
  const codes = new Map<number, number>();
  let peakWaiting = 0;
  let flooding = true;
  // 40 attackers at once, each reconnecting as soon as it is refused: the valid device's own id with a wrong
  // secret (a guess), and ids that do not exist.
  const attackers = Array.from({ length: 40 }, async (_, i) => {
    while (flooding) {
      const code = await connackOf(port, i % 2 === 0 ? device.id : `loa-24628-khong-co-${i}`, `sai-mat-khau-${i}`);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      peakWaiting = Math.max(peakWaiting, broker.connectQueue().waiting);
    }
  });
  let tries = 0;
  let accepted = false;
  try {
    while (!accepted && tries < 200) {
      tries += 1;
      accepted = (await connectReturnCode(`mqtt://127.0.0.1:${port}`, deviceOptions({ deviceId: device.id, secret }))) === 0;
    }
  } finally {
    flooding = false;
    await Promise.all(attackers);
  }
  t.ok(accepted, `the valid device got in during the flood (after ${tries} tries)`);
  t.notOk(codes.has(0), 'no wrong password was accepted');
  t.ok((codes.get(4) ?? 0) > 0, 'wrong passwords get 4 (bad user name or password)');
  t.ok((codes.get(3) ?? 0) > 0, 'past the queue bound the surplus gets 3 (server unavailable) at once');
  t.ok(peakWaiting <= QUEUED, `at most ${QUEUED} CONNECTs waited at once (peak ${peakWaiting})`);
  t.same(broker.connectQueue(), { checking: 0, waiting: 0 }, 'nothing is left in the gate');
});
