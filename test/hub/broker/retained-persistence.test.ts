// The indexed retained store must answer exactly as Aedes' own in-memory store does (exact topics, `+`, `#`, delete
// on an empty payload, overwrite, order), only without scanning every retained message for an exact filter.
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import t from 'tap';
import fc from 'fast-check';
import { Aedes } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';
import { IndexedRetainedPersistence, MemoryPersistence, topicMatchesFilter, type RetainedPacket } from '../../../hub/src/broker/retained-persistence.js';
import type { Teardown } from './broker-harness.js';

const SEED = Date.now() | 0;
t.comment(`fast-check seed ${SEED}`);

function retained(topic: string, payload: string): RetainedPacket {
  return { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: true };
}

async function drain(stream: Readable): Promise<string[]> {
  const out: string[] = [];
  for await (const packet of stream) {
    const p = packet as RetainedPacket;
    out.push(`${p.topic}=${p.payload.toString()}`);
  }
  return out;
}

t.test('topic filter matching ([MQTT-4.7.1], as Aedes routes live messages)', async (t) => {
  const rows: [string, string, boolean][] = [
    ['tn/v1/device/a/up/status', 'tn/v1/device/a/up/status', true],
    ['tn/v1/device/a/up/status', 'tn/v1/device/b/up/status', false],
    ['tn/v1/device/+/up/status', 'tn/v1/device/b/up/status', true],
    ['tn/v1/device/+/up/status', 'tn/v1/device/b/up/heartbeat', false],
    ['tn/v1/device/+', 'tn/v1/device/b/up', false],
    ['tn/v1/#', 'tn/v1/device/b/up/status', true],
    ['tn/v1/#', 'tn/v1', true],
    ['tn/v1/#', 'tn/v2/x', false],
    ['#', 'anything/at/all', true],
    ['+/+', 'a/b', true],
    ['+/+', 'a', false],
    ['tn/v1/device/+/up/#', 'tn/v1/device/b/up', true],
    ['a//b', 'a//b', true],
    // As Aedes routes live messages (Qlobber): `+` is never an empty level.
    ['a/+/b', 'a//b', false],
    ['a/+', 'a/', false],
    ['/#', '', true],
  ];
  for (const [filter, topic, expected] of rows) t.equal(topicMatchesFilter(filter, topic), expected, `${filter} ~ ${topic}`);
});

t.test('the same retained messages, in the same order, as aedes-persistence for any history and filters', async (t) => {
  const level = fc.constantFrom('tn', 'v1', 'a', 'b', 'status', '');
  const topic = fc.array(level, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('/'));
  const filter = fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 4 }).chain((ls) =>
    fc.boolean().map((hash) => (hash ? [...ls, '#'] : ls).join('/')),
  );
  const op = fc.record({ topic, payload: fc.constantFrom('', 'online', 'offline') });
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 30 }), fc.array(filter, { minLength: 1, maxLength: 4 }), async (ops, filters) => {
      const library = new MemoryPersistence();
      const indexed = new IndexedRetainedPersistence();
      for (const { topic, payload } of ops) {
        await library.storeRetained(retained(topic, payload));
        await indexed.storeRetained(retained(topic, payload));
      }
      const expected = await drain(library.createRetainedStreamCombi(filters));
      t.same(await drain(indexed.createRetainedStreamCombi(filters)), expected);
      t.same(await drain(indexed.createRetainedStream(filters[0]!)), await drain(library.createRetainedStream(filters[0]!)));
    }),
    { seed: SEED, numRuns: 300 },
  );
});

/** A bare Aedes (no ACL: wildcards allowed) on port 0 with the indexed store, and a client factory. */
async function startAedes(t: Teardown): Promise<() => Promise<MqttClient>> {
  const aedes = new Aedes({ persistence: new IndexedRetainedPersistence() });
  await aedes.listen();
  const server = createServer((socket) => aedes.handle(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  t.teardown(async () => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  let n = 0;
  return async () => {
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, clientId: `c${n++}`, reconnectPeriod: 0 }, false);
    t.teardown(() => client.endAsync(true));
    return client;
  };
}

/**
 * The retained messages a new subscriber to `filter` receives. The sentinel is subscribed in the same SUBSCRIBE,
 * after the filter, and Aedes streams retained messages filter by filter: once it arrives, the filter's are all in.
 */
async function retainedOn(client: MqttClient, filter: string): Promise<string[]> {
  const got: string[] = [];
  const done = new Promise<void>((resolve) => {
    client.on('message', (topic, payload, packet) => {
      if (topic === 'sentinel') resolve();
      else if (packet.retain) got.push(`${topic}=${payload.toString()}`);
    });
  });
  await client.subscribeAsync([filter, 'sentinel'], { qos: 1 });
  await done;
  return got.sort();
}

t.test('through a real Aedes: exact, +, # and deletion by an empty payload', async (t) => {
  const newClient = await startAedes(t);
  const device = await newClient();
  for (const [topic, payload] of [
    ['sentinel', 'x'],
    ['tn/v1/device/loa-01/up/status', 'online'],
    ['tn/v1/device/loa-02/up/status', 'online'],
    ['tn/v1/device/loa-03/up/status', 'online'],
    ['tn/v1/device/loa-02/up/status', 'offline'],
  ] as const) await device.publishAsync(topic, payload, { qos: 1, retain: true });
  await device.publishAsync('tn/v1/device/loa-03/up/status', '', { qos: 1, retain: true });

  t.same(await retainedOn(await newClient(), 'tn/v1/device/loa-02/up/status'), ['tn/v1/device/loa-02/up/status=offline'], 'exact: the latest');
  t.same(await retainedOn(await newClient(), 'tn/v1/device/loa-03/up/status'), [], 'exact: deleted by the empty payload');
  t.same(await retainedOn(await newClient(), 'tn/v1/device/nobody/up/status'), [], 'exact: never retained');
  t.same(await retainedOn(await newClient(), 'tn/v1/device/+/up/status'), ['tn/v1/device/loa-01/up/status=online', 'tn/v1/device/loa-02/up/status=offline'], '+');
  t.same(await retainedOn(await newClient(), 'tn/v1/#'), ['tn/v1/device/loa-01/up/status=online', 'tn/v1/device/loa-02/up/status=offline'], '#');
  t.same(await retainedOn(await newClient(), 'tn/v1/device/+/up/heartbeat'), [], 'no match');
});
