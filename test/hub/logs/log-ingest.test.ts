import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
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

t.test('a resend inside the same round, or a seq repeated in a batch, is stored once and acked exactly', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  const ingest = new LogIngestor(db);
  const [first, resend, next, repeated] = await Promise.all([
    ingest.submit('loa-a-0001', [entry(1), entry(2), entry(3)]),
    ingest.submit('loa-a-0001', [{ ...entry(2), playedMs: 7 }, { ...entry(3), playedMs: 7 }, entry(4)]),
    ingest.submit('loa-b-0002', [entry(1)]),
    ingest.submit('loa-c-0003', [entry(5), { ...entry(5), playedMs: 7 }]),
  ]);
  t.same(first, { fromSeq: 1, toSeq: 3, stored: 3, duplicates: 0 });
  t.same(resend, { fromSeq: 2, toSeq: 4, stored: 1, duplicates: 2 });
  t.same(next, { fromSeq: 1, toSeq: 1, stored: 1, duplicates: 0 });
  t.same(repeated, { fromSeq: 5, toSeq: 5, stored: 1, duplicates: 1 });
  const rows = await db.all<{ device_id: string; seq: number; played_ms: number }>('SELECT device_id, seq, played_ms FROM playback_logs ORDER BY device_id, seq');
  t.same(rows.map((r) => `${r.device_id}:${r.seq}:${r.played_ms}`),
    ['loa-a-0001:1:1000', 'loa-a-0001:2:1000', 'loa-a-0001:3:1000', 'loa-a-0001:4:1000', 'loa-b-0002:1:1000', 'loa-c-0003:5:1000'],
    'the first copy is the one kept');
});

t.test('every field of an entry is stored as sent, and received_at is the hub clock', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  const ingest = new LogIngestor(db, () => 1_700_000_999_000);
  const full: PlaybackLog = {
    seq: 9, at: 1_700_000_000_009, event: 'interrupted', bulletinId: 'bt-0000-0009', revision: 2, priority: 'emergency', mode: 'test',
    slotAt: 1_700_000_000_001, startedAt: 1_700_000_000_002, endedAt: 1_700_000_000_003, playedMs: 0, reason: 'PREEMPTED',
    detail: 'Bị ngắt bởi tin khẩn "lũ quét"\n\\ ✓',
  };
  await ingest.submit('loa-a-0001', [full, { seq: 10, at: 1_700_000_000_010, event: 'missed' }]);
  const rows = await db.all('SELECT * FROM playback_logs ORDER BY seq');
  t.same(rows, [
    {
      device_id: 'loa-a-0001', seq: 9, at: full.at, event: 'interrupted', bulletin_id: 'bt-0000-0009', revision: 2, priority: 'emergency', mode: 'test',
      slot_at: full.slotAt, started_at: full.startedAt, ended_at: full.endedAt, played_ms: 0, reason: 'PREEMPTED', detail: full.detail, received_at: 1_700_000_999_000,
    },
    {
      device_id: 'loa-a-0001', seq: 10, at: 1_700_000_000_010, event: 'missed', bulletin_id: null, revision: null, priority: null, mode: null,
      slot_at: null, started_at: null, ended_at: null, played_ms: null, reason: null, detail: null, received_at: 1_700_000_999_000,
    },
  ]);
});

t.test('a large round hands its acks out over several turns of the event loop', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  let turns = 0;
  const ingest = new LogIngestor(db, Date.now, {
    acksPerTurn: 10,
    yieldToLoop: () => {
      turns++;
      return new Promise((resolve) => setImmediate(resolve));
    },
  });
  const acks = await Promise.all(Array.from({ length: 100 }, (_, d) => ingest.submit(`loa-dev-${d}`, [entry(1)])));
  t.ok(acks.every((a) => a.stored === 1));
  t.ok(turns >= 9, `yielded ${turns} times for 100 acks, 10 per turn`);
});

t.test('property: acks and rows match storing every batch one by one, in the order submitted', async (t) => {
  const { db, close } = await openTestDb({ demo: false });
  t.teardown(close);
  let run = 0;
  // Batches of a few devices over a small seq space, so resends and overlaps are common; waves submit concurrently.
  const batchArb = fc.record({
    device: fc.constantFrom('loa-a-0001', 'loa-b-0002', 'loa-c-0003'),
    seqs: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
    playedMs: fc.nat(5),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(batchArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 20 }), async (waves, maxRoundRows) => {
      run++;
      const prefix = `r${run}-`;
      const ingest = new LogIngestor(db, Date.now, { maxRoundRows, acksPerTurn: 3 });
      const model = new Map<string, number>();
      for (const wave of waves) {
        const expected = wave.map((b) => {
          let stored = 0;
          for (const seq of b.seqs) {
            const key = `${prefix}${b.device}:${seq}`;
            if (!model.has(key)) {
              model.set(key, b.playedMs);
              stored++;
            }
          }
          return { fromSeq: Math.min(...b.seqs), toSeq: Math.max(...b.seqs), stored, duplicates: b.seqs.length - stored };
        });
        const acks = await Promise.all(wave.map((b) => ingest.submit(`${prefix}${b.device}`, b.seqs.map((s) => ({ ...entry(s), playedMs: b.playedMs })))));
        deepStrictEqual(acks, expected);
      }
      const rows = await db.all<{ device_id: string; seq: number; played_ms: number }>(
        'SELECT device_id, seq, played_ms FROM playback_logs WHERE device_id LIKE ? ORDER BY device_id, seq', [`${prefix}%`]);
      deepStrictEqual(Object.fromEntries(rows.map((r) => [`${r.device_id}:${r.seq}`, r.played_ms])), Object.fromEntries(model));
    }),
    { numRuns: 60 },
  );
  t.equal(run, 60);
});
