// The life-cycle table (design.md "Bulletin life cycle") and the pure schedule and area checks.
import t from 'tap';
import { buildAreaTree, DEMO_PROVINCE } from '../../../hub/src/areas/index.js';
import {
  BULLETIN_ACTIONS, BULLETIN_STATES, allowedActions, checkAreas, effectiveState, localDate, scheduleProblems, transition,
  type BulletinState,
} from '../../../hub/src/bulletins/index.js';
import { isHubError } from '../../../hub/src/errors.js';

// draft → submitted → approved → published → expired | recalled; submitted → draft when rejected; edits only in draft.
const LEGAL: Record<string, BulletinState> = {
  'draft edit': 'draft',
  'draft submit': 'submitted',
  'submitted approve': 'approved',
  'submitted reject': 'draft',
  'approved publish': 'published',
  'published recall': 'recalled',
};

t.test('every state × action pair: the legal ones move, the rest are HUB_ERR_BULLETIN_STATE', async (t) => {
  for (const state of BULLETIN_STATES) {
    for (const action of BULLETIN_ACTIONS) {
      const expected = LEGAL[`${state} ${action}`];
      t.same(transition(state, action), expected === undefined ? { error: 'HUB_ERR_BULLETIN_STATE' } : { next: expected }, `${state} ${action}`);
    }
  }
  t.same(allowedActions('submitted'), ['approve', 'reject']);
  t.same(allowedActions('expired'), [], 'expired and recalled are terminal');
  t.same(allowedActions('recalled'), []);
});

t.test('only a published bulletin expires, exactly at validUntil', async (t) => {
  t.equal(effectiveState('published', 1000, 999), 'published');
  t.equal(effectiveState('published', 1000, 1000), 'expired');
  for (const s of ['draft', 'submitted', 'approved', 'recalled'] as const) t.equal(effectiveState(s, 1000, 5000), s);
});

const tree = buildAreaTree(DEMO_PROVINCE);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return isHubError(err) ? err.code : 'not a HubError';
  }
  return 'no error';
}

t.test('areas: origin depth from the tree, unknown and out-of-scope areas coded', async (t) => {
  t.same(checkAreas(tree, '67', ['660', '24715']), { originDepth: 0 });
  t.same(checkAreas(tree, '664', ['24715']), { originDepth: 1 });
  t.same(checkAreas(tree, '24715', ['24715']), { originDepth: 2 });
  t.equal(codeOf(() => checkAreas(tree, '67', ['12345'])), 'HUB_ERR_AREA_UNKNOWN');
  t.equal(codeOf(() => checkAreas(tree, 'XX', ['660'])), 'HUB_ERR_AREA_UNKNOWN');
  t.equal(codeOf(() => checkAreas(tree, '24715', ['664'])), 'HUB_ERR_AREA_OUT_OF_SCOPE', 'a commune cannot address its district');
  t.equal(codeOf(() => checkAreas(tree, '663', ['24628'])), 'HUB_ERR_AREA_OUT_OF_SCOPE', 'nor a district another district’s commune');
});

t.test('schedule problems, each rule on its own', async (t) => {
  const now = Date.UTC(2026, 10, 23, 3, 0, 0);
  const base = { priority: 'priority' as const, schedule: { type: 'nextWindow' as const }, validFrom: now, validUntil: now + 86_400_000 };
  const tz = 'Asia/Ho_Chi_Minh';
  t.same(scheduleProblems(base, now, tz), []);
  t.same(scheduleProblems({ ...base, priority: 'emergency', schedule: { type: 'now' } }, now, tz), []);
  t.same(scheduleProblems({ ...base, validUntil: now }, now, tz), ['validUntil must be after validFrom']);
  t.same(scheduleProblems({ ...base, validFrom: now - 2000, validUntil: now - 1000 }, now, tz), ['the validity has already ended']);
  t.same(scheduleProblems({ ...base, schedule: { type: 'once', at: now - 1 } }, now, tz), ['a one-off broadcast time is in the past', 'the broadcast time is outside the validity period']);
  const recurring = (fromDate: string, toDate: string) => ({ ...base, schedule: { type: 'recurring' as const, weekdays: [1], times: ['06:00'], fromDate, toDate } });
  t.same(scheduleProblems(recurring('2026-11-23', '2026-11-23'), now, tz), [], 'today, in the area’s time zone');
  t.same(scheduleProblems(recurring('2026-11-20', '2026-11-22'), now, tz), ['the recurring schedule ends in the past']);
  t.same(scheduleProblems(recurring('2026-12-02', '2026-12-01'), now, tz), ['toDate is before fromDate']);
  t.same(scheduleProblems(recurring('2027-02-29', '2027-03-01'), now, tz), ['2027-02-29 is not a calendar date']);
  t.equal(localDate(Date.UTC(2026, 10, 22, 17, 30), tz), '2026-11-23', '00:30 in Vietnam is already the next day');
});
