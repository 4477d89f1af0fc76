// The live feed's fan-out (hub/src/live/live-feed.ts) with a scripted source: each subscriber gets only its area's
// events, a console that stops reading is dropped instead of buffered without end, a session that has ended closes
// its feed, and polling stops when the last console leaves.
import t from 'tap';
import { LIVE_CLOSE_SIGNED_OUT, LIVE_CLOSE_TOO_SLOW, LiveFeed, type LiveSubscriber } from '../../hub/src/live/live-feed.js';
import { visibleTo, type LiveEvent } from '../../hub/src/live/live-events.js';

const status = (deviceId: string, areaCode: string): LiveEvent => ({ type: 'device.status', deviceId, areaCode, online: true, at: 1, reason: null });

function subscriber(subtree: string[] | null, over: Partial<LiveSubscriber> = {}) {
  const got: string[] = [];
  const closed: number[] = [];
  const s: LiveSubscriber = {
    scope: { subtree: subtree === null ? null : new Set(subtree), ancestors: new Set(['67', '660']) },
    buffered: () => 0,
    send: (text) => got.push((JSON.parse(text) as { deviceId: string }).deviceId),
    close: (code) => closed.push(code),
    ...over,
  };
  return { s, got, closed };
}

function source(batches: LiveEvent[][]) {
  let polls = 0;
  return { polls: () => polls, reset: async () => undefined, poll: async () => { polls++; return batches.shift() ?? []; } };
}

const tick = (ms = 40) => new Promise((r) => setTimeout(r, ms));

t.test('each console sees its own area; slow and signed-out consoles are closed; polling stops with the last one', async (t) => {
  const src = source([[status('loa-a', '24628'), status('loa-b', '24673')], [status('loa-a', '24628')]]);
  const feed = new LiveFeed({ source: src, pollMs: 5, recheckMs: 0 });
  t.teardown(() => feed.stop());
  const commune = subscriber(['24628']);
  const province = subscriber(null);
  let valid = true;
  const checked = subscriber(['24673'], { stillValid: async () => valid });
  const removeCommune = feed.add(commune.s);
  feed.add(province.s);
  feed.add(checked.s);
  await tick();
  t.same(commune.got, ['loa-a', 'loa-a'], 'the commune gets its own device only');
  t.same(province.got, ['loa-a', 'loa-b', 'loa-a'], 'the province gets everything');
  t.same(checked.got, ['loa-b']);

  valid = false;
  await tick();
  t.same(checked.closed, [LIVE_CLOSE_SIGNED_OUT], 'a session that ended closes its feed (4401)');

  let backlog = 0;
  const slow = subscriber(['24628'], { buffered: () => backlog });
  feed.add(slow.s);
  backlog = 5 * 1024 * 1024;
  await tick();
  t.same(slow.closed, [LIVE_CLOSE_TOO_SLOW], 'a console that stopped reading is dropped (1013), not buffered');

  removeCommune();
  feed.stop();
  const polls = src.polls();
  await tick();
  t.equal(src.polls(), polls, 'no polling once nobody listens');
  t.equal(feed.size, 0);
});

t.test('bulletins reach the areas they target and the areas below them (issue 4 "reach")', async (t) => {
  const bulletin = (originArea: string, targetAreas: string[]): LiveEvent => ({ type: 'bulletin.changed', bulletinId: 'b', state: 'published', priority: 'priority', mode: 'live', originArea, targetAreas, at: 1 });
  const commune = { subtree: new Set(['24628']), ancestors: new Set(['24628', '660', '67']) };
  t.ok(visibleTo(bulletin('67', ['67']), commune), 'a province-wide bulletin reaches the commune');
  t.ok(visibleTo(bulletin('24628', ['24628']), commune), 'its own');
  t.notOk(visibleTo(bulletin('24673', ['24673']), commune), 'never one meant only for a sibling commune');
  t.notOk(visibleTo(bulletin('663', ['663']), commune), 'nor one for another district');
});
