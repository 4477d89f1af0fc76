// Offline is normal (issue 5, "Bad conditions are normal"): with the hub down the agent still plays its programme
// from its cache, keeps the playback log on disk, and once the hub is back uploads it — nothing lost, nothing doubled.
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { statePath } from '../../../edge-agent/src/config/state-dir.js';
import { enrolDevice, startTestHub } from '../../helpers/hub-instance.js';
import { agentFor, publishBulletin, restartableHub, waitFor, type LogRow } from './agent-harness.js';
import { shiftedTo } from './shifted-clock.js';

t.test('hub down at window time: the slot plays from the cache; the log reaches the hub after it returns', async (t) => {
  const now = shiftedTo(16, 59, 42);
  const h = await startTestHub({ now });
  const restart = await restartableHub(h, now);
  const creds = await enrolDevice(h, '24628');
  const stateDir = t.testdir();
  const a = agentFor(h, { stateDir, creds, clock: { now, monotonic: () => performance.now() }, osTrusted: true });
  await a.agent.start();
  t.teardown(() => a.agent.stop());
  await waitFor('link and manifest', () => a.agent.status().connected && a.agent.status().manifestVersion !== null);
  const id = await publishBulletin(h, {
    title: 'Lịch cắt điện', priority: 'priority', originArea: '24628', targetAreas: ['24628'],
    content: { kind: 'tts', text: 'Điện lực thông báo lịch cắt điện ngày mai.' }, schedule: { type: 'nextWindow' }, validUntil: now() + 86_400_000,
  });
  // Its own audio on the card, not the cache's counters: they lag the manifest that adds it (the attention tone alone
  // made `files > 0, missing 0`), and a hub taken down before the download ended left the slot without audio.
  const audioCached = async (): Promise<boolean> => {
    const content = a.agent.manifest?.bulletins.find((b) => b.bulletinId === id)?.content;
    if (content === undefined || !('media' in content)) return false;
    return stat(join(statePath(stateDir, 'cache'), content.media.sha256)).then(() => true, () => false);
  };
  await waitFor('bulletin scheduled and its audio cached', async () => a.agent.parts.scheduler.slots().some((s) => s.slot.bulletinId === id) && (await audioCached()));

  await restart.down();
  await waitFor('the agent notices the hub is gone', () => !a.agent.status().connected);
  const offlinePlay = await waitFor('the slot played offline', () => a.agent.parts.journal.pending().find((e) => e.event === 'played' && e.bulletinId === id), 40_000);
  t.ok(offlinePlay.playedMs !== undefined && offlinePlay.playedMs > 0, 'played from the cache with the hub down');
  const keptOffline = a.agent.parts.journal.pending().map((e) => e.seq);
  t.ok(keptOffline.length >= 1, `${keptOffline.length} log entries kept on disk while offline`);

  const hub = await restart.up();
  t.teardown(async () => {
    await hub.stop();
    await rm(h.dir, { recursive: true, force: true });
  });
  await waitFor('reconnected and uploaded', () => a.agent.status().connected && a.agent.status().pendingLogs === 0, 30_000);
  const rows = await hub.deps.db.all<LogRow>('SELECT seq, event, bulletin_id, reason, slot_at, played_ms, detail FROM playback_logs WHERE device_id = ? ORDER BY seq', [creds.deviceId]);
  const seqs = rows.map((r) => r.seq);
  t.same(keptOffline.filter((s) => !seqs.includes(s)), [], 'every entry kept offline is at the hub');
  t.same(seqs, [...new Set(seqs)], 'none twice');
  t.equal(rows.filter((r) => r.event === 'played' && r.bulletin_id === id).length, 1, 'the slot is logged played once');
  t.ok(a.agent.status().link.connects >= 2, 'the link came back by itself (full-jitter backoff)');
});
