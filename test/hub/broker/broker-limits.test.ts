// One frozen or hostile client must not stall or crash the broker for everyone else (style.md, anti-patterns).
import t from 'tap';
import fc from 'fast-check';
import { areaTopic, deviceTopic, MAX_MESSAGE_BYTES, TOPICS } from '@tinnguon/protocol';
import type { Refusal } from '../../../hub/src/broker/index.js';
import {
  clientClosed, closed, connectClient, connectPacket, deviceOptions, nextMessage, publishPacket, remainingLength, rawSocket, readBytes, startTestBroker, subscribePacket,
} from './broker-harness.js';

const CHAIN = ['67', '660', '24616'];
const CONNACK_OK = Buffer.from([0x20, 0x02, 0x00, 0x00]);

t.test('a client that stops reading is dropped after the drain timeout and does not stall the others', async (t) => {
  const { broker, auth, port } = await startTestBroker(t, { drainTimeoutMs: 300 });
  const url = `mqtt://127.0.0.1:${port}`;
  const emergency = areaTopic('emergency', '24616');
  const frozenLogin = { deviceId: 'loa-dong-bang-01', secret: auth.add('loa-dong-bang-01', CHAIN) };
  const frozen = await rawSocket(t, port);
  frozen.write(Buffer.concat([connectPacket(frozenLogin), subscribePacket(1, [emergency], 0)]));
  const acks = await readBytes(frozen, 9); // CONNACK (4) + SUBACK (5), then the socket is paused for good
  t.same(acks.subarray(0, 4), CONNACK_OK);
  t.same([...acks.subarray(4, 9)], [0x90, 0x03, 0x00, 0x01, 0x00], 'subscribed');

  const good = await connectClient(t, url, deviceOptions({ deviceId: 'loa-khoe-01', secret: auth.add('loa-khoe-01', CHAIN) }));
  await good.subscribeAsync(emergency, { qos: 1 });
  let received = 0;
  good.on('message', () => (received += 1));

  let frozenGone = false;
  broker.on('deviceDisconnected', (id) => (frozenGone ||= id === frozenLogin.deviceId));
  const payload = Buffer.alloc(TOPICS.emergency.maxBytes - 64, 0x61);
  let sent = 0;
  let afterDrop = 0;
  // Publish until the frozen client's buffers are full and it is dropped, then a few more for the good one.
  while (afterDrop < 20 && sent < 2000) {
    await broker.publish(emergency, payload);
    sent += 1;
    if (frozenGone) afterDrop += 1;
  }
  t.ok(frozenGone, `the frozen client was disconnected (after ${sent - afterDrop} messages)`);
  frozen.resume(); // a paused socket never notices the close; reading drains what it holds, then the FIN or RST
  await closed(frozen);
  t.ok(broker.counters().slowClientsDropped >= 1, 'counted as a slow client');
  while (received < sent) await new Promise((resolve) => setImmediate(resolve));
  t.equal(received, sent, 'the good client received every message');
});

t.test('deliveries waiting on a frozen device hold up nobody else while it is still connected', async (t) => {
  // A long drain timeout: everything below must happen while the frozen device still holds its pending writes.
  // (Aedes' emitter used to bound messages in flight at 200; these 600 pending deliveries held every slot, and the
  // healthy device's messages, both ways, waited for the frozen one to be dropped.)
  const { broker, auth, port } = await startTestBroker(t, { drainTimeoutMs: 120_000 });
  const url = `mqtt://127.0.0.1:${port}`;
  const frozenChain = ['67', '660', '24616'];
  const healthyChain = ['67', '660', '24617'];
  const frozenLogin = { deviceId: 'loa-dong-bang-02', secret: auth.add('loa-dong-bang-02', frozenChain) };
  const frozen = await rawSocket(t, port);
  const emergency = areaTopic('emergency', '24616');
  frozen.write(Buffer.concat([connectPacket(frozenLogin), subscribePacket(1, [emergency], 0)]));
  await readBytes(frozen, 9); // CONNACK + SUBACK, then the socket stays paused

  const healthyId = 'loa-khoe-02';
  const healthy = await connectClient(t, url, deviceOptions({ deviceId: healthyId, secret: auth.add(healthyId, healthyChain) }));
  await healthy.subscribeAsync(deviceTopic('doorbell', healthyId), { qos: 1 });

  // ~38 MB for one device that reads nothing: far past what the kernel's socket buffers absorb.
  const payload = Buffer.alloc(TOPICS.emergency.maxBytes - 64, 0x61);
  const pending = Array.from({ length: 600 }, () => broker.publish(emergency, payload).catch(() => undefined));
  t.teardown(() => Promise.all(pending));
  await new Promise((resolve) => setTimeout(resolve, 200));

  const doorbell = nextMessage(healthy, (topic) => topic.endsWith('/doorbell'));
  await broker.publish(deviceTopic('doorbell', healthyId), '{"manifestVersion":2,"at":0}');
  t.equal((await doorbell).payload.toString(), '{"manifestVersion":2,"at":0}', 'the hub reaches the healthy device');
  const heard = new Promise<string>((resolve) => broker.on('message', (deviceId) => deviceId === healthyId && resolve(deviceId)));
  healthy.publish(deviceTopic('heartbeat', healthyId), '{}');
  t.equal(await heard, healthyId, 'and hears from it');
  t.ok(broker.isDeviceConnected(frozenLogin.deviceId), 'while the frozen device is still connected, its deliveries pending');
  frozen.destroy();
});

