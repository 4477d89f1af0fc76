// Log upload (design.md §8): batches from the real journal, deleted only on the hub's ack, resent on a lost ack or a
// dropped link, a late ack of an earlier send still honoured.
import t from 'tap';
import type { LogBatch } from '@tinnguon/protocol';
import { Journal } from '../../../edge-agent/src/journal/journal.js';
import { LogUploader } from '../../../edge-agent/src/runtime/log-uploader.js';
import { ManualTime } from '../helpers/manual-time.js';

t.test('batches go out one at a time and leave the journal only when acked', async (t) => {
  const journal = new Journal({ dir: t.testdir() });
  await journal.open();
  t.teardown(() => journal.close());
  for (let i = 0; i < 7; i++) await journal.append({ at: 1000 + i, event: 'played', bulletinId: 'bt-0000-0001', slotAt: i });
  const time = new ManualTime(0);
  const sent: LogBatch[] = [];
  let connected = true;
  let failPublish = false;
  const uploader = new LogUploader({
    journal: { pending: () => journal.pending(3), acknowledge: (a, b) => journal.acknowledge(a, b) },
    publish: async (batch) => {
      if (failPublish) throw new Error('link dropped');
      sent.push(batch);
    },
    connected: () => connected, timers: time.timers, ackTimeoutMs: 5000, backoff: { baseMs: 1000, maxMs: 8000 }, random: () => 0.5, onError: () => undefined,
  });
  uploader.start();
  t.teardown(() => uploader.stop());
  t.same(sent.map((b) => b.entries.map((e) => e.seq)), [[1, 2, 3]], 'one batch in flight');
  uploader.kick();
  t.equal(sent.length, 1, 'a kick while waiting for the ack sends nothing more');
  time.advance(5000);
  time.advance(500);
  t.same(sent.map((b) => b.entries[0]?.seq), [1, 1], 'no ack: the same batch again after a jittered wait');
  await uploader.acknowledged({ fromSeq: 1, toSeq: 3, stored: 3, duplicates: 0 });
  t.equal(journal.pendingCount, 4, 'acked entries left the journal');
  t.same(sent.at(-1)?.entries.map((e) => e.seq), [4, 5, 6], 'and the next batch went');
  failPublish = true;
  connected = false;
  uploader.connected();
  t.equal(sent.length, 3, 'nothing is sent while offline');
  connected = true;
  failPublish = false;
  uploader.connected();
  t.same(sent.at(-1)?.entries.map((e) => e.seq), [4, 5, 6], 'back online: resent at once');
  await uploader.acknowledged({ fromSeq: 1, toSeq: 3, stored: 0, duplicates: 3 });
  t.equal(journal.pendingCount, 4, 'a repeated old ack changes nothing');
  await uploader.acknowledged({ fromSeq: 4, toSeq: 6, stored: 3, duplicates: 0 });
  await uploader.acknowledged({ fromSeq: 7, toSeq: 7, stored: 1, duplicates: 0 });
  t.equal(journal.pendingCount, 0, 'everything acknowledged, nothing lost');
  t.match(uploader.stats(), { entriesAcked: 7, retries: 1 }, 'seven entries, one retry');
});
