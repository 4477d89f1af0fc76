import t, { type Test } from 'tap';
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isValid, LogBatch, type Priority } from '@tinnguon/protocol';
import { Journal, type JournalOptions } from '../../../edge-agent/src/journal/journal.js';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';

const T0 = Date.UTC(2025, 5, 1, 22, 0);

/** What the executor writes for a typical play. */
function played(n: number, priority: Priority = 'normal'): NewPlaybackLog {
  return {
    at: T0 + n * 60_000 + 95_000,
    event: 'played',
    bulletinId: `bt-2025-06-${String(n % 1000).padStart(4, '0')}`,
    revision: 1,
    priority,
    mode: 'live',
    slotAt: T0 + n * 60_000,
    startedAt: T0 + n * 60_000 + 1_000,
    endedAt: T0 + n * 60_000 + 95_000,
    playedMs: 94_000,
  };
}

async function opened(t: Test, options: Partial<JournalOptions> & { dir: string }): Promise<Journal> {
  const journal = new Journal(options);
  await journal.open();
  t.teardown(() => journal.close());
  return journal;
}

const segmentFiles = async (dir: string) => (await readdir(dir)).filter((n) => n.startsWith('seg-')).sort();

t.test('seq is strictly increasing and survives a restart', async (t) => {
  const dir = t.testdir();
  const first = new Journal({ dir });
  await first.open();
  const a = await first.append(played(1));
  const b = await first.append(played(2));
  t.same([a.seq, b.seq], [1, 2]);
  await first.close();
  const second = await opened(t, { dir });
  t.equal((await second.append(played(3))).seq, 3);
  t.same(second.pending().map((e) => e.seq), [1, 2, 3]);
  t.same(second.pending()[0], { seq: 1, ...played(1) }, 'entries come back exactly as written');
});

t.test('appends within the window share one write and one fsync, and nothing is reported before it is durable', async (t) => {
  const dir = t.testdir();
  const journal = await opened(t, { dir });
  const syncsBefore = journal.stats().syncs;
  const appends = Array.from({ length: 100 }, (_, i) => journal.append(played(i)));
  t.same(journal.pending(), [], 'not durable yet, so not offered for a batch');
  const stored = await Promise.all(appends);
  t.same(stored.map((e) => e.seq), Array.from({ length: 100 }, (_, i) => i + 1));
  t.equal(journal.stats().syncs - syncsBefore, 1);
  t.equal(journal.pending(500).length, 100);
});

t.test('pending batches fit the log topic: by count, then by bytes, always a valid LogBatch', async (t) => {
  const journal = await opened(t, { dir: t.testdir() });
  await Promise.all(Array.from({ length: 30 }, (_, i) => journal.append({ ...played(i), detail: 'Bị ngắt bởi bản tin khẩn cấp; không phát lại' })));
  t.equal(journal.pending(10).length, 10);
  const one = Buffer.byteLength(JSON.stringify(journal.pending(1)[0])) + 1;
  t.equal(journal.pending(500, one * 4).length, 4);
  t.ok(isValid(LogBatch, { entries: journal.pending() }));
});

t.test('acknowledge removes entries only after the ack, survives restart, and deletes spent segments whole', async (t) => {
  const dir = t.testdir();
  const journal = new Journal({ dir, segmentEntries: 10 });
  await journal.open();
  for (let i = 0; i < 35; i++) await journal.append(played(i));
  t.same(await segmentFiles(dir), ['seg-000000000001.log', 'seg-000000000011.log', 'seg-000000000021.log', 'seg-000000000031.log']);
  t.equal(await journal.acknowledge(1, 15), 15);
  t.equal(await journal.acknowledge(1, 15), 0, 'a repeated ack is harmless');
  t.same(await segmentFiles(dir), ['seg-000000000011.log', 'seg-000000000021.log', 'seg-000000000031.log']);
  t.equal(await journal.acknowledge(21, 35), 15, 'acks may arrive out of order');
  t.same(journal.pending().map((e) => e.seq), [16, 17, 18, 19, 20]);
  await journal.close();

  const again = await opened(t, { dir, segmentEntries: 10 });
  t.same(again.pending().map((e) => e.seq), [16, 17, 18, 19, 20]);
  t.equal((await again.append(played(99))).seq, 36);
  await again.acknowledge(16, 36);
  t.equal(again.pendingCount, 0);
  t.ok((await segmentFiles(dir)).length <= 2, 'only the active segment (and at most the one just rolled) remain');
  await again.close();
  const third = await opened(t, { dir, segmentEntries: 10 });
  t.equal((await third.append(played(100))).seq, 37, 'seq continues even when every entry was acknowledged');
});

t.test('bad acks and bad entries get coded errors and change nothing', async (t) => {
  const journal = await opened(t, { dir: t.testdir() });
  await journal.append(played(1));
  await t.rejects(journal.acknowledge(3, 2), { code: 'AGENT_ERR_LOG_ACK_INVALID' });
  await t.rejects(journal.acknowledge(0, 1), { code: 'AGENT_ERR_LOG_ACK_INVALID' });
  await t.rejects(journal.acknowledge(1, 2), { code: 'AGENT_ERR_LOG_ACK_INVALID' }, 'seq 2 was never written');
  await t.rejects(journal.acknowledge(1.5, 2), { code: 'AGENT_ERR_LOG_ACK_INVALID' });
  await t.rejects(journal.append({ ...played(2), detail: 'x'.repeat(301) }), { code: 'AGENT_ERR_JOURNAL_ENTRY_INVALID' });
  await t.rejects(journal.append({ ...played(2), reason: 'lowercase' }), { code: 'AGENT_ERR_JOURNAL_ENTRY_INVALID' });
  t.equal((await journal.append(played(2))).seq, 2, 'a refused entry does not use up a seq');
  t.equal(journal.pendingCount, 2);
});

