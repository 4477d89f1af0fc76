// SD-card wear over one simulated day of a loudspeaker cluster (issue 5: "batch writes and do not rewrite files per
// event"): two windows of six programme slots, one emergency, four doorbells, a few rejected forgeries, each log
// acknowledged by the hub — through the agent's real stores. Prints the bytes written; asserts nothing is rewritten
// per event and every entry leaves the journal once acknowledged.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { signEnvelope } from '@tinnguon/protocol';
import { Journal } from '../../../edge-agent/src/journal/journal.js';
import { ReplayStore } from '../../../edge-agent/src/replay/replay-store.js';
import { SlotLedger } from '../../../edge-agent/src/runtime/slot-ledger.js';
import { ManifestStore } from '../../../edge-agent/src/sync/manifest-store.js';
import { DEVICE, sampleManifest, T0 } from '../../helpers/samples.js';
import { TEST_HUB_KEY } from '../../helpers/test-keys.js';

t.test('bytes written to the SD card per simulated day', async (t) => {
  const dir = t.testdir();
  const journal = new Journal({ dir: join(dir, 'journal') });
  const replay = new ReplayStore({ file: join(dir, 'replay.log'), clock: { now: () => T0 } });
  await journal.open();
  await replay.open();
  const ledger = new SlotLedger({ journal, store: replay, onError: (e) => t.fail(String(e)) });
  const manifests = new ManifestStore({ path: join(dir, 'manifest.json'), deviceId: DEVICE, trustedKeys: () => [TEST_HUB_KEY.publicKey] });
  let manifestBytes = 0;
  let events = 0;
  const ackAll = async () => {
    const pending = journal.pending();
    if (pending.length > 0) await journal.acknowledge(pending[0]?.seq ?? 1, pending.at(-1)?.seq ?? 1);
  };

  for (let doorbell = 1; doorbell <= 4; doorbell++) {
    const envelope = signEnvelope(TEST_HUB_KEY, {
      type: 'manifest', id: `mf-${DEVICE}-${doorbell}`, issuedAt: T0, expiresAt: T0 + 86_400_000, mode: 'live',
      targets: { areas: [], devices: [DEVICE] }, payload: { ...sampleManifest(), version: doorbell },
    });
    await manifests.save(envelope);
    manifestBytes += Buffer.byteLength(JSON.stringify(envelope));
  }
  for (const windowStart of [T0 - 5 * 3600_000, T0 + 7 * 3600_000]) {
    for (let slot = 0; slot < 6; slot++) {
      const slotAt = windowStart + slot * 5 * 60_000;
      await ledger.append({ at: slotAt + 120_000, event: 'played', bulletinId: `bt-2026-11-23-000${slot}`, revision: 1, priority: 'priority', mode: 'live', slotAt, startedAt: slotAt, endedAt: slotAt + 120_000, playedMs: 120_000 });
      events++;
      await ackAll();
    }
  }
  await replay.remember('em-0000-0000-0001', T0 + 6 * 3600_000);
  await ledger.append({ at: T0, event: 'played', bulletinId: 'em-2026-11-23-01', revision: 1, priority: 'emergency', mode: 'live', slotAt: T0, playedMs: 30_000 });
  for (let i = 0; i < 3; i++) await ledger.append({ at: T0 + i, event: 'rejected', reason: 'PROTO_ERR_BAD_SIGNATURE', detail: 'Bản tin bị từ chối (khẩn cấp, khu vực 660): Signature does not verify' });
  events += 4;
  await ackAll();
  await journal.close();
  await replay.close();

  const stats = journal.stats();
  const replayBytes = (await stat(join(dir, 'replay.log'))).size;
  const total = stats.bytesWritten + replayBytes + manifestBytes;
  t.equal(stats.pending, 0, 'every entry acknowledged and gone from the journal');
  t.ok(stats.syncs <= 2 * events + 2, `one fsync per write batch, not per file rewrite (${stats.syncs} for ${events} events)`);
  t.comment(`bytes written per simulated day: ${total} (journal ${stats.bytesWritten}, replay/ledger ${replayBytes}, manifests ${manifestBytes} for 4 doorbells); ${events} log events`);
});
