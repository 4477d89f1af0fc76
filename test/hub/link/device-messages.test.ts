// The device-message handler's log path end to end below the broker: real SQLite, real ingestor, real decoder.
import t, { type Test } from 'tap';
import { decode, deviceTopic, encode, type LogAck, type PlaybackLog } from '@tinnguon/protocol';
import { HubMetrics } from '../../../hub/src/app/metrics.js';
import type { DeviceRepository } from '../../../hub/src/devices/device-repository.js';
import type { Dispatcher, Publisher } from '../../../hub/src/dispatch/dispatcher.js';
import { DeviceMessageHandler } from '../../../hub/src/link/device-messages.js';
import { LogIngestor } from '../../../hub/src/logs/log-ingest.js';
import { openTestDb } from '../../helpers/hub-db.js';

const DEVICE = 'loa-a-0001';
const entry = (seq: number): PlaybackLog => ({ seq, at: 1_700_000_000_000 + seq, event: 'played', bulletinId: 'bt-0000-0001', playedMs: 1000 });
const batch = (seqs: number[]) => Buffer.from(JSON.stringify({ entries: seqs.map(entry) }));

/** Fakes throw on anything the log path must not touch. */
const untouchable = <T extends object>(name: string): T =>
  new Proxy({}, { get: (_o, key) => () => { throw new Error(`${name}.${String(key)} called`); } }) as T;

async function setup(t: Test) {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  const published: { topic: string; payload: Buffer }[] = [];
  const errors: object[] = [];
  const publisher: Publisher = {
    publish: (topic, payload) => {
      published.push({ topic, payload });
      return Promise.resolve();
    },
  };
  const metrics = new HubMetrics();
  const logs = new LogIngestor(db);
  const handler = new DeviceMessageHandler({
    devices: untouchable<DeviceRepository>('devices'),
    dispatcher: untouchable<Dispatcher>('dispatcher'),
    logs, publisher, metrics,
    log: { warn: () => undefined, error: (obj) => errors.push(obj) },
    now: () => 1_700_000_000_500,
  });
  const acks = (): LogAck[] => published.filter((p) => p.topic === deviceTopic('logAck', DEVICE)).map((p) => {
    const d = decode(p.topic, p.payload);
    if (!d.ok || d.value.name !== 'logAck') throw new Error('not an ack');
    return d.value.message;
  });
  return { db, handler, metrics, errors, acks, published };
}

t.test('a log batch is acked after its commit with exact counts, and a resend stores nothing twice', async (t) => {
  const { db, handler, metrics, acks } = await setup(t);
  await handler.handle(DEVICE, deviceTopic('logBatch', DEVICE), batch([1, 2, 3]));
  await handler.handle(DEVICE, deviceTopic('logBatch', DEVICE), batch([2, 3, 4]));
  t.same(acks(), [{ fromSeq: 1, toSeq: 3, stored: 3, duplicates: 0 }, { fromSeq: 2, toSeq: 4, stored: 1, duplicates: 2 }]);
  t.equal((await db.get<{ n: number }>('SELECT count(*) AS n FROM playback_logs'))?.n, 4, 'committed before the acks resolved');
  t.equal(metrics.logRowsStored, 4);
  t.equal(metrics.logRowsDuplicate, 2);
});

t.test('many batches in flight at once each get their own ack', async (t) => {
  const { handler, acks } = await setup(t);
  await Promise.all(Array.from({ length: 50 }, (_, i) => handler.handle(DEVICE, deviceTopic('logBatch', DEVICE), batch([2 * i + 1, 2 * i + 2]))));
  const got = acks();
  t.equal(got.length, 50);
  t.equal(got.reduce((n, a) => n + a.stored, 0), 100);
});

t.test('a batch that cannot be committed is logged, not acked, and does not reject', async (t) => {
  const { db, handler, errors, acks } = await setup(t);
  await db.close();
  await handler.handle(DEVICE, deviceTopic('logBatch', DEVICE), batch([1]));
  t.equal(acks().length, 0, 'no ack: the device keeps the rows and sends them again');
  t.equal(errors.length, 1);
  t.match(errors[0], { deviceId: DEVICE, topic: deviceTopic('logBatch', DEVICE) });
});

t.test('a malformed batch is counted as rejected and never reaches the database', async (t) => {
  const { handler, metrics, acks } = await setup(t);
  await handler.handle(DEVICE, deviceTopic('logBatch', DEVICE), Buffer.from('{"entries":[{"seq":0}]}'));
  t.equal(metrics.mqttRejected, 1);
  t.equal(acks().length, 0);
});

t.test('a time request is answered with the receive time it was handed', async (t) => {
  const { handler, metrics, published } = await setup(t);
  await handler.handle(DEVICE, deviceTopic('timeRequest', DEVICE), encode('timeRequest', { t0: 42 }), 1_700_000_000_100);
  const reply = published.find((p) => p.topic === deviceTopic('timeResponse', DEVICE));
  t.ok(reply);
  const d = decode(deviceTopic('timeResponse', DEVICE), reply!.payload);
  t.match(d, { ok: true, value: { message: { t0: 42, t1: 1_700_000_000_100, t2: 1_700_000_000_500 } } });
  t.equal(metrics.mqttMessagesOut, 1);
});

t.test('a handler that throws is logged with the device and topic, and the message promise still resolves', async (t) => {
  const { handler, errors } = await setup(t);
  // The dispatcher fake throws synchronously on any call: the failure must not reach the broker's event emitter.
  const payload = encode('commandResult', { commandId: 'cmd-0000-0001', ok: true, at: 1_700_000_000_000 });
  await handler.handle(DEVICE, deviceTopic('commandResult', DEVICE), payload);
  t.equal(errors.length, 1);
  t.match(errors[0], { deviceId: DEVICE, topic: deviceTopic('commandResult', DEVICE), err: { message: 'dispatcher.recordCommandResult called' } });
});
