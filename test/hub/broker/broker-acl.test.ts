// A stolen device credential against the real broker: hundreds of generated filters and topics through a real
// mqtt.js client, while the hub publishes to other devices and foreign areas. Nothing foreign may reach the thief,
// and nothing the thief may not publish may reach the hub. (The thousands of cases run through the pure ACL in
// acl.test.ts; this checks the broker applies that same ACL, and nothing else, on the wire.)
import t from 'tap';
import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import { areaTopic, deviceSubscriptions, deviceTopic, TOPIC_NAMES, TOPICS, type DeviceTopicName } from '@tinnguon/protocol';
import { canPublish, canSubscribe } from '../../../hub/src/broker/index.js';
import { clientClosed, connectClient, deviceOptions, startTestBroker } from './broker-harness.js';
import { FOREIGN_AREA, ME, OTHER, topicArb } from './topic-arbitraries.js';

const SEED = Date.now() | 0;
t.comment(`fast-check seed ${SEED}`);

/** What mqtt.js and Aedes accept as a filter at all ([MQTT-4.7.1]); others never reach the ACL. */
function wellFormedFilter(filter: string): boolean {
  const levels = filter.split('/');
  return (
    filter.length > 0 &&
    levels.length <= 8 &&
    levels.every((level, i) => (level.includes('#') ? level === '#' && i === levels.length - 1 : !level.includes('+') || level === '+'))
  );
}

function subscribeBatch(client: MqttClient, filters: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    client.subscribe(filters, { qos: 1 }, (err, _granted, packet) => {
      const granted = (packet as { granted?: number[] } | undefined)?.granted;
      if (granted === undefined) reject(err ?? new Error('no SUBACK'));
      else resolve(granted);
    });
  });
}

t.test('generated subscriptions: only the allowed are granted, and no foreign message arrives', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const url = `mqtt://127.0.0.1:${port}`;
  const thief = await connectClient(t, url, deviceOptions({ deviceId: ME.deviceId, secret: auth.add(ME.deviceId, ME.areaChain) }));
  const victimChain = ['67', '661', FOREIGN_AREA];
  const victim = await connectClient(t, url, deviceOptions({ deviceId: OTHER, secret: auth.add(OTHER, victimChain) }));
  await victim.subscribeAsync(deviceSubscriptions(OTHER, victimChain), { qos: 1 });

  const filters = [...new Set(fc.sample(topicArb, { numRuns: 1500, seed: SEED }).filter(wellFormedFilter))];
  let granted = 0;
  for (let i = 0; i < filters.length; i += 50) {
    const batch = filters.slice(i, i + 50);
    const codes = await subscribeBatch(thief, batch);
    batch.forEach((filter, j) => {
      const allowed = canSubscribe(ME, filter).allow;
      if (codes[j] !== 128) granted += 1;
      if ((codes[j] !== 128) !== allowed) t.fail(`${filter}: granted ${codes[j]}, ACL says ${allowed}`);
    });
  }
  t.ok(filters.length > 300, `${filters.length} distinct filters sent`);
  t.ok(broker.counters().refusedSubscriptions > 0, `${broker.counters().refusedSubscriptions} refused, ${granted} granted`);

  const received: string[] = [];
  thief.on('message', (topic) => received.push(topic));
  const victimGot: string[] = [];
  victim.on('message', (topic) => victimGot.push(topic));
  const foreign = [
    ...TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'down').map((n) => deviceTopic(n as DeviceTopicName, OTHER)),
    areaTopic('emergency', FOREIGN_AREA), areaTopic('stop', FOREIGN_AREA), areaTopic('emergency', '661'), areaTopic('stop', '661'),
  ];
  for (let round = 0; round < 5; round += 1) {
    for (const topic of foreign) await broker.publish(topic, `{"round":${round}}`);
  }
  const sentinel = deviceTopic('doorbell', ME.deviceId);
  const sentinelArrived = new Promise<void>((resolve) => thief.on('message', (topic) => topic === sentinel && resolve()));
  await broker.publish(sentinel, '{"manifestVersion":1,"at":0}');
  await sentinelArrived;
  while (victimGot.length < foreign.length * 5) await new Promise((resolve) => setImmediate(resolve));

  const own = new Set(deviceSubscriptions(ME.deviceId, ME.areaChain));
  t.same(received.filter((topic) => !own.has(topic)), [], 'no foreign message reached the thief');
  t.ok(received.includes(sentinel), 'its own doorbell did');
  t.equal(victimGot.length, foreign.length * 5, 'the victim got all of its own');
});

t.test('generated publishes: only the allowed reach the hub', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const url = `mqtt://127.0.0.1:${port}`;
  const login = { deviceId: ME.deviceId, secret: auth.add(ME.deviceId, ME.areaChain) };
  const atHub: string[] = [];
  broker.on('message', (_deviceId, topic) => atHub.push(topic));

  const topics = fc.sample(topicArb, { numRuns: 250, seed: SEED + 1 }).filter((s) => s.length > 0);
  // Some allowed ones too, so the check below is not vacuous.
  topics.push(deviceTopic('heartbeat', ME.deviceId), deviceTopic('commandResult', ME.deviceId));
  let client: MqttClient | undefined;
  let expectedAtHub = 0;
  for (const topic of topics) {
    client ??= await connectClient(t, url, deviceOptions(login));
    const closed = clientClosed(client).then(() => 'closed' as const);
    const outcome = await Promise.race([client.publishAsync(topic, '{}', { qos: 1 }).then(() => 'acked' as const, () => 'error' as const), closed]);
    const allowed = canPublish(ME, topic, { qos: 1, payloadBytes: 2 }).allow;
    if (allowed) expectedAtHub += 1;
    if ((outcome === 'acked') !== allowed) t.fail(`${JSON.stringify(topic)}: ${outcome}, ACL says ${allowed}`);
    if (outcome !== 'acked') {
      client.end(true);
      client = undefined;
    }
  }
  while (atHub.length < expectedAtHub) await new Promise((resolve) => setImmediate(resolve));
  const ownUp = new Set(TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'up').map((n) => deviceTopic(n as DeviceTopicName, ME.deviceId)));
  t.same(atHub.filter((topic) => !ownUp.has(topic)), [], 'nothing unauthorised reached the hub');
  t.ok(expectedAtHub >= 2, `${expectedAtHub} allowed, ${topics.length - expectedAtHub} refused`);
  t.equal(atHub.length, expectedAtHub);
});
