import t from 'tap';
import type { PlaybackLog } from '@tinnguon/protocol';
import { LogIngestor } from '../../../hub/src/logs/log-ingest.js';
import { openTestDb } from '../../helpers/hub-db.js';

const entry = (seq: number): PlaybackLog => ({ seq, at: 1_700_000_000_000 + seq, event: 'played', bulletinId: 'bt-0000-0001', priority: 'priority', mode: 'live', playedMs: 1000 });

t.test('batches are stored once by (device, seq) and acked with what was stored', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  const ingest = new LogIngestor(db);
  const first = await ingest.submit('loa-a-0001', [entry(1), entry(2), entry(3)]);
  t.same(first, { fromSeq: 1, toSeq: 3, stored: 3, duplicates: 0 });
  const resend = await ingest.submit('loa-a-0001', [entry(2), entry(3), entry(4)]);
  t.same(resend, { fromSeq: 2, toSeq: 4, stored: 1, duplicates: 2 }, 'a resend is harmless');
  const other = await ingest.submit('loa-b-0002', [entry(1)]);
  t.equal(other.stored, 1, 'sequences are per device');
  const rows = await db.all<{ device_id: string; seq: number }>('SELECT device_id, seq FROM playback_logs ORDER BY device_id, seq');
  t.same(rows.map((r) => `${r.device_id}:${r.seq}`), ['loa-a-0001:1', 'loa-a-0001:2', 'loa-a-0001:3', 'loa-a-0001:4', 'loa-b-0002:1']);
});

t.test('concurrent batches from many devices share commits and each gets its own ack', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  const ingest = new LogIngestor(db);
  const acks = await Promise.all(
    Array.from({ length: 300 }, (_, d) => ingest.submit(`loa-dev-${d}`, Array.from({ length: 20 }, (_, i) => entry(i + 1)))),
  );
  t.ok(acks.every((a) => a.stored === 20 && a.duplicates === 0));
  const again = await Promise.all(Array.from({ length: 300 }, (_, d) => ingest.submit(`loa-dev-${d}`, [entry(20), entry(21)])));
  t.ok(again.every((a) => a.stored === 1 && a.duplicates === 1));
  t.equal((await db.get<{ n: number }>('SELECT count(*) AS n FROM playback_logs'))?.n, 300 * 21);
});

t.test('a failed commit rejects every waiting batch and acks nothing', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  const ingest = new LogIngestor(db);
  await db.run('DROP TABLE playback_logs');
  await t.rejects(ingest.submit('loa-a-0001', [entry(1)]));
});
