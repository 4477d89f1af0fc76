// What the real MQTT.js transport's connect failures say about the hub (reconnect-policy.ts reads them): nothing
// listening, a reset, a silent server, a close before CONNACK, and CONNACK refusals, over real loopback sockets.
import { createServer, type Server, type Socket } from 'node:net';
import t from 'tap';
import { mqttTransport } from '../../../edge-agent/src/link/mqtt-transport.js';
import { linkFailureOf } from '../../../edge-agent/src/link/reconnect-policy.js';

const will = { topic: 'tn/v1/device/loa-x/up/status', payload: Buffer.from('{}'), qos: 1 as const, retain: true };
const handlers = { onMessage: () => undefined, onClose: () => undefined };

/** A TCP server on port 0 that does `onConnect` with each socket once its first bytes (the CONNECT) arrive. */
async function server(t: { teardown(fn: () => unknown): void }, onConnect: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const s: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => onConnect(socket));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => s.close(() => resolve()));
  });
  return (s.address() as { port: number }).port;
}

async function failureAt(port: number, connectTimeoutMs = 5000): Promise<string> {
  const options = { url: `mqtt://127.0.0.1:${port}`, clientId: 'loa-x', username: 'loa-x', password: 'p'.repeat(32), keepaliveSec: 60, connectTimeoutMs, will };
  try {
    const connection = await mqttTransport.connect(options, handlers);
    await connection.end();
    return 'connected';
  } catch (err) {
    return `${(err as { code?: string }).code} ${linkFailureOf(err)}`;
  }
}

t.test('nothing listening (the hub restarting) is "refused"', async (t) => {
  const port = await server(t, () => undefined);
  const free = createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const closedPort = (free.address() as { port: number }).port;
  await new Promise<void>((resolve) => free.close(() => resolve()));
  t.not(closedPort, port);
  t.equal(await failureAt(closedPort), 'AGENT_ERR_LINK refused');
});

t.test('a reset before CONNACK is "reset"', async (t) => {
  const port = await server(t, (socket) => socket.resetAndDestroy());
  t.equal(await failureAt(port), 'AGENT_ERR_LINK reset');
});

t.test('a server that never answers is "timeout", at the connect timeout', async (t) => {
  const port = await server(t, () => undefined);
  // MQTT.js's own timer (1 s later) would only close the socket, which reads as "closed".
  t.equal(await failureAt(port, 300), 'AGENT_ERR_LINK timeout');
});

t.test('a close before CONNACK without a reset is "closed"', async (t) => {
  const port = await server(t, (socket) => socket.end());
  t.equal(await failureAt(port), 'AGENT_ERR_LINK closed');
});

t.test('CONNACK 3 (the hub\u2019s connect gate is full) is "busy"; CONNACK 5 is "rejected"', async (t) => {
  const busy = await server(t, (socket) => socket.write(Buffer.from([0x20, 0x02, 0x00, 0x03])));
  const denied = await server(t, (socket) => socket.write(Buffer.from([0x20, 0x02, 0x00, 0x05])));
  t.equal(await failureAt(busy), 'AGENT_ERR_LINK busy');
  t.equal(await failureAt(denied), 'AGENT_ERR_LINK rejected');
});

t.test('CONNACK 0 connects', async (t) => {
  const port = await server(t, (socket) => socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00])));
  t.equal(await failureAt(port), 'connected');
});
