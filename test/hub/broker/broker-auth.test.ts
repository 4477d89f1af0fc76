// Connecting to the real broker with real mqtt.js clients (MQTT 3.1.1): who gets in, with which CONNACK code, and
// what the hub sees when devices come and go (presence by Last Will, design.md §7).
import { once } from 'node:events';
import t from 'tap';
import { deviceTopic, encode, decode } from '@tinnguon/protocol';
import { SAMPLES } from '../../helpers/samples.js';
import { createBroker, type DeviceIdentity } from '../../../hub/src/broker/index.js';
import {
  MemoryAuthenticator, clientClosed, closed, connectClient, connectReturnCode, deviceOptions, rawSocket, startTestBroker,
} from './broker-harness.js';

const A = 'loa-xa-dak-nia-01';
const B = 'loa-xa-dak-nia-02';
const CHAIN = ['67', '660', '24616'];

t.test('who may connect', async (t) => {
  const auth = new MemoryAuthenticator();
  const logged: unknown[] = [];
  const record = (obj: object, msg: string): number => logged.push({ ...obj, msg });
  const broker = createBroker({ authenticator: auth, logger: { debug: record, info: record, warn: record, error: record } });
  const { tcpPort: port } = await broker.start({ tcpPort: 0, host: '127.0.0.1' });
  t.teardown(() => broker.stop());
  const url = `mqtt://127.0.0.1:${port}`;
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  const b = { deviceId: B, secret: auth.add(B, CHAIN) };

  const lookupsBefore = auth.lookups;
  t.equal(await connectReturnCode(url, { protocolVersion: 4, clientId: A, reconnectPeriod: 0 }), 5, 'anonymous: not authorized');
  t.equal(auth.lookups, lookupsBefore, 'anonymous never reaches the registry');
  t.equal(await connectReturnCode(url, deviceOptions({ deviceId: A, secret: b.secret })), 4, 'wrong password: bad username or password');
  t.equal(await connectReturnCode(url, deviceOptions({ deviceId: 'loa-khong-ton-tai', secret: a.secret })), 4, 'unknown user');
  t.equal(await connectReturnCode(url, deviceOptions(a, { clientId: B })), 5, "A's valid credential with B's client id");
  t.equal(await connectReturnCode(url, deviceOptions(a, { clientId: '' })), 2, 'no client id: identifier rejected');
  t.equal(await connectReturnCode(url, deviceOptions(a)), 0, 'A with its own credential and id');

  // Aedes `keepaliveLimit` answers 6 (not a 3.1.1 code): a session without keepalive would hide a dead 4G link.
  t.equal(await connectReturnCode(url, deviceOptions(a, { keepalive: 0 })), 6, 'no keepalive');
  t.equal(await connectReturnCode(url, deviceOptions(a, { keepalive: 901 })), 6, 'keepalive above keepaliveMaxSec');

  auth.revoke(A);
  t.equal(await connectReturnCode(url, deviceOptions(a)), 4, 'revoked');

  t.equal(broker.counters().refusedConnections, 6, 'counted by us; the keepalive refusals are made by Aedes itself');
  t.match(logged, [{ refusal: { stage: 'connect', reason: 'anonymous', returnCode: 5 } }], 'refusals are logged');
  const text = JSON.stringify(logged);
  t.notOk(text.includes(a.secret) || text.includes(b.secret), 'no secret in the log');
});

t.test('stop() closes sessions and sockets that never sent CONNECT, then the listener', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  const client = await connectClient(t, `mqtt://127.0.0.1:${port}`, deviceOptions(a));
  const silent = await rawSocket(t, port);
  silent.resume();
  const clientGone = clientClosed(client);
  await broker.stop();
  await Promise.all([clientGone, closed(silent)]);
  t.equal(broker.connectedDevices(), 0);
  t.equal(await connectReturnCode(`mqtt://127.0.0.1:${port}`, deviceOptions(a)).catch((err: { code?: string }) => err.code), 'ECONNREFUSED');
});

