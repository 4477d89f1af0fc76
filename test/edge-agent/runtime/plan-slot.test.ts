// planSlot as a table (issue 5, Programme; Điều 10): wait, play at the offset where the area is, or log missed.
import t from 'tap';
import { MISSED_DETAIL, planSlot, type SlotTiming } from '../../../edge-agent/src/runtime/plan-slot.js';

const slot: SlotTiming = { startAt: 1000_000, endAt: 1000_000 + 3 * 60_000, durationMs: 60_000, repeat: 3, windowEnd: 1000_000 + 10 * 60_000 };

const rows: [string, SlotTiming, number, ReturnType<typeof planSlot>][] = [
  ['before the slot: wait for it', slot, 999_000, { action: 'wait', until: 1000_000 }],
  ['on time: from the start, all repeats', slot, 1000_000, { action: 'offer', startOffsetMs: 0, remaining: 3, notAfter: 1000_000 + 7 * 60_000 }],
  ['5 s late: at the offset the others are at', slot, 1005_000, { action: 'offer', startOffsetMs: 5000, remaining: 3, notAfter: 1005_000 + 7 * 60_000 }],
  ['70 s late: second repetition, 10 s in', slot, 1070_000, { action: 'offer', startOffsetMs: 10_000, remaining: 2, notAfter: 1070_000 + 7 * 60_000 }],
  ['after the slot: missed', slot, 1180_000, { action: 'missed', reason: 'AGENT_ERR_SLOT_PASSED', detail: MISSED_DETAIL.passed }],
  ['a slot that would run past its window (Điều 10): missed', { ...slot, windowEnd: slot.endAt - 30_000 }, 1005_000, { action: 'missed', reason: 'AGENT_ERR_WOULD_OVERRUN', detail: MISSED_DETAIL.overrun }],
  ['unknown length: from the start, bounded by the window', { ...slot, durationMs: 0 }, 1005_000, { action: 'offer', startOffsetMs: 0, remaining: 3, notAfter: slot.windowEnd }],
];

for (const [name, timing, now, expected] of rows) {
  t.test(name, async (t) => t.same(planSlot(timing, now), expected));
}
