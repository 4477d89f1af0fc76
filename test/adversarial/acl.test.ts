// Issue 8, "ACL": a stolen device credential (a loudspeaker's SD card taken from its pole) against the real hub — real
// Aedes, real SQLite, devices enrolled through the public API. The thief tries every other device's down- and
// up-topics, every other area's urgent topics, wildcards, $SYS and shared subscriptions; publishes on down-topics,
// urgent topics, other devices' up-topics, with retain, with QoS 2; takes over client ids. Legitimate devices of the
// same commune, district and province listen on their own topics the whole time, and the hub records what it accepts:
// zero foreign messages may reach the thief and zero unauthorised publishes may reach anyone (design.md §5, §6;
// hub/src/broker/acl.ts). The pure ACL is table- and property-tested in test/hub/broker/acl.test.ts and the broker's
// use of it with generated topics in broker-acl.test.ts; this file is the end-to-end attack with real credentials.
import t from 'tap';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import {
  areaTopic, deviceSubscriptions, deviceTopic, encode, TOPIC_NAMES, TOPICS, type AreaTopicName, type DeviceTopicName, type EnrolmentResponse,
} from '@tinnguon/protocol';
import { clientClosed, closed, connectPacket, connectReturnCode, publishPacket, rawSocket, readBytes } from '../hub/broker/broker-harness.js';
import { enrolDevice, startTestHub, type RunningHub } from '../helpers/hub-instance.js';
import { SAMPLES } from '../helpers/samples.js';
import { waitFor } from '../edge-agent/e2e/agent-harness.js';

const DEVICE_NAMES = TOPIC_NAMES.filter((n) => TOPICS[n].direction !== 'urgent') as DeviceTopicName[];
const DOWN = DEVICE_NAMES.filter((n) => TOPICS[n].direction === 'down');
const UP = DEVICE_NAMES.filter((n) => TOPICS[n].direction === 'up');
const URGENT = TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'urgent') as AreaTopicName[];
const CONNACK_OK = Buffer.from([0x20, 0x02, 0x00, 0x00]);

function options(creds: EnrolmentResponse, clientId = creds.deviceId, extra: Partial<IClientOptions> = {}): IClientOptions {
  return { protocolVersion: 4, clientId, username: creds.mqttUsername, password: creds.mqttPassword, reconnectPeriod: 0, connectTimeout: 5000, ...extra };
}

/** A legitimate device listening on everything it may hear; every message and every drop of its link is kept. */
async function listener(h: RunningHub, creds: EnrolmentResponse, t: { teardown(fn: () => unknown): void }) {
  const client = await mqtt.connectAsync(h.mqttUrl, options(creds));
  t.teardown(() => client.endAsync(true));
  const got: string[] = [];
  let closes = 0;
  client.on('message', (topic) => got.push(topic));
  client.on('close', () => (closes += 1));
  const granted = await client.subscribeAsync(deviceSubscriptions(creds.deviceId, creds.areaChain), { qos: 1 });
  if (granted.some((g) => g.qos === 128)) throw new Error(`${creds.deviceId}: own subscription refused`);
  return { creds, client, got, closes: () => closes };
}

/** SUBACK return codes in order ([MQTT-3.9.3]: 0x80 is a refusal); MQTT.js reports any refusal as an error. */
function subscribeCodes(client: MqttClient, filters: readonly string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    client.subscribe([...filters], { qos: 1 }, (err, _granted, packet) => {
      const granted = (packet as { granted?: number[] } | undefined)?.granted;
      if (granted === undefined) reject(err ?? new Error('no SUBACK'));
      else resolve(granted);
    });
  });
}

/** How a publish ended: PUBACK (the broker took it) or the connection cut (the ACL's answer in MQTT 3.1.1). */
async function attempt(client: MqttClient, topic: string, payload: Buffer, opts: { qos: 0 | 1 | 2; retain?: boolean }): Promise<'acked' | 'cut'> {
  const cut = clientClosed(client).then(() => 'cut' as const);
  const acked = client.publishAsync(topic, payload, { qos: opts.qos, retain: opts.retain ?? false }).then(
    () => 'acked' as const,
    () => 'cut' as const,
  );
  // QoS 0 has no acknowledgement; the refusal still cuts the connection, and one left open was accepted.
  const kept = new Promise<'acked'>((resolve) => setTimeout(() => resolve('acked'), 5000).unref());
  return Promise.race([acked.then((r) => (opts.qos === 0 ? Promise.race([cut, kept]) : r)), cut]);
}

