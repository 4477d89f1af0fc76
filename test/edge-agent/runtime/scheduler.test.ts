// The scheduler with the real programme function on a hand-moved clock: slots are offered at their absolute start,
// late ones at their offset, passed ones logged missed once; nothing dated plays on an untrusted clock; a slot the
// ledger holds (played before a restart) or a recalled bulletin is never offered; wall-clock jumps neither replay nor
// skip silently.
import t from 'tap';
import { buildProgramme, type Manifest } from '@tinnguon/protocol';
import { HubClock } from '../../../edge-agent/src/clock/hub-clock.js';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';
import type { AgentItem } from '../../../edge-agent/src/runtime/agent-item.js';
import { Scheduler } from '../../../edge-agent/src/runtime/scheduler.js';
import { slotKey } from '../../../edge-agent/src/runtime/slot-ledger.js';
import { sampleBulletin, sampleManifest, T0 } from '../../helpers/samples.js';
import { ManualTime } from '../helpers/manual-time.js';

const WINDOW = T0 + 7 * 3600_000; // 17:00 local on the sample day
const PLAY_MS = 600_000; // a ten-minute programme item

function manifest(): Manifest {
  const m = sampleManifest();
  const bulletin = sampleBulletin({
    priority: 'priority', schedule: { type: 'nextWindow' }, repeat: 2, validFrom: T0, validUntil: T0 + 2 * 86_400_000,
    content: { kind: 'tts', text: 'Bản tin thời sự của xã.', media: { sha256: 'a3f1c2'.padEnd(64, '0'), bytes: 4_800_000, mime: 'audio/mpeg', durationMs: PLAY_MS } },
  });
  return { ...m, bulletins: [bulletin], selections: [] };
}

function setup(t: { teardown(fn: () => unknown): void; fail(message: string): unknown }, startAt: number, options: { trusted?: boolean; marked?: string[] } = {}) {
  const time = new ManualTime(startAt);
  let osSynced = options.trusted ?? true;
  const clock = new HubClock({ clock: time.clock, notBefore: T0 - 86_400_000, trustSystemNtp: true, systemNtpSynced: () => osSynced });
  const offered: AgentItem[] = [];
  const logged: NewPlaybackLog[] = [];
  const marks = new Set(options.marked ?? []);
  const scheduler = new Scheduler({
    clock, timers: time.timers, build: buildProgramme, offer: (i) => offered.push(i), kind: 'loudspeaker',
    ledger: { has: (k) => marks.has(k), append: async (e) => void logged.push(e) },
    lookbackMs: 6 * 3600_000, horizonMs: 26 * 3600_000, onError: (err) => t.fail(String(err)),
  });
  scheduler.setManifest(manifest());
  scheduler.start();
  t.teardown(() => scheduler.stop());
  return { time, scheduler, offered, logged, trust: (v: boolean) => (osSynced = v), marks };
}

t.test('offered exactly at the window opening, with its repeats and latest start', async (t) => {
  const s = setup(t, WINDOW - 30_000);
  t.same(s.offered, [], 'nothing before 17:00');
  s.time.advance(29_999);
  t.same(s.offered, [], 'nor a millisecond before');
  s.time.advance(1);
  const [item] = s.offered;
  t.match(item, { bulletinId: 'bt-2026-11-23-0001', slotAt: WINDOW, startOffsetMs: 0, repeat: 2, remaining: 2, priority: 'priority' });
  t.equal(item?.notAfter, WINDOW + 90 * 60_000 - 2 * PLAY_MS, 'latest start still ends by 18:30 (Điều 10)');
});

t.test('a late start joins at the offset the on-time speakers are at', async (t) => {
  const s = setup(t, WINDOW + 5_000);
  t.match(s.offered[0], { startOffsetMs: 5_000, remaining: 2 });
  const s2 = setup(t, WINDOW + PLAY_MS + 1_000);
  t.match(s2.offered[0], { startOffsetMs: 1_000, remaining: 1 }, 'into the second repetition');
});

t.test('a slot that ended before the agent could play it is logged missed, once', async (t) => {
  const s = setup(t, WINDOW + 2 * PLAY_MS + 1);
  t.same(s.offered, []);
  t.match(s.logged, [{ event: 'missed', reason: 'AGENT_ERR_SLOT_PASSED', bulletinId: 'bt-2026-11-23-0001', slotAt: WINDOW }]);
  s.scheduler.replan();
  s.scheduler.setManifest(manifest());
  t.equal(s.logged.length, 1, 'a replan does not log it again');
});

t.test('an untrusted clock plays no dated content; trust brings the slot at its offset', async (t) => {
  const s = setup(t, WINDOW - 1_000, { trusted: false });
  s.time.advance(61_000);
  t.same(s.offered, [], 'nothing while untrusted (design.md §11)');
  s.trust(true);
  s.time.advance(60_000);
  t.match(s.offered[0], { slotAt: WINDOW }, 'offered once the clock is trusted');
  t.ok((s.offered[0]?.startOffsetMs ?? 0) >= 60_000, 'at the offset where the others are');
});

t.test('what the ledger holds (played before a restart) or a recall removed is never offered', async (t) => {
  const s = setup(t, WINDOW + 1_000, { marked: [slotKey('bt-2026-11-23-0001', WINDOW)] });
  t.same(s.offered, [], 'already accounted for');
  const r = setup(t, WINDOW - 1_000);
  r.scheduler.recall('bt-2026-11-23-0001');
  r.time.advance(2_000);
  t.same(r.offered, [], 'recalled by the urgent path');
});

t.test('wall-clock jumps: back after a play does not replay it; forward past a slot logs it missed', async (t) => {
  const s = setup(t, WINDOW - 1_000);
  s.time.advance(1_000);
  t.equal(s.offered.length, 1);
  s.time.jump(-10 * 60_000);
  s.scheduler.replan();
  s.time.advance(15 * 60_000);
  t.equal(s.offered.length, 1, 'not offered again after the clock went back');
  const f = setup(t, WINDOW - 60_000);
  f.time.jump(3 * 3600_000);
  f.scheduler.replan();
  t.same(f.offered, [], 'not played three hours late');
  t.match(f.logged, [{ event: 'missed', reason: 'AGENT_ERR_SLOT_PASSED' }], 'but accounted for');
});
