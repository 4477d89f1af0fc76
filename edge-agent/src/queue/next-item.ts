// Which queued item plays next: pure, stable (equal items keep the order they were offered in).
import { comparePriority } from '@tinnguon/protocol';
import type { QueueItem } from './queue-item.js';

/**
 * Điều 8 order: emergency, priority, normal; then the earlier slot; then the commune chair's order where given
 * (Điều 8.2, second paragraph: the chair decides when levels clash); then province before district before commune
 * (Điều 8.2: lower originDepth first).
 */
export function compareQueueItems(a: QueueItem, b: QueueItem): number {
  return (
    comparePriority(a.priority, b.priority) ||
    a.slotAt - b.slotAt ||
    (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) ||
    a.originDepth - b.originDepth
  );
}

/** The item to play next, or undefined for an empty queue. An emergency's attention tone goes before it. */
export function nextItem<T extends QueueItem>(queue: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of queue) {
    if (best === undefined || compareQueueItems(item, best) < 0) best = item;
  }
  if (best === undefined || best.kind === 'attentionTone') return best;
  const chosen = best;
  const tone = queue.find(
    (i) => i.kind === 'attentionTone' && i.bulletinId === chosen.bulletinId && i.revision === chosen.revision,
  );
  return tone ?? best;
}

/** The queue in the order it would play (for heartbeats and the console). */
export function playOrder<T extends QueueItem>(queue: readonly T[]): T[] {
  const rest = [...queue];
  const ordered: T[] = [];
  for (let next = nextItem(rest); next !== undefined; next = nextItem(rest)) {
    ordered.push(next);
    rest.splice(rest.indexOf(next), 1);
  }
  return ordered;
}
