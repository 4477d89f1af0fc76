import t from 'tap';
import { PRIORITIES, type Priority } from '@tinnguon/protocol';
import { decide, ruleFor } from '../../../edge-agent/src/queue/decide.js';
import { PREEMPTION_RULES } from '../../../edge-agent/src/queue/preemption-rules.js';
import type { Decision, QueueItem } from '../../../edge-agent/src/queue/queue-item.js';

const T0 = Date.UTC(2025, 5, 1, 22, 0); // 05:00 in Asia/Ho_Chi_Minh

function item(priority: Priority, over: Partial<QueueItem> = {}): QueueItem {
  return {
    bulletinId: `bt-${priority}-0001`,
    revision: 1,
    priority,
    mode: 'live',
    kind: 'bulletin',
    originDepth: 0,
    slotAt: T0,
    repeat: 1,
    remaining: 1,
    ...over,
  };
}

const E = (over: Partial<QueueItem> = {}) => item('emergency', over);
const P = (over: Partial<QueueItem> = {}) => item('priority', over);
const N = (over: Partial<QueueItem> = {}) => item('normal', over);

const PREEMPT_RESTART: Decision = { action: 'preempt', interrupted: 'restart' };
const PREEMPT_DROP: Decision = { action: 'preempt', interrupted: 'drop' };
const ENQUEUE: Decision = { action: 'enqueue' };
const DUPLICATE: Decision = { action: 'drop', reason: 'AGENT_ERR_DUPLICATE' };
const STALE: Decision = { action: 'drop', reason: 'AGENT_ERR_STALE_REVISION' };

type Row = [name: string, current: QueueItem | null, incoming: QueueItem, expected: Decision, rule: string, cite: string];

const table: Row[] = [
  ['emergency with nothing playing starts at once', null, E(), ENQUEUE, 'idle', 'Điều 8.1'],
  ['normal with nothing playing', null, N(), ENQUEUE, 'idle', 'Điều 8.1'],
  ['emergency interrupts a priority bulletin, which restarts', P(), E(), PREEMPT_RESTART, 'emergency-over-priority', 'Điều 8.1, 8.2'],
  ['emergency interrupts a normal bulletin, which is dropped', N(), E(), PREEMPT_DROP, 'emergency-over-normal', 'Điều 8.1, 8.3'],
  ['a second emergency queues behind the first', E({ bulletinId: 'bt-first-0001' }), E(), ENQUEUE, 'emergency-during-emergency', 'Điều 8.1'],
  ['the same emergency re-sent (new arrival time) is a duplicate', E(), E({ slotAt: T0 + 40_000 }), DUPLICATE, 'duplicate', 'Điều 8.1'],
  ['the attention tone of the playing emergency re-sent is a duplicate', E(), E({ kind: 'attentionTone' }), DUPLICATE, 'duplicate', 'Điều 8.1'],
  ['a normal bulletin offered twice for the same slot is a duplicate', N(), N(), DUPLICATE, 'duplicate', 'design.md §6'],
  ['the next slot of a recurring bulletin is not a duplicate', N(), N({ slotAt: T0 + 3_600_000 }), ENQUEUE, 'normal-waits', 'Điều 8.3'],
  ['an emergency follows its own attention tone', E({ kind: 'attentionTone' }), E(), ENQUEUE, 'attention-tone-first', 'design.md §5'],
  ['another emergency during an attention tone waits', E({ kind: 'attentionTone', bulletinId: 'bt-first-0001' }), E(), ENQUEUE, 'emergency-during-emergency', 'Điều 8.1'],
  ['a correction replaces the playing emergency', E(), E({ revision: 2 }), PREEMPT_DROP, 'correction', 'domain.md incidents'],
  ['a correction replaces a playing normal bulletin', N(), N({ revision: 3 }), PREEMPT_DROP, 'correction', 'domain.md incidents'],
  ['an older revision of the playing bulletin is dropped', P({ revision: 2 }), P(), STALE, 'stale-revision', 'design.md §6'],
  ['priority never preempts a normal bulletin', N(), P(), ENQUEUE, 'priority-waits', 'Điều 8.2'],
  ['priority never preempts another priority bulletin', P({ bulletinId: 'bt-other-0001' }), P(), ENQUEUE, 'priority-waits', 'Điều 8.2'],
  ['priority waits for an emergency', E(), P(), ENQUEUE, 'priority-waits', 'Điều 8.2'],
  ['normal never preempts', N({ bulletinId: 'bt-other-0001' }), N(), ENQUEUE, 'normal-waits', 'Điều 8.3'],
  ['normal waits for a priority bulletin', P(), N(), ENQUEUE, 'normal-waits', 'Điều 8.3'],
  ['normal waits for an emergency', E(), N(), ENQUEUE, 'normal-waits', 'Điều 8.3'],
  ['a test emergency never cuts a live normal bulletin', N(), E({ mode: 'test' }), ENQUEUE, 'exercise-never-cuts-live', 'design.md §6'],
  ['a test emergency never cuts a live emergency', E({ bulletinId: 'bt-first-0001' }), E({ mode: 'test' }), ENQUEUE, 'exercise-never-cuts-live', 'design.md §6'],
  ['a live emergency cuts a test normal bulletin, dropped', N({ mode: 'test' }), E(), PREEMPT_DROP, 'live-emergency-over-exercise', 'Điều 8.1'],
  ['a live emergency cuts a test priority bulletin, dropped not restarted', P({ mode: 'test' }), E(), PREEMPT_DROP, 'live-emergency-over-exercise', 'Điều 8.1'],
  ['a live emergency cuts a test emergency', E({ mode: 'test', bulletinId: 'bt-drill-0001' }), E(), PREEMPT_DROP, 'live-emergency-over-exercise', 'Điều 8.1'],
  ['a drill behaves like the real thing among drills', P({ mode: 'test' }), E({ mode: 'test' }), PREEMPT_RESTART, 'emergency-over-priority', 'Điều 8.1, 8.2'],
  ['a live priority bulletin waits for a test item', N({ mode: 'test' }), P(), ENQUEUE, 'priority-waits', 'Điều 8.2'],
];

