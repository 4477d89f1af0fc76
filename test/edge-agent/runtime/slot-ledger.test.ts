// The slot ledger (design.md §8): which journal entries close a slot, marks restored after a crash, the LED loop's own
// events kept out of the log, and a shutdown that leaves the interrupted slot open.
import { join } from 'node:path';
import t from 'tap';
import { Journal } from '../../../edge-agent/src/journal/journal.js';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';
import { DETAIL } from '../../../edge-agent/src/queue/playback-log-entry.js';
import { ReplayStore } from '../../../edge-agent/src/replay/replay-store.js';
import { closesSlot, emergencyKey, SlotLedger, slotKey } from '../../../edge-agent/src/runtime/slot-ledger.js';

const base: NewPlaybackLog = { at: 2000, event: 'played', bulletinId: 'bt-0000-0001', revision: 2, priority: 'priority', mode: 'live', slotAt: 1000 };

t.test('what closes a slot', async (t) => {
  const rows: [NewPlaybackLog, boolean][] = [
    [base, true],
    [{ ...base, event: 'missed' }, true],
    [{ ...base, event: 'stopped' }, true],
    [{ ...base, event: 'fault' }, true],
    [{ ...base, event: 'interrupted', detail: DETAIL.restart }, false],
    [{ ...base, event: 'interrupted', detail: DETAIL.resume }, false],
    [{ ...base, event: 'interrupted', detail: DETAIL.drop }, true],
    [{ ...base, event: 'interrupted', reason: 'AGENT_ERR_SKIPPED', detail: DETAIL.skipped }, true],
    [{ at: 1, event: 'rejected', reason: 'PROTO_ERR_REPLAYED' }, false],
  ];
  for (const [entry, closes] of rows) t.equal(closesSlot(entry), closes, `${entry.event} ${entry.detail ?? ''}`);
});

t.test('marks follow durable entries, survive in the store, and come back from the journal after a crash', async (t) => {
  const dir = t.testdir();
  const journal = new Journal({ dir: join(dir, 'journal') });
  const store = new ReplayStore({ file: join(dir, 'replay.log') });
  await journal.open();
  await store.open();
  let durable = 0;
  const ledger = new SlotLedger({ journal, store, onDurable: () => durable++, onError: (e) => t.fail(String(e)) });
  await ledger.append(base);
  await ledger.append({ ...base, priority: 'emergency', bulletinId: 'em-0000-0001', slotAt: 5000 });
  t.ok(ledger.has(slotKey('bt-0000-0001', 1000)), 'a played slot is marked');
  t.ok(ledger.has(emergencyKey('em-0000-0001', 2)), 'an emergency by revision, whichever path it came by');
  t.equal(durable, 2, 'the uploader hears of each durable entry');
  await ledger.append({ ...base, bulletinId: 'ledloop-1000', event: 'interrupted', detail: DETAIL.restart });
  await ledger.append({ ...base, bulletinId: 'ledloop-1000', event: 'fault', reason: 'AGENT_ERR_LED_DRIVER' });
  const pending = journal.pending();
  t.same(pending.filter((e) => e.bulletinId?.startsWith('ledloop-') === true), [], 'the LED loop is never a bulletin in the log');
  t.match(pending.at(-1), { event: 'fault', reason: 'AGENT_ERR_LED_DRIVER' }, 'but its driver fault is');
  ledger.quiet();
  t.equal(await ledger.append({ ...base, slotAt: 7000, event: 'stopped' }), undefined, 'shutting down: our own stop is not an event');
  t.notOk(ledger.has(slotKey('bt-0000-0001', 7000)), 'so that slot plays on after the restart');
  await journal.close();
  await store.close();

  // A crash after the journal write but before the mark reached the store.
  const store2 = new ReplayStore({ file: join(dir, 'other-replay.log') });
  const journal2 = new Journal({ dir: join(dir, 'journal') });
  await store2.open();
  await journal2.open();
  const ledger2 = new SlotLedger({ journal: journal2, store: store2, onError: (e) => t.fail(String(e)) });
  t.notOk(ledger2.has(slotKey('bt-0000-0001', 1000)));
  ledger2.restore(journal2.pending(Number.MAX_SAFE_INTEGER));
  t.ok(ledger2.has(slotKey('bt-0000-0001', 1000)), 'restored from the unsent journal entries');
  await journal2.close();
  await store2.close();
});
