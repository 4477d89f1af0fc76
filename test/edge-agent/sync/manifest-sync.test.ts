// Desired state down (design.md §4): a verified manifest replaces the one in force only if its version is not lower;
// the last good one is kept on disk (and re-verified when read back); the cache is reconciled on every sync, even
// when the hub cannot be reached.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { signEnvelope, type Manifest, type SignedEnvelope } from '@tinnguon/protocol';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';
import { SignedIntake } from '../../../edge-agent/src/link/signed-intake.js';
import { ReplayStore } from '../../../edge-agent/src/replay/replay-store.js';
import { cacheWants } from '../../../edge-agent/src/sync/cache-wants.js';
import { judgeManifest } from '../../../edge-agent/src/sync/judge-manifest.js';
import { ManifestStore } from '../../../edge-agent/src/sync/manifest-store.js';
import { ManifestSync } from '../../../edge-agent/src/sync/manifest-sync.js';
import { CHAIN, DEVICE, sampleBulletin, sampleManifest, T0 } from '../../helpers/samples.js';
import { ManualTime } from '../helpers/manual-time.js';
import { TEST_ATTACKER_KEY, TEST_HUB_KEY } from '../../helpers/test-keys.js';

function signed(version: number, key = TEST_HUB_KEY): SignedEnvelope<'manifest'> {
  return signEnvelope(key, {
    type: 'manifest', id: `mf-${DEVICE}-${version}`, issuedAt: T0, expiresAt: T0 + 3 * 86_400_000, mode: 'live',
    targets: { areas: [], devices: [DEVICE] }, payload: { ...sampleManifest(), version },
  });
}

t.test('judgeManifest: versions only go up', async (t) => {
  const m = (version: number): Manifest => ({ ...sampleManifest(), version });
  t.same(judgeManifest(undefined, m(3), DEVICE), { action: 'accept' }, 'the first one');
  t.same(judgeManifest(m(3), m(4), DEVICE), { action: 'accept' });
  t.same(judgeManifest(m(4), m(4), DEVICE), { action: 'same' });
  t.match(judgeManifest(m(4), m(3), DEVICE), { action: 'refuse', code: 'AGENT_ERR_MANIFEST_STALE' }, 'an older one could bring a recalled bulletin back');
  t.match(judgeManifest(undefined, { ...m(5), deviceId: 'loa-khac-0001' }, DEVICE), { action: 'refuse', code: 'AGENT_ERR_VERIFY' });
});

t.test('cacheWants: what each bulletin needs and by when; the tone pinned; recalled and expired left out', async (t) => {
  const tone = { sha256: 'f'.repeat(64), bytes: 9000, mime: 'audio/mpeg' as const, durationMs: 1500 };
  const m: Manifest = {
    ...sampleManifest(),
    attentionTone: tone,
    bulletins: [
      sampleBulletin({ bulletinId: 'bt-priority-0001', priority: 'priority', validUntil: T0 + 86_400_000 }),
      sampleBulletin({ bulletinId: 'bt-emergency-01', priority: 'emergency', validUntil: T0 + 86_400_000, content: { kind: 'audio', media: { ...tone, sha256: 'e'.repeat(64) } } }),
      sampleBulletin({ bulletinId: 'bt-expired-0001', validUntil: T0 - 1, content: { kind: 'audio', media: { ...tone, sha256: 'd'.repeat(64) } } }),
      sampleBulletin({ bulletinId: 'bt-recalled-001', validUntil: T0 + 86_400_000, content: { kind: 'audio', media: { ...tone, sha256: 'c'.repeat(64) } } }),
    ],
  };
  const wants = cacheWants(m, [{ bulletinId: 'bt-priority-0001', startAt: T0 + 7 * 3600_000 }], T0, ['b'.repeat(64)], new Set(['bt-recalled-001']));
  t.same(wants.pinned, [tone], 'the attention tone is pinned (design.md §5)');
  t.same(
    wants.needed.map((n) => [n.media.sha256.slice(0, 1), n.priority, n.neededBy]),
    [['a', 'priority', T0 + 7 * 3600_000], ['e', 'emergency', T0]],
    'needed by its first slot; an emergency now',
  );
  t.same(wants.playing, ['b'.repeat(64)]);
});