t.test('a connected device is reported, a second session of the same device takes over, and a revoked one is cut', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const url = `mqtt://127.0.0.1:${port}`;
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  const events: string[] = [];
  broker.on('deviceConnected', (id) => events.push(`+${id}`));
  broker.on('deviceDisconnected', (id) => events.push(`-${id}`));

  const first = await connectClient(t, url, deviceOptions(a));
  t.equal(broker.connectedDevices(), 1);
  t.ok(broker.isDeviceConnected(A));

  // [MQTT-3.1.4-2]: the same client id takes over; the old connection is closed.
  const firstClosed = clientClosed(first);
  const second = await connectClient(t, url, deviceOptions(a));
  await firstClosed;
  t.equal(broker.connectedDevices(), 1, 'still one device');
  t.same(events, [`+${A}`, `-${A}`, `+${A}`]);

  auth.revoke(A);
  const secondClosed = clientClosed(second);
  t.equal(broker.disconnectDevice(A), true);
  await secondClosed;
  t.equal(broker.connectedDevices(), 0);
  t.equal(broker.disconnectDevice(A), false, 'nothing left to cut');
  t.equal(await connectReturnCode(url, deviceOptions(a)), 4, 'and it cannot come back');
});

t.test('a device will on its own status topic is published, retained, when its socket drops', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const url = `mqtt://127.0.0.1:${port}`;
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  const status = deviceTopic('status', A);
  const offline = encode('status', { state: 'offline', at: 0, version: '0.1.0' });
  const seen: { deviceId: string; topic: string; payload: Buffer; retain: boolean }[] = [];
  broker.on('message', (deviceId, topic, payload, meta) => seen.push({ deviceId, topic, payload, retain: meta.retain }));

  const will = { topic: status, payload: offline, qos: 1 as const, retain: true };
  const client = await connectClient(t, url, deviceOptions(a, { will }));
  const gone = once(broker, 'deviceDisconnected');
  const willSeen = once(broker, 'message');
  client.stream.destroy(); // the 4G link drops: no DISCONNECT
  await Promise.all([gone, willSeen]);
  t.equal(seen.length, 1);
  t.same(seen[0], { deviceId: A, topic: status, payload: offline, retain: true });
  const decoded = decode(seen[0]!.topic, seen[0]!.payload);
  t.ok(decoded.ok && decoded.value.name === 'status' && decoded.value.message.state === 'offline', 'the hub decodes it');

  // [MQTT-3.14.4-3]: after a DISCONNECT the will is discarded.
  const again = await connectClient(t, url, deviceOptions(a, { will }));
  const gone2 = once(broker, 'deviceDisconnected');
  await again.endAsync();
  await gone2;
  // A will would have been published before the session ended; a later heartbeat is the barrier behind it.
  const third = await connectClient(t, url, deviceOptions(a));
  await third.publishAsync(deviceTopic('heartbeat', A), encode('heartbeat', SAMPLES.heartbeat), { qos: 1 });
  while (seen.length < 2) await new Promise((resolve) => setImmediate(resolve));
  t.same(seen.map((m) => m.topic), [status, deviceTopic('heartbeat', A)], 'no will after a clean disconnect');
});

t.test('a will on any other topic is refused at CONNECT', async (t) => {
  const { auth, port } = await startTestBroker(t);
  const url = `mqtt://127.0.0.1:${port}`;
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  auth.add(B, CHAIN);
  const payload = encode('status', { state: 'offline', at: 0, version: '0.1.0' });
  for (const topic of [deviceTopic('status', B), deviceTopic('heartbeat', A), 'tn/v1/area/67/urgent/stop', '$SYS/x']) {
    t.equal(await connectReturnCode(url, deviceOptions(a, { will: { topic, payload, qos: 1, retain: true } })), 5, topic);
  }
});

// The storm after a hub restart waits for a lookup slot instead of being refused at once (connect-gate.ts), but
// only so many wait and only so long; past either bound, and when the registry fails, CONNACK 3 and the device retries.
t.test('the credential lookup failing or overloaded answers 3 (server unavailable), so devices retry', async (t) => {
  const auth = new MemoryAuthenticator();
  const C = 'loa-xa-dak-nia-03';
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  const b = { deviceId: B, secret: auth.add(B, CHAIN) };
  const c = { deviceId: C, secret: auth.add(C, CHAIN) };
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered: () => void = () => undefined;
  const slowLookupStarted = new Promise<void>((resolve) => (entered = resolve));
  let failNext = false;
  const gated = {
    async authenticateDevice(username: string, password: string): Promise<DeviceIdentity | null> {
      if (failNext) throw new Error('database is locked');
      if (username === A) {
        entered();
        await gate;
      }
      return auth.authenticateDevice(username, password);
    },
  };
  const { broker, port } = await startTestBroker(t, { maxPendingAuthentications: 1, maxQueuedAuthentications: 1 }, gated);
  const url = `mqtt://127.0.0.1:${port}`;
  const busy: string[] = [];
  broker.on('refused', (r) => void (r.stage === 'connect' && r.reason === 'busy' && busy.push(r.clientId)));
  const slow = connectReturnCode(url, deviceOptions(a));
  await slowLookupStarted;
  const waiting = connectReturnCode(url, deviceOptions(b));
  // B is queued behind A's lookup once its CONNECT has reached the broker; C then finds the queue full.
  while (broker.connectQueue().waiting < 1) await new Promise((resolve) => setTimeout(resolve, 5));
  t.same(broker.connectQueue(), { checking: 1, waiting: 1 });
  t.equal(await connectReturnCode(url, deviceOptions(c)), 3, 'one lookup running and one waiting: the next is busy');
  t.same(busy, [C]);
  release();
  t.equal(await slow, 0, 'the first one gets in');
  t.equal(await waiting, 0, 'the one that waited gets in, not refused');
  failNext = true;
  t.equal(await connectReturnCode(url, deviceOptions(b)), 3, 'registry error');
});

