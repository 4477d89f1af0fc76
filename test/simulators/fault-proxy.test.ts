// The fault proxy between a device and the hub's real broker: a drop is a TCP reset the broker answers with the
// device's Last Will, a frozen device receives nothing until it thaws, latency delays delivery, and a device that is
// dropped cannot connect again until healed.
import t from 'tap';
import mqtt from 'mqtt';
import { deviceTopic, encode } from '@tinnguon/protocol';
import { FaultProxy } from '../../simulators/src/faults/fault-proxy.js';
import { healthyLink } from '../../simulators/src/faults/link-faults.js';
import { enrolDevice, startTestHub } from '../helpers/hub-instance.js';
import { waitFor } from './sim-harness.js';

t.test('drop, freeze and latency on the MQTT path of one device', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628');
  const other = await enrolDevice(h, '24611');
  const state = healthyLink();
  const proxy = new FaultProxy({ upstreamUrl: h.mqttUrl, stateOf: (id) => (id === creds.deviceId ? state : healthyLink()) });
  const url = await proxy.start();
  t.teardown(() => proxy.stop());
  const connect = (c = creds) =>
    mqtt.connectAsync(url, {
      protocolVersion: 4, clientId: c.deviceId, username: c.mqttUsername, password: c.mqttPassword, reconnectPeriod: 0, connectTimeout: 3000, keepalive: 60,
      will: { topic: deviceTopic('status', c.deviceId), payload: encode('status', { state: 'offline', version: '0.1.0', reason: 'CONNECTION_LOST' }), qos: 1, retain: true },
    });
  const doorbell = deviceTopic('doorbell', creds.deviceId);
  const ring = (version: number) => h.hub.broker.publish(doorbell, encode('doorbell', { manifestVersion: version, at: Date.now() }), { qos: 1 });

  const client = await connect();
  await client.subscribeAsync(doorbell, { qos: 1 });
  const received: number[] = [];
  client.on('message', (_topic, payload: Buffer) => received.push((JSON.parse(payload.toString()) as { manifestVersion: number }).manifestVersion));
  await client.publishAsync(deviceTopic('status', creds.deviceId), encode('status', { state: 'online', at: Date.now(), version: '0.1.0' }), { qos: 1, retain: true });
  await ring(1);
  await waitFor('a doorbell through the proxy', () => received.includes(1), 5000, 20);
  const bystander = await connect(other);
  t.teardown(() => bystander.endAsync());

  state.latencyMs = 300;
  const sent = performance.now();
  await ring(2);
  await waitFor('the delayed doorbell', () => received.includes(2), 5000, 10);
  t.ok(performance.now() - sent >= 300, 'not delivered before the added latency');
  state.latencyMs = 0;

  state.frozen = true;
  proxy.refreeze(creds.deviceId);
  await ring(3);
  await new Promise((r) => setTimeout(r, 500));
  t.notOk(received.includes(3), 'a frozen device reads nothing');
  state.frozen = false;
  proxy.refreeze(creds.deviceId);
  await waitFor('the doorbell after thawing', () => received.includes(3), 5000, 20);

  const closed = new Promise<void>((r) => client.once('close', () => r()));
  state.dropped = true;
  proxy.drop(creds.deviceId);
  await closed;
  t.pass('the device saw its connection reset');
  await waitFor('the Last Will at the hub: offline', async () => {
    const row = await h.hub.deps.db.get<{ online: number }>('SELECT online FROM devices WHERE id = ?', [creds.deviceId]);
    return row?.online === 0;
  }, 10_000);
  await t.rejects(connect(), 'no connection while the link is down');
  t.ok(proxy.stats().refused >= 1, 'refused at the proxy');
  t.ok(bystander.connected, 'the other device kept its connection');
  state.dropped = false;
  const again = await connect();
  t.ok(again.connected, 'healed, the device connects again');
  await again.endAsync();
  await client.endAsync(true).catch(() => undefined);
});