t.test('a stolen credential hears nothing foreign and gets nothing unauthorised accepted', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  // The thief holds a loudspeaker of Xã Đắk Nia (67 › 660 › 24628). Listeners: its neighbour in the same commune, a
  // device in another commune of the same district, one in another district, an LED board elsewhere.
  const stolen = await enrolDevice(h, '24628');
  const others = [await enrolDevice(h, '24628'), await enrolDevice(h, '24611'), await enrolDevice(h, '24715'), await enrolDevice(h, '24670', 'led')];
  const listeners = await Promise.all(others.map((c) => listener(h, c, t)));
  const atHub: { deviceId: string; topic: string }[] = [];
  h.hub.broker.on('message', (deviceId, topic) => atHub.push({ deviceId, topic }));
  const areas = (await h.hub.deps.areas.list()).map((a) => a.code);
  const foreignAreas = areas.filter((code) => !stolen.areaChain.includes(code));
  const own = new Set(deviceSubscriptions(stolen.deviceId, stolen.areaChain));
  const heardByThief: string[] = [];

  // ---- 1. Subscriptions -------------------------------------------------------------------------------------------
  const thief = await mqtt.connectAsync(h.mqttUrl, options(stolen));
  t.teardown(() => thief.endAsync(true));
  thief.on('message', (topic) => heardByThief.push(topic));
  const filters = [
    ...others.flatMap((c) => DEVICE_NAMES.map((n) => deviceTopic(n, c.deviceId))),
    ...UP.map((n) => deviceTopic(n, stolen.deviceId)),
    ...foreignAreas.flatMap((code) => URGENT.map((n) => areaTopic(n, code))),
    '#', '+', '+/+/+/+/+/+', 'tn/#', 'tn/v1/#', 'tn/v1/+/+/+/+', 'tn/v1/device/#', 'tn/v1/area/#',
    'tn/v1/device/+/down/command', 'tn/v1/device/+/down/+', 'tn/v1/device/+/up/#', 'tn/v1/area/+/urgent/emergency', 'tn/v1/area/+/urgent/+',
    `tn/v1/device/${stolen.deviceId}/down/+`, `tn/v1/device/${stolen.deviceId}/#`, `tn/v1/device/${others[0]?.deviceId}/#`, `tn/v1/area/${stolen.areaChain.at(-1)}/#`,
    '$SYS/#', '$SYS/+/heartbeat', '$SYS/+/new/clients', '$share/thieves/tn/v1/#', '$share/thieves/#',
    `tn/v1/device/${stolen.deviceId}/down/command/`, `TN/V1/DEVICE/${stolen.deviceId.toUpperCase()}/DOWN/COMMAND`, `tn/v2/device/${stolen.deviceId}/down/command`,
  ];
  const granted = await subscribeCodes(thief, filters);
  const wronglyGranted = filters.filter((_f, i) => granted[i] !== 128);
  t.same(wronglyGranted, [], `all ${filters.length} foreign, wildcard, $SYS and shared filters refused (SUBACK 0x80)`);
  const ownGranted = await subscribeCodes(thief, [...own]);
  t.ok(ownGranted.length === own.size && ownGranted.every((code) => code !== 128), 'its own topics are granted (the credential works: this is a real theft)');

  // The hub's traffic to everyone, and the listeners' own traffic up, while the thief listens.
  let sent = 0;
  for (const c of [stolen, ...others]) {
    await h.hub.broker.publish(deviceTopic('doorbell', c.deviceId), encode('doorbell', { manifestVersion: 99, at: Date.now() }));
    await h.hub.broker.publish(deviceTopic('command', c.deviceId), encode('command', SAMPLES.command));
    await h.hub.broker.publish(deviceTopic('logAck', c.deviceId), encode('logAck', { fromSeq: 1, toSeq: 1, stored: 1, duplicates: 0 }));
    await h.hub.broker.publish(deviceTopic('timeResponse', c.deviceId), encode('timeResponse', { t0: 1, t1: 2, t2: 3 }));
    sent += 4;
  }
  for (const code of areas) {
    await h.hub.broker.publish(areaTopic('emergency', code), encode('emergency', SAMPLES.emergency));
    await h.hub.broker.publish(areaTopic('stop', code), encode('stop', SAMPLES.stop));
    sent += 2;
  }
  for (const l of listeners) {
    await l.client.publishAsync(deviceTopic('heartbeat', l.creds.deviceId), encode('heartbeat', SAMPLES.heartbeat), { qos: 1 });
    await l.client.publishAsync(deviceTopic('timeRequest', l.creds.deviceId), encode('timeRequest', { t0: Date.now() }), { qos: 0 });
  }
  const expectedFor = (c: EnrolmentResponse): number => DOWN.length + c.areaChain.length * URGENT.length;
  // + the hub's answer to each listener's time request, so no legitimate reply is still on its way below.
  await waitFor('every listener heard all of its own', () => listeners.every((l) => l.got.length >= expectedFor(l.creds) + 1));
  await waitFor('the thief heard its own', () => heardByThief.length >= expectedFor(stolen));
  t.same(heardByThief.filter((topic) => !own.has(topic)), [], `the thief heard nothing foreign among ${sent} hub publishes and the others' reports`);
  t.equal(heardByThief.length, expectedFor(stolen), 'and exactly its own down-topics and its own chain’s urgent topics');

  // ---- 2. Publishes -----------------------------------------------------------------------------------------------
  await thief.endAsync(true);
  for (const l of listeners) l.got.length = 0;
  const hubBefore = atHub.length;
  const forged = encode('emergency', SAMPLES.emergency);
  const tries: [string, string, { qos: 0 | 1 | 2; retain?: boolean }][] = [
    ...others.flatMap((c) => DOWN.map((n): [string, string, { qos: 1 }] => [`down-topic of ${c.deviceId}`, deviceTopic(n, c.deviceId), { qos: 1 }])),
    ...others.flatMap((c) => UP.map((n): [string, string, { qos: 1 }] => [`up-topic of ${c.deviceId}`, deviceTopic(n, c.deviceId), { qos: 1 }])),
    ...others.map((c): [string, string, { qos: 1; retain: true }] => [`retained presence of ${c.deviceId}`, deviceTopic('status', c.deviceId), { qos: 1, retain: true }]),
    ...DOWN.map((n): [string, string, { qos: 1 }] => [`its own down-topic ${n}`, deviceTopic(n, stolen.deviceId), { qos: 1 }]),
    ...areas.flatMap((code) => URGENT.map((n): [string, string, { qos: 1 }] => [`urgent ${n} of ${code}`, areaTopic(n, code), { qos: 1 }])),
    ...URGENT.map((n): [string, string, { qos: 0; retain: true }] => [`retained QoS 0 urgent ${n} of its commune`, areaTopic(n, stolen.areaChain.at(-1) ?? ''), { qos: 0, retain: true }]),
    ...UP.filter((n) => !TOPICS[n].retain).map((n): [string, string, { qos: 1; retain: true }] => [`retained own ${n}`, deviceTopic(n, stolen.deviceId), { qos: 1, retain: true }]),
    ['QoS 2 own status', deviceTopic('status', stolen.deviceId), { qos: 2 }],
    ['$SYS', '$SYS/broker/clients', { qos: 1 }],
    ['outside the tree', 'cmd/shell', { qos: 1 }],
    ['another protocol version', `tn/v2/area/${stolen.areaChain[0]}/urgent/emergency`, { qos: 1 }],
  ];
  const accepted: string[] = [];
  for (const [what, topic, opts] of tries) {
    const c = await mqtt.connectAsync(h.mqttUrl, options(stolen));
    const outcome = await attempt(c, topic, forged, opts);
    if (outcome !== 'cut') accepted.push(`${what} (${topic})`);
    c.end(true);
  }
  t.same(accepted, [], `${tries.length} unauthorised publishes: each cut the connection, none acknowledged`);

  // Raw bytes for what MQTT.js will not send: wildcard topics, and a burst of refused publishes behind one CONNECT.
  const login = { deviceId: stolen.deviceId, secret: stolen.mqttPassword };
  for (const topic of ['tn/v1/area/+/urgent/emergency', 'tn/v1/device/#', '#']) {
    const s = await rawSocket(t, Number(new URL(h.mqttUrl).port));
    s.write(connectPacket(login));
    t.same(await readBytes(s, 4), CONNACK_OK, `raw CONNECT accepted before a PUBLISH to ${topic}`);
    s.resume();
    s.write(publishPacket(topic, forged));
    await closed(s);
  }
  const burst = await rawSocket(t, Number(new URL(h.mqttUrl).port));
  burst.write(connectPacket(login));
  t.same(await readBytes(burst, 4), CONNACK_OK, 'raw CONNECT accepted before a burst of forged publishes');
  burst.resume();
  burst.write(Buffer.concat(areas.flatMap((code) => [publishPacket(areaTopic('emergency', code), forged), publishPacket(deviceTopic('command', others[0]?.deviceId ?? ''), forged)])));
  await closed(burst);
  t.pass('raw wildcard publishes and a burst of 26 forged urgent publishes: connection cut');

  // A control publish the ACL allows, so the silence below is not a dead link, then the listeners' verdict.
  const control = await mqtt.connectAsync(h.mqttUrl, options(stolen));
  await control.publishAsync(deviceTopic('heartbeat', stolen.deviceId), encode('heartbeat', SAMPLES.heartbeat), { qos: 1 });
  await waitFor('the thief’s own heartbeat at the hub', () => atHub.slice(hubBefore).some((m) => m.topic === deviceTopic('heartbeat', stolen.deviceId)));
  await control.endAsync(true);
  const sentinel = await Promise.all(listeners.map(async (l) => {
    await h.hub.broker.publish(deviceTopic('doorbell', l.creds.deviceId), encode('doorbell', { manifestVersion: 100, at: Date.now() }));
    await waitFor('the listener’s sentinel', () => l.got.includes(deviceTopic('doorbell', l.creds.deviceId)));
    return l.got.filter((topic) => topic !== deviceTopic('doorbell', l.creds.deviceId));
  }));
  t.same(sentinel.flat(), [], 'no legitimate device received anything the thief published');
  t.same(atHub.slice(hubBefore).filter((m) => m.deviceId !== stolen.deviceId || !UP.map((n) => deviceTopic(n, stolen.deviceId)).includes(m.topic)), [], 'the hub accepted nothing but the thief’s own up-topics');
  const foreignLogs = await h.hub.deps.db.all('SELECT device_id FROM playback_logs WHERE device_id <> ?', [stolen.deviceId]);
  t.same(foreignLogs, [], 'no log was written in another device’s name');

  // Fresh sessions of the listeners find nothing retained by the thief on their topics.
  const retained = await Promise.all(others.map(async (c) => {
    const fresh = await mqtt.connectAsync(h.mqttUrl, options(c, c.deviceId));
    const got: string[] = [];
    fresh.on('message', (topic, _p, packet) => packet.retain && got.push(topic));
    await fresh.subscribeAsync(deviceSubscriptions(c.deviceId, c.areaChain), { qos: 1 });
    await h.hub.broker.publish(deviceTopic('doorbell', c.deviceId), encode('doorbell', { manifestVersion: 101, at: Date.now() }));
    await new Promise((r) => setTimeout(r, 200));
    await fresh.endAsync(true);
    return got;
  }));
  t.same(retained.flat(), [], 'nothing retained on any legitimate device’s topics');

  // ---- 3. Client ids ----------------------------------------------------------------------------------------------
  const reconnected = await Promise.all(others.map((c) => listener(h, c, t)));
  for (const c of others) {
    t.equal(await connectReturnCode(h.mqttUrl, options(stolen, c.deviceId)), 5, `client id ${c.deviceId} with the stolen credential: CONNACK 5 (not authorised)`);
    t.equal(await connectReturnCode(h.mqttUrl, { ...options(c), password: stolen.mqttPassword }), 4, `${c.deviceId}'s username with the stolen password: CONNACK 4`);
  }
  for (const id of ['', '+', '#', 'a/b', `${stolen.deviceId}/x`]) {
    t.not(await connectReturnCode(h.mqttUrl, options(stolen, id, id === '' ? { clean: true } : {})), 0, `client id ${JSON.stringify(id)} refused`);
  }
  t.same(reconnected.map((l) => l.closes()), others.map(() => 0), 'no legitimate session was taken over or dropped');
  t.ok(others.every((c) => h.hub.broker.isDeviceConnected(c.deviceId)), 'every legitimate device is still connected');

  // Its own id twice: the later connection takes the session over ([MQTT-3.1.4-2]), and neither hears anything foreign.
  const first = await mqtt.connectAsync(h.mqttUrl, options(stolen));
  const heard: string[] = [];
  first.on('message', (topic) => heard.push(topic));
  const firstClosed = clientClosed(first);
  const second = await mqtt.connectAsync(h.mqttUrl, options(stolen));
  second.on('message', (topic) => heard.push(topic));
  await firstClosed;
  t.pass('the second connection with the same client id closed the first');
  const third = await mqtt.connectAsync(h.mqttUrl, options(stolen));
  t.teardown(() => third.endAsync(true));
  third.on('message', (topic) => heard.push(topic));
  await waitFor('the second session taken over by the third', () => second.disconnected || !second.connected);
  await second.endAsync(true);
  const again = await subscribeCodes(third, [...filters.slice(0, 40), 'tn/v1/#']);
  t.ok(again.length === 41 && again.every((code) => code === 128), 'the session that won is no wiser: foreign filters still refused');
  await subscribeCodes(third, [...own]);
  for (const c of others) await h.hub.broker.publish(deviceTopic('command', c.deviceId), encode('command', SAMPLES.command));
  for (const code of foreignAreas) await h.hub.broker.publish(areaTopic('emergency', code), encode('emergency', SAMPLES.emergency));
  await h.hub.broker.publish(deviceTopic('doorbell', stolen.deviceId), encode('doorbell', { manifestVersion: 102, at: Date.now() }));
  await waitFor('the thief’s own doorbell', () => heard.includes(deviceTopic('doorbell', stolen.deviceId)));
  t.same(heard.filter((topic) => !own.has(topic)), [], 'after the takeovers, still nothing foreign');
  t.same(reconnected.map((l) => l.closes()), others.map(() => 0), 'and the legitimate devices never noticed');
  t.comment(`${filters.length} filters refused, ${tries.length} + 4 raw publishes refused, ${others.length * 2 + 5} connects refused; thief heard ${heardByThief.length} own messages, 0 foreign`);
});
