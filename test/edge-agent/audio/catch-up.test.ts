// Where a scheduled play begins (issue 6: speakers of one area in step). A start a little behind its slot skips the
// same amount, so every speaker is at the same word; a start held back on purpose keeps the rule table's offset.
import t from 'tap';
import { catchUp, MAX_CATCH_UP_MS } from '../../../edge-agent/src/audio/play-audio.js';

t.test('catch-up table', async (t) => {
  const slot = 1_000_000;
  const rows: [string, number, number | undefined, number, number][] = [
    ['no slot to keep in step with (an urgent message, a resumed play)', 0, undefined, slot + 250, 0],
    ['on time', 0, slot, slot, 0],
    ['early (the timer fired before the slot)', 0, slot, slot - 3, 0],
    ['37 ms of start-up: skip 37 ms', 0, slot, slot + 37, 37],
    ['planned late by 500 ms, then 20 ms of start-up', 500, slot, slot + 520, 520],
    ['exactly the limit behind', 0, slot, slot + MAX_CATCH_UP_MS, MAX_CATCH_UP_MS],
    ['held back longer (queued behind an emergency): the planned offset stands', 0, slot, slot + MAX_CATCH_UP_MS + 1, 0],
    ['a resume far past the slot keeps its position', 42_000, slot, slot + 90_000, 42_000],
  ];
  for (const [what, offset, inStepAt, now, expected] of rows) t.equal(catchUp(offset, inStepAt, now), expected, what);
});