for (const [name, current, incoming, expected, rule, cite] of table) {
  t.test(`${name} (${cite})`, async (t) => {
    t.same(decide(current, incoming), expected);
    t.equal(ruleFor(current, incoming).id, rule);
  });
}

t.test('every rule of the table is exercised by a row above', async (t) => {
  const used = new Set(table.map((row) => row[4]));
  t.same(PREEMPTION_RULES.map((r) => r.id).filter((id) => !used.has(id)), []);
});

t.test('every rule cites an article or design clause and says why', async (t) => {
  for (const rule of PREEMPTION_RULES) {
    t.match(rule.cite, /Điều|design\.md|domain\.md/, rule.id);
    t.ok(rule.why.length > 20, rule.id);
  }
});

t.test('the table decides every combination of level, mode and kind', async (t) => {
  const modes = ['live', 'test'] as const;
  const kinds = ['bulletin', 'attentionTone'] as const;
  let combos = 0;
  for (const cp of PRIORITIES) for (const cm of modes) for (const ck of kinds)
    for (const ip of PRIORITIES) for (const im of modes) for (const ik of kinds) for (const same of [true, false]) {
      const current = item(cp, { mode: cm, kind: ck, bulletinId: same ? 'bt-same-0001' : 'bt-cur-0001' });
      const incoming = item(ip, { mode: im, kind: ik, bulletinId: same ? 'bt-same-0001' : 'bt-new-0001' });
      const d = decide(current, incoming);
      t.ok(['preempt', 'enqueue', 'drop'].includes(d.action));
      // Điều 8: only an emergency ever preempts, except a correction of the very bulletin playing.
      if (d.action === 'preempt' && !same) t.equal(ip, 'emergency');
      // A live item is never preempted by an exercise.
      if (cm === 'live' && im === 'test' && !same) t.not(d.action, 'preempt');
      combos++;
    }
  t.equal(combos, 288);
});

t.test('an edited table without a catch-all row fails loudly instead of guessing', async (t) => {
  t.throws(() => ruleFor(N(), N({ bulletinId: 'bt-other-0001' }), PREEMPTION_RULES.slice(0, 3)), /no preemption rule/);
});
