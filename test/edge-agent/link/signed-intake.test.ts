// The gate in front of everything the agent acts on (design.md §6). Real keys, a real replay store on disk.
import { join } from 'node:path';
import t from 'tap';
import { signEnvelope, type UnsignedEnvelope } from '@tinnguon/protocol';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';
import { SignedIntake } from '../../../edge-agent/src/link/signed-intake.js';
import { ReplayStore } from '../../../edge-agent/src/replay/replay-store.js';
import { CHAIN, DEVICE, sampleBulletin, T0 } from '../../helpers/samples.js';
import { TEST_HUB_KEY } from '../../helpers/test-keys.js';

function stop(id: string, issuedAt: number): UnsignedEnvelope<'stop'> {
  return { type: 'stop', id, issuedAt, expiresAt: issuedAt + 3600_000, mode: 'live', targets: { areas: ['67'], devices: [] }, payload: { scope: 'all' } };
}

async function setup(t: { teardown(fn: () => unknown): void; testdir(): string; fail(message: string): unknown }, clock: { now(): number; trusted: boolean }) {
  const replay = new ReplayStore({ file: join(t.testdir(), 'replay.log'), clock });
  await replay.open();
  t.teardown(() => replay.close());
  const logged: NewPlaybackLog[] = [];
  const intake = new SignedIntake({
    trustedKeys: () => [TEST_HUB_KEY.publicKey], recipient: () => ({ deviceId: DEVICE, areaChain: CHAIN }), replay, clock,
    notBefore: T0 - 86_400_000, journal: { append: async (e) => void logged.push(e) }, onError: (err) => t.fail(String(err)), maxRejectionsPerMinute: 3,
  });
  return { intake, logged, replay };
}

t.test('accepted once; the id is remembered durably; a second delivery is a replay', async (t) => {
  const clock = { now: () => T0 + 1000, trusted: true };
  const { intake, logged, replay } = await setup(t, clock);
  const env = signEnvelope(TEST_HUB_KEY, stop('stop-0000-0001', T0));
  t.ok(intake.accept(env, 'stop', 'test'), 'accepted');
  await replay.close();
  const reopened = new ReplayStore({ file: join(t.testdirName, 'replay.log'), clock });
  await reopened.open();
  t.ok(reopened.has('stop-0000-0001'), 'survives a restart');
  await reopened.close();
  t.equal(intake.accept(env, 'stop', 'test'), undefined);
  t.match(logged, [{ event: 'rejected', reason: 'PROTO_ERR_REPLAYED' }]);
});

t.test('an untrusted clock still takes a fresh emergency "from the future", and still refuses the expired', async (t) => {
  const bootedAt1970ish = { now: () => 0, trusted: false };
  const { intake, logged } = await setup(t, bootedAt1970ish);
  const payload = sampleBulletin({ validFrom: T0, validUntil: T0 + 3600_000 });
  const fresh = signEnvelope(TEST_HUB_KEY, { type: 'bulletin', id: 'em-fresh-000001', issuedAt: T0, expiresAt: T0 + 3600_000, mode: 'live', targets: { areas: ['660'], devices: [] }, payload });
  t.ok(intake.accept(fresh, 'bulletin', 'test'), 'an emergency plays whatever the clock says (design.md §11)');
  const stale = signEnvelope(TEST_HUB_KEY, stop('stop-old-000001', T0 - 10 * 86_400_000));
  t.equal(intake.accept(stale, 'stop', 'test'), undefined, 'expired before the build date: refused');
  t.match(logged, [{ reason: 'PROTO_ERR_EXPIRED' }]);
  const trustedNow = await setup(t, { now: () => T0 - 3600_000, trusted: true });
  t.equal(trustedNow.intake.accept(fresh, 'bulletin', 'test'), undefined, 'with a trusted clock the future is not accepted');
  t.match(trustedNow.logged, [{ reason: 'PROTO_ERR_NOT_YET_VALID', bulletinId: 'bt-2026-11-23-0001' }]);
});

t.test('a flood of forgeries is journaled up to a limit per minute, then counted in one entry', async (t) => {
  let now = T0;
  const { intake, logged } = await setup(t, { now: () => now, trusted: true });
  for (let i = 0; i < 10; i++) intake.accept({ v: 1, junk: i }, 'bulletin', 'test');
  t.equal(logged.length, 3, 'three in the first minute');
  now += 60_000;
  intake.accept({}, 'bulletin', 'test');
  t.match(logged[3], { reason: 'AGENT_ERR_VERIFY', detail: /Thêm 7 nội dung bị từ chối/ }, 'the other seven counted');
  t.equal(logged.length, 5, 'and the new minute starts afresh');
});