t.test('a CONNECT that waits longer than the bound for a lookup slot is refused with 3, and holds no slot', async (t) => {
  const auth = new MemoryAuthenticator();
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  const b = { deviceId: B, secret: auth.add(B, CHAIN) };
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered: () => void = () => undefined;
  const slowLookupStarted = new Promise<void>((resolve) => (entered = resolve));
  const gated = {
    async authenticateDevice(username: string, password: string): Promise<DeviceIdentity | null> {
      if (username === A) {
        entered();
        await gate;
      }
      return auth.authenticateDevice(username, password);
    },
  };
  const { port } = await startTestBroker(t, { maxPendingAuthentications: 1, authenticationWaitMs: 50 }, gated);
  const url = `mqtt://127.0.0.1:${port}`;
  const slow = connectReturnCode(url, deviceOptions(a));
  await slowLookupStarted;
  t.equal(await connectReturnCode(url, deviceOptions(b)), 3, 'gave up waiting: busy');
  release();
  t.equal(await slow, 0);
  t.equal(await connectReturnCode(url, deviceOptions(b)), 0, 'the slot is free again');
});

t.test('lifecycle and the hub publish API refuse misuse with coded errors', async (t) => {
  const broker = createBroker({ authenticator: new MemoryAuthenticator() });
  await t.rejects(broker.publish(deviceTopic('doorbell', A), '{}'), { code: 'HUB_ERR_BROKER_STATE' }, 'before start');
  await broker.start();
  await t.rejects(broker.start(), { code: 'HUB_ERR_BROKER_STATE' }, 'twice');
  await t.rejects(broker.publish(deviceTopic('status', A), '{}'), { code: 'HUB_ERR_BROKER_PUBLISH_REFUSED' }, 'on an up-topic');
  await t.rejects(broker.publish('tn/v1/area/67/urgent/stop', Buffer.alloc(4097)), { code: 'HUB_ERR_BROKER_PUBLISH_REFUSED' }, 'too large');
  await t.rejects(broker.publish(deviceTopic('doorbell', A), '{}', { retain: true }), { code: 'HUB_ERR_BROKER_PUBLISH_REFUSED' }, 'retained');
  await broker.publish(deviceTopic('doorbell', A), encode('doorbell', SAMPLES.doorbell));
  t.equal(broker.counters().messagesOut, 1);
  await broker.stop();
  await broker.stop();
  await t.rejects(broker.publish(deviceTopic('doorbell', A), '{}'), { code: 'HUB_ERR_BROKER_STATE' }, 'after stop');
  const other = createBroker({ authenticator: new MemoryAuthenticator() });
  const { port } = await startTestBroker(t);
  await t.rejects(other.start({ tcpPort: port, host: '127.0.0.1' }), { code: 'HUB_ERR_BROKER_LISTEN' }, 'port taken');
});

t.test('a device publishes on its own up-topics; the hub receives them undecoded, exactly as sent', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const a = { deviceId: A, secret: auth.add(A, CHAIN) };
  // A failing hub-side listener is contained (style.md §8): the session and later events carry on.
  broker.on('deviceConnected', () => {
    throw new Error('a bug in a presence handler');
  });
  const client = await connectClient(t, `mqtt://127.0.0.1:${port}`, deviceOptions(a));
  const got = once(broker, 'message');
  const bytes = encode('heartbeat', SAMPLES.heartbeat);
  await client.publishAsync(deviceTopic('heartbeat', A), bytes, { qos: 1 });
  const [deviceId, topic, payload] = (await got) as [string, string, Buffer];
  t.same([deviceId, topic, payload], [A, deviceTopic('heartbeat', A), bytes]);
  t.equal(broker.counters().messagesIn, 1);
});
