// lean-client.ts trims two pieces of per-connection state inside Aedes / mqtt-packet (issue 8: 50,000 idle devices in
// ≤ 1 GiB). These run against the installed libraries, so an upgrade that changes either internal fails here rather
// than silently costing memory: the parser's byte list must stop being a stream, the device's password must not stay
// referenced after CONNECT, and MQTT must parse exactly as before, whatever the chunking ([MQTT-2.2.3]).
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { setImmediate as turn } from 'node:timers/promises';
import t from 'tap';
import { Aedes, type Client } from 'aedes';
import { deviceSubscriptions, deviceTopic } from '@tinnguon/protocol';
import { leanParserBuffer, releaseConnectPacket } from '../../../hub/src/broker/lean-client.js';
import { connectPacket, publishPacket, rawSocket, readBytes, startTestBroker, subscribePacket } from './broker-harness.js';

interface ParserView {
  _list: { pipe?: unknown; on?: unknown; length: number };
  settings: Record<string, unknown>;
}
const parserOf = (client: Client): ParserView => (client as unknown as { _parser: ParserView })._parser;

/** Writes `bytes` one byte per turn of the event loop: every parser state sees a split. */
async function dribble(socket: Socket, bytes: Buffer): Promise<void> {
  for (const byte of bytes) {
    socket.write(Buffer.from([byte]));
    await turn();
  }
}

/** The next `n` bytes (readBytes leaves the socket paused after each read). */
function next(socket: Socket, n: number): Promise<Buffer> {
  const bytes = readBytes(socket, n);
  socket.resume();
  return bytes;
}

const LOGIN = { deviceId: 'loa-24611-0001', secret: 'mật-khẩu-thiết-bị-không-được-giữ-lại-0123456789' };

t.test('a real Aedes client: plain byte list, CONNECT released, byte-by-byte MQTT still parses', async (t) => {
  const aedes = new Aedes();
  await aedes.listen();
  t.teardown(() => new Promise<void>((resolve) => aedes.close(() => resolve())));
  let handled: Client | undefined;
  let swapped = false;
  const registered = new Promise<boolean>((resolve) => aedes.once('client', (client: Client) => resolve(releaseConnectPacket(client))));
  const server = createServer((socket) => {
    handled = aedes.handle(socket);
    swapped = leanParserBuffer(handled);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;

  const device = await rawSocket(t, port);
  await dribble(device, connectPacket(LOGIN));
  t.same([...(await next(device, 4))], [0x20, 0x02, 0x00, 0x00], 'CONNACK accepted');
  t.equal(swapped, true, 'the byte list was swapped');
  t.equal(await registered, true, 'the CONNECT packet was released');
  const parser = parserOf(handled!);
  t.equal(parser._list.pipe, undefined, 'the byte list is no longer a stream');
  t.equal(parser._list.on, undefined, 'nor an event emitter');
  t.same(parser.settings, { protocolVersion: 4 }, 'no client id, username or password kept');

  const topic = 'tn/v1/test/a';
  await dribble(device, subscribePacket(7, [topic], 0));
  t.same([...(await next(device, 5))], [0x90, 0x03, 0x00, 0x07, 0x00], 'SUBACK for message id 7');

  const inbound = new Promise<Buffer>((resolve) => aedes.on('publish', (packet, client) => client !== null && resolve(Buffer.from(packet.payload))));
  const payload = Buffer.from('{"tiếng":"Việt"}', 'utf8');
  const echo = next(device, publishPacket(topic, payload).length);
  await dribble(device, publishPacket(topic, payload));
  t.same(await inbound, payload, 'a PUBLISH split at every byte arrives whole');
  t.same(await echo, publishPacket(topic, payload), 'and comes back to its subscriber');

  const expected = publishPacket(topic, Buffer.from('xuống'));
  const outbound = next(device, expected.length);
  aedes.publish({ cmd: 'publish', topic, payload: Buffer.from('xuống'), qos: 0, retain: false, dup: false }, () => undefined);
  t.same(await outbound, expected, 'and the broker still delivers to it');
});

t.test('internals it does not recognise are left as they are', async (t) => {
  const bare = {} as Client;
  t.equal(leanParserBuffer(bare), false);
  t.equal(releaseConnectPacket(bare), false);

  // A parser already holding bytes is not touched: swapping would drop them.
  const client = { _parser: { _list: { length: 3, append() {}, consume() {}, slice() {}, readUInt8() {}, readUInt16BE() {}, readUInt32BE() {}, toString() {} } } } as unknown as Client;
  const before = parserOf(client)._list;
  t.equal(leanParserBuffer(client), false);
  t.equal(parserOf(client)._list, before);

  // Settings that are not a CONNECT packet (no connect parsed yet) stay.
  const fresh = { _parser: { settings: {} } } as unknown as Client;
  t.equal(releaseConnectPacket(fresh), false);
  t.same(parserOf(fresh).settings, {});
  // An MQTT 3.1.1 bridge keeps its bridge flag, which the parser reads again.
  const bridge = { _parser: { settings: { cmd: 'connect', protocolVersion: 4, bridgeMode: true, password: Buffer.from('x') } } } as unknown as Client;
  t.equal(releaseConnectPacket(bridge), true);
  t.same(parserOf(bridge).settings, { protocolVersion: 4, bridgeMode: true });
});

t.test('through the hub broker: a device connecting one byte at a time is served as before', async (t) => {
  const { broker, auth, port } = await startTestBroker(t);
  const login = { deviceId: LOGIN.deviceId, secret: auth.add(LOGIN.deviceId, ['67', '664', '24611']) };
  const device = await rawSocket(t, port);
  await dribble(device, connectPacket(login));
  t.same([...(await next(device, 4))], [0x20, 0x02, 0x00, 0x00], 'CONNACK accepted');
  const topics = deviceSubscriptions(login.deviceId, ['67', '664', '24611']);
  await dribble(device, subscribePacket(1, topics, 0));
  t.same([...(await next(device, 4 + topics.length))].slice(4), topics.map(() => 0), 'every subscription granted');
  const topic = deviceTopic('doorbell', login.deviceId);
  const body = '{"manifestVersion":3,"at":0}';
  const arrived = next(device, publishPacket(topic, Buffer.from(body)).length);
  await broker.publish(topic, body, { qos: 0 });
  t.match((await arrived).toString('utf8'), body);
});
