// MQTT over WebSocket at /mqtt through a real Fastify instance on port 0, with the same credentials and ACL as TCP.
import t from 'tap';
import Fastify from 'fastify';
import { deviceTopic, encode } from '@tinnguon/protocol';
import { SAMPLES } from '../../helpers/samples.js';
import { createBroker, mqttOverWebSocket, MQTT_WEBSOCKET_PATH } from '../../../hub/src/broker/index.js';
import { MemoryAuthenticator, connectClient, connectReturnCode, deviceOptions, nextMessage } from './broker-harness.js';

const ID = 'bang-led-cho-01';
const CHAIN = ['67', '660', '24616'];

t.test('a device connects over ws://…/mqtt, receives its doorbell and reports', async (t) => {
  const auth = new MemoryAuthenticator();
  const login = { deviceId: ID, secret: auth.add(ID, CHAIN) };
  const broker = createBroker({ authenticator: auth });
  await broker.start(); // WebSocket only: no TCP listener
  const app = Fastify();
  await app.register(mqttOverWebSocket(broker));
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(async () => {
    await broker.stop();
    await app.close();
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `ws://127.0.0.1:${port}${MQTT_WEBSOCKET_PATH}`;

  t.equal(await connectReturnCode(url, deviceOptions({ deviceId: ID, secret: 'doan-mo' })), 4, 'a wrong password is refused here too');

  const client = await connectClient(t, url, deviceOptions(login));
  t.ok(broker.isDeviceConnected(ID));
  const doorbellTopic = deviceTopic('doorbell', ID);
  await client.subscribeAsync(doorbellTopic, { qos: 1 });
  const doorbell = nextMessage(client, (topic) => topic === doorbellTopic);
  const bytes = encode('doorbell', SAMPLES.doorbell);
  await broker.publish(doorbellTopic, bytes);
  t.same((await doorbell).payload, bytes, 'the doorbell arrives intact');

  const report = new Promise<string>((resolve) => broker.once('message', (_deviceId, topic) => resolve(topic)));
  await client.publishAsync(deviceTopic('status', ID), encode('status', SAMPLES.status), { qos: 1, retain: true });
  t.equal(await report, deviceTopic('status', ID), 'its status reaches the hub');

  await t.rejects(client.subscribeAsync(deviceTopic('doorbell', 'bang-led-cho-02')), 'another device topic is refused over WS too');
});