t.test('sync: accept, persist, refuse older, refuse forged, reconcile even offline, reload verified', async (t) => {
  const dir = t.testdir();
  const replay = new ReplayStore({ file: join(dir, 'replay.log') });
  await replay.open();
  t.teardown(() => replay.close());
  const logged: NewPlaybackLog[] = [];
  const journal = { append: async (e: NewPlaybackLog) => void logged.push(e) };
  const clock = { now: () => T0 + 1000, trusted: true };
  const intake = new SignedIntake({ trustedKeys: () => [TEST_HUB_KEY.publicKey], recipient: () => ({ deviceId: DEVICE, areaChain: CHAIN }), replay, clock, notBefore: 0, journal, onError: () => undefined });
  const path = join(dir, 'manifest.json');
  const store = new ManifestStore({ path, deviceId: DEVICE, trustedKeys: () => [TEST_HUB_KEY.publicKey] });
  let serve: () => unknown = () => signed(5);
  const applied: number[] = [];
  const reconciled: number[] = [];
  const make = () =>
    new ManifestSync({
      deviceId: DEVICE, fetch: async () => serve(), intake, store, journal, now: clock.now, onError: () => undefined,
      onManifest: (m) => applied.push(m.version), reconcile: async (m) => void reconciled.push(m.version),
    });
  const sync = make();
  t.equal(await sync.sync(), 'accepted');
  t.same(applied, [5]);
  t.equal((JSON.parse(await readFile(path, 'utf8')) as SignedEnvelope<'manifest'>).payload.version, 5, 'kept on disk');
  t.equal(await sync.sync(), 'same', 'the same manifest again: nothing to apply…');
  t.same(reconciled, [5, 5], '…but the cache is reconciled every time');
  serve = () => signed(4);
  t.equal(await sync.sync(), 'refused');
  t.match(logged.at(-1), { event: 'fault', reason: 'AGENT_ERR_MANIFEST_STALE' }, 'an older version is refused and logged');
  serve = () => signed(9, TEST_ATTACKER_KEY);
  t.equal(await sync.sync(), 'refused');
  t.match(logged.at(-1), { event: 'rejected', reason: 'PROTO_ERR_UNKNOWN_KEY' }, 'a forged one too');
  serve = () => {
    throw new Error('ECONNREFUSED');
  };
  t.equal(await sync.sync(), 'failed');
  t.same(reconciled, [5, 5, 5], 'offline: the cache is still checked against the manifest in force');
  t.equal(sync.manifest?.version, 5, 'and the programme is unchanged');

  const rebooted = make();
  await rebooted.load();
  t.equal(rebooted.manifest?.version, 5, 'a reboot without network keeps the programme');
  const tampered = JSON.parse(await readFile(path, 'utf8')) as SignedEnvelope<'manifest'>;
  await writeFile(path, JSON.stringify({ ...tampered, payload: { ...tampered.payload, version: 99 } }));
  const afterTamper = make();
  await afterTamper.load();
  t.equal(afterTamper.manifest, undefined, 'an edited file on the card is not believed');
  t.match(logged.at(-1), { event: 'fault', reason: 'AGENT_ERR_VERIFY' });
});

/** What a ManifestSync on hand-moved timers needs: a real intake and store in a test directory. */
async function timedSync(t: { testdir(): string; teardown(fn: () => unknown): void }) {
  const dir = t.testdir();
  const replay = new ReplayStore({ file: join(dir, 'replay.log') });
  await replay.open();
  t.teardown(() => replay.close());
  const journal = { append: async () => undefined };
  const clock = { now: () => T0 + 1000, trusted: true };
  const intake = new SignedIntake({ trustedKeys: () => [TEST_HUB_KEY.publicKey], recipient: () => ({ deviceId: DEVICE, areaChain: CHAIN }), replay, clock, notBefore: 0, journal, onError: () => undefined });
  const store = new ManifestStore({ path: join(dir, 'manifest.json'), deviceId: DEVICE, trustedKeys: () => [TEST_HUB_KEY.publicKey] });
  return { intake, store, journal, clock, time: new ManualTime(T0) };
}

