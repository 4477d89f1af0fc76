// Điều 8.1: an emergency goes out at once. Re-signing the fleet's manifests takes seconds at 10,000 devices (issue 8,
// bench `emergency`), so the urgent message never queues behind a refresh, and the official's answer does not wait
// for one; the doorbells follow. Checked by the order of events, with a refresh held between two slices.
import t from 'tap';
import { deviceTopic, type Doorbell } from '@tinnguon/protocol';
import { DAY, ledDraft, publishBulletin, startHub } from './bulletin-hub.js';

/** Holds every pause of the dispatcher until opened; `reached` resolves when the first pause is hit. */
class Gate {
  #open = false;
  #waiting: (() => void)[] = [];
  #onReached: () => void = () => undefined;
  readonly reached = new Promise<void>((resolve) => (this.#onReached = resolve));

  pass(): Promise<void> {
    this.#onReached();
    return this.#open ? Promise.resolve() : new Promise((resolve) => this.#waiting.push(resolve));
  }

  open(): void {
    this.#open = true;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}

const speech = { kind: 'tts', text: 'Cảnh báo lũ quét. Người dân ven suối Đắk Nông di chuyển lên vùng cao ngay.' };

t.test('an emergency goes out while a fleet refresh is held, and its answer comes before any doorbell', async (t) => {
  const gate = new Gate();
  const hub = await startHub(t, { yieldToLoop: () => gate.pass() });
  t.teardown(() => gate.open());
  const devices = [await hub.device('loudspeaker', '24628'), await hub.device('loudspeaker', '24715')];

  // A refresh already under way (a commune's new choices, an earlier bulletin) is held at its first slice.
  const earlier = hub.deps.dispatcher.refresh();
  await gate.reached;
  const { id, publish } = await publishBulletin(hub, ledDraft(hub.clock, {
    priority: 'emergency', schedule: { type: 'now' }, content: speech, targetAreas: ['67'], validUntil: hub.clock.now + DAY,
  }));
  t.equal(publish.status, 200, 'the official has the answer while the refresh is still held');
  t.match(publish.body.dispatch, { emergencyId: /^em-/, manifests: 'refreshing' });
  t.notOk('doorbells' in publish.body.dispatch, 'no doorbell count is claimed before any has rung');
  t.same(hub.publisher.take().map((s) => s.topic), ['tn/v1/area/67/urgent/emergency'], 'the emergency is out; no doorbell yet');

  gate.open();
  t.equal(await earlier, 2, 'the held refresh then finishes');
  await hub.deps.dispatcher.idle();
  const rung = hub.publisher.take();
  for (const device of devices) {
    const manifest = (await hub.deps.dispatcher.manifestFor(device)).payload;
    t.same(manifest.bulletins.map((b) => b.bulletinId), [id], 'the manifest holds the emergency');
    const last = rung.filter((s) => s.topic === deviceTopic('doorbell', device)).at(-1);
    t.equal((JSON.parse(last!.payload.toString()) as Doorbell).manifestVersion, manifest.version, 'the last doorbell names that manifest');
  }
});

t.test("the fleet refresh after an emergency waits for the speech downloads; a second emergency joins it; stop() doesn't wait", async (t) => {
  const hub = await startHub(t, { refreshLaterMs: 300 });
  const device = await hub.device('loudspeaker', '24628');
  const emergency = (text: string) => ledDraft(hub.clock, {
    priority: 'emergency', schedule: { type: 'now' }, content: { kind: 'tts', text }, targetAreas: ['67'], validUntil: hub.clock.now + DAY,
  });
  const first = await publishBulletin(hub, emergency(speech.text));
  const sent = performance.now();
  t.same(hub.publisher.take().map((s) => s.topic), ['tn/v1/area/67/urgent/emergency'], 'out at once, alone');
  const second = await publishBulletin(hub, emergency('Cảnh báo cháy rừng. Người dân tránh xa khu vực đồi thông.'));
  t.same(hub.publisher.take().map((s) => s.topic), ['tn/v1/area/67/urgent/emergency']);
  await new Promise((r) => setTimeout(r, 150));
  t.same(hub.publisher.take(), [], 'no doorbell while the downloads run');

  // The one pending refresh rings once, with a manifest that holds both emergencies.
  for (let i = 0; i < 100 && hub.publisher.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  t.ok(performance.now() - sent >= 280, 'the doorbell waited for the delay');
  await hub.deps.dispatcher.idle();
  t.same(hub.publisher.take().map((s) => s.topic), [deviceTopic('doorbell', device)], 'one doorbell for both');
  const manifest = (await hub.deps.dispatcher.manifestFor(device)).payload;
  t.same(manifest.bulletins.map((b) => b.bulletinId).sort(), [first.id, second.id].sort());

  // A refresh still pending when the hub stops starts at once: idle() does not sit out the delay.
  await publishBulletin(hub, emergency('Cảnh báo sạt lở đất. Không đi qua đèo.'));
  hub.publisher.take();
  const t0 = performance.now();
  await hub.deps.dispatcher.idle();
  t.ok(performance.now() - t0 < 250, 'idle() started the pending refresh instead of waiting');
  t.same(hub.publisher.take().map((s) => s.topic), [deviceTopic('doorbell', device)]);
});

t.test('a bulletin that is not an emergency is answered once its doorbells have rung', async (t) => {
  const hub = await startHub(t);
  const device = await hub.device('led', '24628');
  const { publish } = await publishBulletin(hub, ledDraft(hub.clock));
  t.same(publish.body.dispatch, { doorbells: 1, manifests: 'refreshed' });
  t.same(hub.publisher.take().map((s) => s.topic), [deviceTopic('doorbell', device)]);
});
