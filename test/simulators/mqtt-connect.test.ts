// Who is connecting through the fault proxy: the client id of a real MQTT.js CONNECT, however the bytes arrive, and
// a clear "invalid" for anything else; never a throw, whatever the bytes.
import { createServer } from 'node:net';
import fc from 'fast-check';
import mqtt from 'mqtt';
import t from 'tap';
import { peekConnect } from '../../simulators/src/faults/mqtt-connect.js';

/** The bytes MQTT.js sends first, captured by a plain TCP server. */
async function realConnect(clientId: string): Promise<Buffer> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const first = new Promise<Buffer>((resolve) => server.once('connection', (s) => s.once('data', (d: Buffer) => (resolve(d), s.destroy()))));
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
    clientId, protocolVersion: 4, username: clientId, password: 'secret', reconnectPeriod: 0,
    will: { topic: `tn/v1/device/${clientId}/up/status`, payload: Buffer.from('{"state":"offline"}'), qos: 1, retain: true },
  });
  client.on('error', () => undefined);
  const bytes = await first;
  client.end(true);
  await new Promise<void>((r) => server.close(() => r()));
  return bytes;
}

t.test('the client id of a real CONNECT, whole or byte by byte', async (t) => {
  const bytes = await realConnect('loa-24628-0a1b2c3d');
  t.same(peekConnect(bytes), { state: 'complete', clientId: 'loa-24628-0a1b2c3d' });
  for (let cut = 0; cut < bytes.length; cut++) {
    if (peekConnect(bytes.subarray(0, cut)).state !== 'incomplete') t.fail(`a prefix of ${cut} bytes is not incomplete`);
  }
  t.pass('every prefix waits for more');
});

t.test('anything but a CONNECT is invalid, and no byte sequence throws', async (t) => {
  t.equal(peekConnect(Buffer.from([0x30, 0x02, 0x00, 0x00])).state, 'invalid', 'a PUBLISH first');
  t.equal(peekConnect(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01])).state, 'invalid', 'a remaining length of five bytes');
  t.equal(peekConnect(Buffer.from([0x10, 0x04, 0x00, 0x04, 0x4d, 0x51])).state, 'invalid', 'too short to hold a client id');
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => ['complete', 'incomplete', 'invalid'].includes(peekConnect(b).state)), { numRuns: 2000 });
  t.pass('2000 random inputs classified');
});