t.test('a doorbell fetches after a random 0–doorbellJitterMs; doorbells while it waits join it; stop cancels it', async (t) => {
  const { intake, store, journal, clock, time } = await timedSync(t);
  const make = (jitterMs: number, random: number) => {
    let fetches = 0;
    const sync = new ManifestSync({
      deviceId: DEVICE, fetch: async () => (fetches++, signed(5)), intake, store, journal, now: clock.now, onError: () => undefined,
      onManifest: () => undefined, reconcile: async () => undefined, doorbellJitterMs: jitterMs, timers: time.timers, random: () => random,
    });
    return { sync, fetches: () => fetches };
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  const late = make(1000, 0.75);
  late.sync.doorbell();
  late.sync.doorbell();
  await settle();
  t.equal(late.fetches(), 0, 'nothing fetched at the doorbell itself');
  time.advance(749);
  await settle();
  t.equal(late.fetches(), 0, 'not before its share of the interval');
  time.advance(1);
  await settle();
  t.equal(late.fetches(), 1, 'fetched at 0.75 × 1000 ms, once for both doorbells');

  const worst = make(1000, 0.999_999);
  worst.sync.doorbell();
  time.advance(1000);
  await settle();
  t.equal(worst.fetches(), 1, 'never later than doorbellJitterMs');

  const now = make(0, 0.5);
  now.sync.doorbell();
  await settle();
  t.equal(now.fetches(), 1, 'no jitter configured: fetched at once');

  const stopped = make(1000, 0.5);
  stopped.sync.doorbell();
  await stopped.sync.stop();
  t.equal(time.pending, 0, 'stop() clears the wait');
  time.advance(1000);
  await settle();
  t.equal(stopped.fetches(), 0, 'and nothing is fetched after it');
});

t.test('a failed fetch is tried again on the back-off until the hub answers; an answer resets it; stop cancels it', async (t) => {
  const { intake, store, journal, clock, time } = await timedSync(t);
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  // The hub is busy for the first three fetches (a 503, a timeout: the fetch rejects), then answers.
  let fetches = 0;
  let failFirst = 3;
  const applied: number[] = [];
  const sync = new ManifestSync({
    deviceId: DEVICE, intake, store, journal, now: clock.now, onError: () => undefined, reconcile: async () => undefined,
    fetch: async () => {
      fetches++;
      if (fetches <= failFirst) throw new Error('HTTP 503');
      return signed(5 + fetches);
    },
    onManifest: (m) => applied.push(m.version), retry: { baseMs: 1000, maxMs: 8000 }, timers: time.timers, random: () => 0.5,
  });

  t.equal(await sync.sync(), 'failed');
  t.equal(time.pending, 1, 'a retry is set');
  time.advance(499);
  await settle();
  t.equal(fetches, 1, 'not before half of the first step (random 0.5 × 1 s)');
  time.advance(1);
  await settle();
  t.equal(fetches, 2, 'the first retry');
  time.advance(999);
  await settle();
  t.equal(fetches, 2, 'the second step doubles: 0.5 × 2 s');
  time.advance(1);
  await settle();
  t.equal(fetches, 3);
  time.advance(2000);
  await settle();
  t.equal(fetches, 4, 'then 0.5 × 4 s, and this one is answered');
  for (let i = 0; i < 100 && applied.length === 0; i++) await new Promise((r) => setTimeout(r, 5)); // the save is real I/O
  t.same(applied, [9]);
  t.equal(time.pending, 0, 'no retry once the hub has answered');

  // The back-off starts again from its first step after an answer.
  failFirst = 6;
  t.equal(await sync.sync(), 'failed');
  t.equal(fetches, 5);
  time.advance(500);
  await settle();
  t.equal(fetches, 6, 'the first step again, not the fourth');
  for (let i = 0; i < 100 && time.pending === 0; i++) await new Promise((r) => setTimeout(r, 5));

  await sync.stop();
  t.equal(time.pending, 0, 'stop() clears the retry');
  time.advance(60_000);
  await settle();
  t.equal(fetches, 6, 'and nothing is fetched after it');
});