t.test('a torn last line is ignored and cut off; a garbled line inside is skipped and reported', async (t) => {
  const dir = t.testdir();
  const first = new Journal({ dir });
  await first.open();
  for (let i = 1; i <= 3; i++) await first.append(played(i));
  await first.close();
  const [segment] = await segmentFiles(dir);
  const path = join(dir, segment ?? '');
  const whole = await readFile(path, 'utf8');
  await appendFile(path, '1a2b3c4d {"seq":4,"at":17');

  const second = new Journal({ dir });
  await second.open();
  t.same(second.pending().map((e) => e.seq), [1, 2, 3]);
  t.equal((await stat(path)).size, Buffer.byteLength(whole), 'the torn tail is cut, so the next line starts clean');
  t.equal((await second.append(played(4))).seq, 4);
  await second.close();

  const lines = (await readFile(path, 'utf8')).split('\n');
  lines[1] = (lines[1] ?? '').replace('94000', '94001'); // a flipped digit: valid JSON, wrong checksum
  await writeFile(path, lines.join('\n'));
  const third = await opened(t, { dir });
  const pending = third.pending();
  t.same(pending.slice(0, 3).map((e) => e.seq), [1, 3, 4]);
  t.match(pending[3], { seq: 5, event: 'fault', reason: 'AGENT_ERR_JOURNAL_CORRUPT', detail: /Bỏ qua 1 dòng/ });
});

t.test('bounded: the oldest segment is retired, routine entries dropped, emergencies carried, the drop logged', async (t) => {
  const dir = t.testdir();
  const journal = await opened(t, { dir, segmentEntries: 10, maxSegments: 3, clock: { now: () => T0 } });
  for (let i = 0; i < 30; i++) await journal.append(played(i, i === 3 || i === 7 ? 'emergency' : 'normal'));
  t.equal(journal.stats().dropped, 0);
  await journal.append(played(30));
  await new Promise((resolve) => setTimeout(resolve, 30));
  t.equal(journal.stats().dropped, 8);
  t.ok((await segmentFiles(dir)).length <= 3);
  const pending = journal.pending();
  t.same(pending.slice(0, 2).map((e) => [e.seq, e.priority]), [[4, 'emergency'], [8, 'emergency']], 'emergencies kept their seq');
  const fault = pending.find((e) => e.event === 'fault');
  t.match(fault, { reason: 'AGENT_ERR_JOURNAL_OVERFLOW', detail: /Đã bỏ 8 mục.*seq 1–10/ });
  t.same(pending.map((e) => e.seq), [...pending.map((e) => e.seq)].sort((a, b) => a - b));
  await journal.close();

  const again = await opened(t, { dir, segmentEntries: 10, maxSegments: 3 });
  t.same(again.pending().map((e) => e.seq), pending.map((e) => e.seq), 'the same after a restart: no doubles, no returns');
});

t.test('acks.log is compacted once it grows, and acks still hold after restart', async (t) => {
  const dir = t.testdir();
  const journal = new Journal({ dir, segmentEntries: 2000 });
  await journal.open();
  await Promise.all(Array.from({ length: 1200 }, (_, i) => journal.append(played(i))));
  for (let seq = 1; seq <= 600; seq++) await journal.acknowledge(seq, seq);
  const lines = async () => (await readFile(join(dir, 'acks.log'), 'utf8')).split('\n').length - 1;
  t.ok((await lines()) <= 257, `one ack per batch still leaves a short file (${await lines()} lines)`);
  for (let seq = 601; seq <= 1200; seq += 2) await journal.acknowledge(seq, seq);
  t.ok((await lines()) <= 2 * 300 + 257, `scattered acks stay bounded (${await lines()} lines)`);
  await journal.close();
  const again = await opened(t, { dir });
  t.same(again.pending(1000).map((e) => e.seq), Array.from({ length: 300 }, (_, i) => 2 * i + 602));
});

t.test('bytes written per 1,000 entries (SD-card wear): appended once, never rewritten', async (t) => {
  const dir = t.testdir();
  const journal = await opened(t, { dir });
  const before = journal.stats();
  for (let i = 0; i < 1000; i++) await journal.append(played(i));
  const one = journal.stats();
  const bytes = one.bytesWritten - before.bytesWritten;
  const onDisk = (await Promise.all((await segmentFiles(dir)).map(async (n) => (await stat(join(dir, n))).size))).reduce((a, b) => a + b, 0);
  t.equal(bytes, onDisk, 'every byte written is in the segment once: no file is rewritten per event');
  t.equal(one.syncs - before.syncs, 1000, 'one fsync per append when appends come one at a time');
  t.comment(`one at a time: ${bytes} bytes and ${one.syncs - before.syncs} fsyncs per 1,000 entries`);

  await Promise.all(Array.from({ length: 1000 }, (_, i) => journal.append(played(i))));
  const burst = journal.stats();
  t.equal(burst.syncs - one.syncs, 1);
  t.comment(`in one burst: ${burst.bytesWritten - one.bytesWritten} bytes and ${burst.syncs - one.syncs} fsync per 1,000 entries`);
  t.ok(bytes / 1000 < 400, `${bytes / 1000} bytes per entry`);
});

t.test('using a journal that is not open is a coded error', async (t) => {
  const journal = new Journal({ dir: t.testdir() });
  await t.rejects(journal.append(played(1)), { code: 'AGENT_ERR_JOURNAL' });
});
