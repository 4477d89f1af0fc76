import t, { type Test } from 'tap';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyEnvelope } from '@tinnguon/protocol';
import { ReplayStore } from '../../../edge-agent/src/replay/replay-store.js';
import { signedEmergency, T0 } from '../../helpers/samples.js';
import { TEST_HUB_KEY } from '../../helpers/test-keys.js';

function clockAt(start: number) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

async function opened(t: Test, file: string, clock: { now(): number }, maxIds?: number): Promise<ReplayStore> {
  const store = new ReplayStore({ file, clock, groupCommitMs: 0, ...(maxIds === undefined ? {} : { maxIds }) });
  await store.open();
  t.teardown(() => store.close());
  return store;
}

t.test('a remembered envelope is refused as replayed by the protocol verifier, also after a restart', async (t) => {
  const file = join(t.testdir(), 'replay.log');
  const clock = clockAt(T0 + 60_000);
  const envelope = signedEmergency();
  const ctx = (replay: ReplayStore) => ({ trustedKeys: [TEST_HUB_KEY.publicKey], now: clock.now(), replay });

  const first = new ReplayStore({ file, clock });
  await first.open();
  t.ok(verifyEnvelope(envelope, 'bulletin', ctx(first)).ok, 'first delivery is accepted');
  const remembered = first.remember(envelope.id, envelope.expiresAt);
  t.ok(first.has(envelope.id), 'refused at once, before the write is durable');
  await remembered;
  await first.close();

  const second = await opened(t, file, clock);
  const again = verifyEnvelope(envelope, 'bulletin', ctx(second));
  t.equal(again.ok ? 'accepted' : again.error.code, 'PROTO_ERR_REPLAYED');
});

t.test('expired ids are not loaded, and compaction drops them from the file', async (t) => {
  const file = join(t.testdir(), 'replay.log');
  const clock = clockAt(T0);
  const store = new ReplayStore({ file, clock });
  await store.open();
  await Promise.all(Array.from({ length: 50 }, (_, i) => store.remember(`env-short-${String(i).padStart(4, '0')}`, T0 + 1_000)));
  await store.remember('env-long-0001', T0 + 86_400_000);
  const before = (await stat(file)).size;
  clock.t = T0 + 2_000;
  await store.compact();
  t.same(store.stats(), { ids: 1, fileLines: 1, forgotten: 0 });
  t.ok((await stat(file)).size < before / 10);
  t.notOk(store.has('env-short-0001'));
  t.ok(store.has('env-long-0001'));
  await store.close();

  const reopened = await opened(t, file, clock);
  t.ok(reopened.has('env-long-0001'));
  t.notOk(reopened.has('env-short-0003'));
});

t.test('the file is compacted on its own once it is mostly expired lines', async (t) => {
  const file = join(t.testdir(), 'replay.log');
  const clock = clockAt(T0);
  const store = await opened(t, file, clock);
  for (let i = 0; i < 1200; i++) {
    clock.t = T0 + i * 1000;
    await store.remember(`env-cmd-${String(i).padStart(6, '0')}`, clock.t + 60_000);
  }
  t.ok(store.stats().fileLines < 600, `file holds ${store.stats().fileLines} lines, not 1200`);
  t.notOk(store.has('env-cmd-000000'), 'expired ids are forgotten');
  t.ok(store.has('env-cmd-001199'));
  t.ok(store.has('env-cmd-001140'), 'ids that have not expired are kept');
});

t.test('a torn last line is ignored and does not corrupt the next one', async (t) => {
  const file = join(t.testdir(), 'replay.log');
  const clock = clockAt(T0);
  const first = new ReplayStore({ file, clock });
  await first.open();
  await first.remember('env-kept-0001', T0 + 60_000);
  await first.close();
  await appendFile(file, '0badc0de 1764');

  const second = new ReplayStore({ file, clock });
  await second.open();
  t.ok(second.has('env-kept-0001'));
  await second.remember('env-next-0001', T0 + 60_000);
  await second.close();
  t.notMatch(await readFile(file, 'utf8'), /1764/);

  const third = await opened(t, file, clock);
  t.ok(third.has('env-kept-0001'));
  t.ok(third.has('env-next-0001'));
});

t.test('bounded: past maxIds the ids closest to expiry are forgotten first', async (t) => {
  const store = await opened(t, join(t.testdir(), 'replay.log'), clockAt(T0), 3);
  await store.remember('env-a-00001', T0 + 5_000);
  await store.remember('env-b-00001', T0 + 1_000);
  await store.remember('env-c-00001', T0 + 9_000);
  await store.remember('env-d-00001', T0 + 7_000);
  t.notOk(store.has('env-b-00001'));
  t.ok(['env-a-00001', 'env-c-00001', 'env-d-00001'].every((id) => store.has(id)));
  t.equal(store.stats().forgotten, 1);
});

t.test('bad ids and use before open get coded errors', async (t) => {
  const closed = new ReplayStore({ file: join(t.testdir(), 'replay.log') });
  await t.rejects(closed.remember('env-ok-00001', T0), { code: 'AGENT_ERR_REPLAY_STORE' });
  const store = await opened(t, join(t.testdir(), 'replay.log'), clockAt(T0));
  await t.rejects(store.remember('has space', T0 + 1), { code: 'AGENT_ERR_REPLAY_STORE' });
  await t.rejects(store.remember('line\nbreak', T0 + 1), { code: 'AGENT_ERR_REPLAY_STORE' });
  await t.rejects(store.remember('env-ok-00001', Number.NaN), { code: 'AGENT_ERR_REPLAY_STORE' });
  t.equal(store.stats().ids, 0);
});
