// The urgent path's decisions (design.md §5, Điều 8.1): tone first then the bulletin with its repeats; once per
// revision whatever brought it; from a manifest only with a trusted clock; STOP and recall.
import t from 'tap';
import type { Bulletin, Manifest, StopOrder } from '@tinnguon/protocol';
import { emergencyItems, type AgentItem } from '../../../edge-agent/src/runtime/agent-item.js';
import { emergencyKey } from '../../../edge-agent/src/runtime/slot-ledger.js';
import { UrgentHandler } from '../../../edge-agent/src/runtime/urgent-handler.js';
import { sampleBulletin, sampleManifest, T0 } from '../../helpers/samples.js';

const tone = { sha256: '7'.repeat(64), bytes: 8000, mime: 'audio/mpeg' as const, durationMs: 1800 };

function setup(o: { kind?: 'loudspeaker' | 'led'; trusted?: boolean; marked?: string[] } = {}) {
  const offered: AgentItem[] = [];
  const stops: (string | undefined)[] = [];
  const recalls: string[] = [];
  const prefetched: string[] = [];
  const marks = new Set(o.marked ?? []);
  const deferred: (() => void)[] = [];
  const handler = new UrgentHandler({
    kind: o.kind ?? 'loudspeaker', clock: { now: () => T0 + 60_000, trusted: o.trusted ?? true }, offer: (i) => offered.push(i),
    stop: async (id) => void stops.push(id), recall: (id) => recalls.push(id), ledger: { has: (k) => marks.has(k) },
    tone: () => tone, prefetch: (m) => prefetched.push(m.sha256), afterPendingIo: (work) => deferred.push(work),
  });
  /** Runs what waited for the I/O already pending (the default is setImmediate). */
  const ioHandled = (): void => deferred.splice(0).forEach((work) => work());
  return { handler, offered, stops, recalls, prefetched, ioHandled };
}

t.test('an emergency: the attention tone, then the bulletin with its repeats, media fetched at once', async (t) => {
  const s = setup();
  const b = sampleBulletin({ repeat: 3 });
  t.equal(s.handler.emergency(b, 'urgent'), undefined);
  t.match(s.offered, [
    { kind: 'attentionTone', bulletinId: b.bulletinId, priority: 'emergency', repeat: 1, content: { kind: 'audio', media: tone } },
    { kind: 'bulletin', bulletinId: b.bulletinId, priority: 'emergency', repeat: 3, remaining: 3, slotAt: T0 + 60_000 },
  ]);
  // Changed in session 5 (issue 8): the download is built once the I/O already waiting is handled, not inside the
  // message's own turn, so other alerts already received start their tones first; it still starts within that turn
  // of the event loop, long before the tone ends.
  t.same(s.prefetched, [], 'the tone is offered first; the speech download waits for the I/O already pending');
  s.ioHandled();
  t.same(s.prefetched, [b.content.kind === 'tts' ? b.content.media.sha256 : ''], 'its audio is fetched while the tone plays');
  t.equal(s.handler.emergency(b, 'manifest'), 'done', 'the manifest bringing the same one again changes nothing');
});

t.test('why an emergency is not offered', async (t) => {
  const b = sampleBulletin();
  t.equal(setup({ marked: [emergencyKey(b.bulletinId, b.revision)] }).handler.emergency(b, 'manifest'), 'done', 'played before a restart');
  t.equal(setup().handler.emergency({ ...b, validUntil: T0 }, 'urgent'), 'expired');
  const led = setup({ kind: 'led' });
  t.equal(led.handler.emergency(b, 'urgent'), undefined, 'an LED board shows a spoken alert too (as a ticker)');
  t.equal(led.offered.length, 1, 'without an attention tone');
  const ledOnly: Bulletin = { ...b, content: { kind: 'ledText', slide: { type: 'text', text: 'CHÁY', durationMs: 2000 } } };
  t.equal(setup().handler.emergency(ledOnly, 'urgent'), 'unsuitable', 'a loudspeaker cannot play a text slide');
});

t.test('from the manifest: valid ones not yet played, only with a trusted clock', async (t) => {
  const m: Manifest = { ...sampleManifest(), bulletins: [sampleBulletin({ validFrom: T0, validUntil: T0 + 3600_000 }), sampleBulletin({ bulletinId: 'bt-old-00000001', validFrom: T0 - 7200_000, validUntil: T0 })] };
  const untrusted = setup({ trusted: false });
  untrusted.handler.fromManifest(m);
  t.same(untrusted.offered, [], 'a stored manifest read with an untrusted clock never replays an old alert');
  const trusted = setup();
  trusted.handler.fromManifest(m);
  t.same([...new Set(trusted.offered.map((i) => i.bulletinId))], ['bt-2026-11-23-0001'], 'the valid one, not the expired one');
});

t.test('STOP silences; a recall ends one bulletin and keeps it out', async (t) => {
  const s = setup();
  await s.handler.stop({ scope: 'all' } satisfies StopOrder);
  await s.handler.stop({ scope: 'bulletin', bulletinId: 'bt-2026-11-23-0001' });
  t.same(s.stops, [undefined, 'bt-2026-11-23-0001']);
  t.same(s.recalls, ['bt-2026-11-23-0001']);
  t.equal(s.handler.emergency(sampleBulletin(), 'urgent'), 'recalled', 'a recalled alert arriving late is not played');
});

t.test('by default the speech download starts in the same turn of the event loop, once pending I/O is handled', async (t) => {
  const prefetched: string[] = [];
  const handler = new UrgentHandler({
    kind: 'loudspeaker', clock: { now: () => T0 + 60_000, trusted: true }, offer: () => undefined, stop: async () => undefined,
    recall: () => undefined, ledger: { has: () => false }, tone: () => tone, prefetch: (m) => prefetched.push(m.sha256),
  });
  handler.emergency(sampleBulletin(), 'urgent');
  await Promise.resolve();
  t.same(prefetched, [], 'not within the message’s own turn (microtasks included)');
  await new Promise<void>((resolve) => setImmediate(resolve));
  t.equal(prefetched.length, 1, 'started in the check phase right after, with no timer or delay');
});

t.test('emergencyItems without a tone is just the bulletin', async (t) => {
  t.equal(emergencyItems(sampleBulletin(), T0, undefined).length, 1);
});