t.test('oversized publishes are refused and cut the connection', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const url = `mqtt://127.0.0.1:${port}`;
  const id = 'loa-qua-kho-01';
  const login = { deviceId: id, secret: auth.add(id, CHAIN) };
  const refusals: Refusal[] = [];
  broker.on('refused', (r) => refusals.push(r));
  const atHub: string[] = [];
  broker.on('message', (_d, topic) => atHub.push(topic));

  // Within the packet limit, over the heartbeat topic's own limit (4 KiB).
  const a = await connectClient(t, url, deviceOptions(login));
  const aClosed = clientClosed(a);
  a.publish(deviceTopic('heartbeat', id), Buffer.alloc(TOPICS.heartbeat.maxBytes + 1));
  await aClosed;
  t.match(refusals.at(-1), { stage: 'publish', reason: 'too-large', deviceId: id });

  // Over the packet limit itself: refused by the frame guard before Aedes parses it.
  const b = await connectClient(t, url, deviceOptions(login));
  const bClosed = clientClosed(b);
  b.publish(deviceTopic('logBatch', id), Buffer.alloc(MAX_MESSAGE_BYTES + 4096));
  await bClosed;
  t.match(refusals.at(-1), { stage: 'frame', reason: 'frame-too-large' });

  // A raw client declaring a 200 MB packet and sending only its header: cut on the header alone.
  const raw = await rawSocket(t, port);
  raw.write(connectPacket(login));
  t.same(await readBytes(raw, 4), CONNACK_OK);
  raw.resume();
  raw.write(Buffer.concat([Buffer.from([0x30]), remainingLength(200_000_000)]));
  await closed(raw);
  t.match(refusals.at(-1), { stage: 'frame', reason: 'frame-too-large', declaredBytes: 200_000_000 });

  // An oversized CONNECT (say, a 20 KiB "password") is cut before any credential lookup.
  const lookups = auth.lookups;
  const fat = await rawSocket(t, port);
  fat.write(connectPacket({ deviceId: id, secret: 'x'.repeat(20_000) }));
  await closed(fat);
  t.equal(auth.lookups, lookups, 'no lookup');
  t.equal(broker.counters().refusedFrames, 3);
  t.same(atHub, [], 'nothing oversized reached the hub');
});

t.test('malformed bytes close that connection only; a canary client keeps working', async (t) => {
  const { broker, auth, port } = await startTestBroker(t, { connectTimeoutMs: 1000 });
  const url = `mqtt://127.0.0.1:${port}`;
  const canaryId = 'loa-canary-01';
  const canary = await connectClient(t, url, deviceOptions({ deviceId: canaryId, secret: auth.add(canaryId, CHAIN) }));
  await canary.subscribeAsync(deviceTopic('doorbell', canaryId), { qos: 1 });
  const hostile = { deviceId: 'loa-xau-01', secret: auth.add('loa-xau-01', CHAIN) };

  const cases: [string, Buffer][] = [
    ['reserved packet type 15', Buffer.from([0xf0, 0x00])],
    ['PUBLISH before CONNECT', publishPacket(deviceTopic('status', hostile.deviceId), Buffer.from('{}'))],
    ['CONNECT with bad flags', Buffer.from([0x11, 0x00])],
    ['CONNECT, then SUBSCRIBE with reserved flags 0', Buffer.concat([connectPacket(hostile), Buffer.from([0x80, 0x02, 0x00, 0x01])])],
    ['CONNECT, then a second CONNECT', Buffer.concat([connectPacket(hostile), connectPacket(hostile)])],
    ['CONNECT, then a PUBLISH with a truncated topic', Buffer.concat([connectPacket(hostile), Buffer.from([0x30, 0x03, 0x00, 0x09, 0x61])])],
    ['HTTP on the MQTT port', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
  ];
  for (const [name, bytes] of cases) {
    const socket = await rawSocket(t, port);
    socket.resume();
    socket.write(bytes);
    await closed(socket);
    t.pass(`${name}: closed`);
  }

  const silent = await rawSocket(t, port);
  silent.resume();
  await closed(silent);
  t.pass('a socket that never sends CONNECT: closed after connectTimeoutMs');

  // Random bytes, before and after a valid CONNECT; most get closed, a few wait for more bytes until teardown.
  const junk = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 300 }), { numRuns: 60, seed: 4242 });
  for (const [i, bytes] of junk.entries()) {
    const socket = await rawSocket(t, port);
    socket.resume();
    socket.write(i % 2 === 0 ? Buffer.from(bytes) : Buffer.concat([connectPacket(hostile), Buffer.from(bytes)]));
  }

  const doorbell = nextMessage(canary, () => true);
  await broker.publish(deviceTopic('doorbell', canaryId), '{"manifestVersion":7,"at":0}');
  t.equal((await doorbell).topic, deviceTopic('doorbell', canaryId), 'the canary still receives');
  t.ok(broker.isDeviceConnected(canaryId));
});
