import t from 'tap';
import type { Priority } from '@tinnguon/protocol';
import { nextItem, playOrder } from '../../../edge-agent/src/queue/next-item.js';
import { assertQueueItem, type QueueItem } from '../../../edge-agent/src/queue/queue-item.js';
import { isAgentError } from '../../../edge-agent/src/errors.js';

const T0 = Date.UTC(2025, 5, 1, 22, 0);

function item(id: string, priority: Priority, over: Partial<QueueItem> = {}): QueueItem {
  return {
    bulletinId: id,
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

const ids = (q: readonly QueueItem[]) => q.map((i) => `${i.kind === 'attentionTone' ? 'tone:' : ''}${i.bulletinId}`);

t.test('an empty queue has no next item', async (t) => {
  t.equal(nextItem([]), undefined);
});

t.test('Điều 8 levels first: emergency, then priority, then normal, whatever the slot', async (t) => {
  const q = [item('normal-early', 'normal', { slotAt: T0 - 60_000 }), item('prio', 'priority'), item('emerg', 'emergency', { slotAt: T0 + 60_000 })];
  t.same(ids(playOrder(q)), ['emerg', 'prio', 'normal-early']);
});

t.test('within a level, the earlier slot first', async (t) => {
  const q = [item('later', 'priority', { slotAt: T0 + 1 }), item('earlier', 'priority')];
  t.same(ids(playOrder(q)), ['earlier', 'later']);
});

t.test('Điều 8.2: at the same slot, province before district before commune (originDepth)', async (t) => {
  const q = [item('commune', 'priority', { originDepth: 2 }), item('province', 'priority', { originDepth: 0 }), item('district', 'priority', { originDepth: 1 })];
  t.same(ids(playOrder(q)), ['province', 'district', 'commune']);
});

t.test('Điều 8.2 ¶2: the commune chair’s order overrides the levels when they clash', async (t) => {
  const q = [item('province', 'priority', { originDepth: 0, order: 2 }), item('commune', 'priority', { originDepth: 2, order: 1 })];
  t.same(ids(playOrder(q)), ['commune', 'province']);
});

t.test('equal items keep the order they were offered in (stable)', async (t) => {
  const q = ['a', 'b', 'c', 'd'].map((id) => item(`bt-${id}`, 'normal'));
  t.same(ids(playOrder(q)), ['bt-a', 'bt-b', 'bt-c', 'bt-d']);
  t.same(ids(playOrder([...q].reverse())), ['bt-d', 'bt-c', 'bt-b', 'bt-a']);
});

t.test('an emergency’s attention tone plays right before it, even when offered after it', async (t) => {
  const q = [
    item('first', 'emergency', { slotAt: T0 - 1 }),
    item('second', 'emergency'),
    item('second', 'emergency', { kind: 'attentionTone', slotAt: T0 + 5 }),
    item('first', 'emergency', { kind: 'attentionTone', slotAt: T0 + 5 }),
  ];
  t.same(ids(playOrder(q)), ['tone:first', 'first', 'tone:second', 'second']);
});

t.test('bad items get a coded error naming every problem', async (t) => {
  const bad = item('x', 'normal', { repeat: 3, remaining: 4, originDepth: -1, priority: 'urgent' as Priority });
  t.throws(() => assertQueueItem(bad), { code: 'AGENT_ERR_QUEUE_ITEM_INVALID', message: /priority.*originDepth.*remaining/ });
  try {
    assertQueueItem(bad);
  } catch (err) {
    t.ok(isAgentError(err, 'AGENT_ERR_QUEUE_ITEM_INVALID'));
  }
  t.doesNotThrow(() => assertQueueItem(item('ok-item-1', 'normal', { repeat: 3, remaining: 3, order: 0 })));
});
