// What publishing, recalling and STOP send to devices: signed urgent messages per area, doorbells and manifests.
import t from 'tap';
import { decode, verifyEnvelope, type SignedEnvelope } from '@tinnguon/protocol';
import { TEST_ATTACKER_KEY } from '../../helpers/test-keys.js';
import { ledDraft, publishBulletin, spoken, startHub, type Sent, type TestHub } from './bulletin-hub.js';

const speech = { kind: 'tts', text: 'Thông báo khẩn. Nước sông Krông Nô đang lên nhanh, người dân vùng trũng di chuyển đến nơi an toàn.' };

function onTopic(sent: readonly Sent[], leaf: 'emergency' | 'stop'): Sent[] {
  return sent.filter((s) => s.topic.endsWith(`/urgent/${leaf}`));
}

/** Decodes an urgent publish as a device would, and verifies it against the hub's trusted keys. */
function verified<K extends 'bulletin' | 'stop'>(hub: TestHub, s: Sent, type: K, areaChain: string[]): SignedEnvelope<K> {
  const decoded = decode(s.topic, s.payload);
  if (!decoded.ok) throw new Error(decoded.error.reason);
  const result = verifyEnvelope(decoded.value.message, type, { trustedKeys: hub.deps.keyring.trusted, now: hub.clock.now, recipient: { areaChain } });
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
}

t.test('a text bulletin for loudspeakers is spoken by espeak-ng and stored as media on submission', async (t) => {
  const hub = await startHub(t);
  const created = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { content: speech, targetAreas: ['24628'] }));
  t.notOk(created.body.bulletin.resolvedContent, 'a draft holds only the text');
  const submitted = await hub.call('POST', `/api/bulletins/${created.body.bulletin.id}/submit`);
  t.equal(submitted.status, 200);
  const content = spoken(submitted.body.bulletin);
  t.equal(content.text, speech.text);
  t.equal(content.media.mime, 'audio/wav');
  t.ok((content.media.durationMs ?? 0) > 2000, `about ${content.media.durationMs} ms of speech`);
  const record = await hub.deps.mediaRecords.get(content.media.sha256);
  t.equal(record?.origin, 'tts');
  const download = await hub.app.inject({ method: 'GET', url: `/api/media/${content.media.sha256}`, headers: { authorization: 'Bearer test-token' } });
  t.equal(download.statusCode, 200);
  t.equal(download.rawPayload.subarray(0, 4).toString('latin1'), 'RIFF');
  t.equal(download.rawPayload.length, content.media.bytes);
});

t.test('an unknown voice fails the submission with a coded error and leaves the draft', async (t) => {
  const hub = await startHub(t);
  const id = (await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { content: { ...speech, voice: 'en-klingon' } }))).body.bulletin.id;
  const r = await hub.call('POST', `/api/bulletins/${id}/submit`);
  t.equal(r.body.error.code, 'HUB_ERR_VALIDATION');
  t.equal((await hub.call('GET', `/api/bulletins/${id}`)).body.bulletin.state, 'draft');
});

t.test('publishing an emergency sends one signed publish per target area, at once', async (t) => {
  const hub = await startHub(t);
  const { id, publish } = await publishBulletin(hub, ledDraft(hub.clock, {
    priority: 'emergency', schedule: { type: 'now' }, content: speech, targetAreas: ['660', '664'], repeat: 3, validUntil: hub.clock.now + 6 * 3600_000,
  }));
  t.equal(publish.status, 200);
  const urgent = onTopic(hub.publisher.take(), 'emergency');
  t.same(urgent.map((s) => s.topic).sort(), ['tn/v1/area/660/urgent/emergency', 'tn/v1/area/664/urgent/emergency']);
  t.ok(urgent.every((s) => s.qos === 1));
  for (const [s, chain] of [[urgent.find((u) => u.topic.includes('/660/')), ['67', '660', '24628']], [urgent.find((u) => u.topic.includes('/664/')), ['67', '664', '24715']]] as const) {
    const envelope = verified(hub, s!, 'bulletin', [...chain]);
    t.equal(envelope.id, publish.body.dispatch.emergencyId);
    t.match(envelope.payload, { bulletinId: id, priority: 'emergency', repeat: 3, content: { kind: 'tts', text: speech.text } });
  }
  const forged = { ...(JSON.parse(urgent[0]!.payload.toString()) as Record<string, unknown>), keyId: TEST_ATTACKER_KEY.keyId };
  t.notOk(verifyEnvelope(forged, 'bulletin', { trustedKeys: hub.deps.keyring.trusted, now: hub.clock.now }).ok, 'the check above can fail');
});

t.test('a test exercise stays marked as a test inside the signature', async (t) => {
  const hub = await startHub(t);
  await publishBulletin(hub, ledDraft(hub.clock, { priority: 'emergency', schedule: { type: 'now' }, content: speech, mode: 'test' }));
  const [s] = onTopic(hub.publisher.take(), 'emergency');
  const envelope = verified(hub, s!, 'bulletin', ['67', '660']);
  t.equal(envelope.mode, 'test');
  t.equal(envelope.payload.mode, 'test');
});

t.test('a device manifest carries the published priority bulletin, and after a recall lists it as recalled', async (t) => {
  const hub = await startHub(t);
  const loudspeaker = await hub.device('loudspeaker', '24628');
  const elsewhere = await hub.device('loudspeaker', '24700');
  await hub.deps.dispatcher.refresh();
  hub.publisher.take();

  const { id, publish } = await publishBulletin(hub, ledDraft(hub.clock, { content: speech, targetAreas: ['660'] }));
  t.equal(publish.body.dispatch.doorbells, 1, 'only the device in Gia Nghĩa is rung');
  t.same(hub.publisher.take().map((s) => s.topic), [`tn/v1/device/${loudspeaker}/down/doorbell`]);
  const before = (await hub.deps.dispatcher.manifestFor(loudspeaker)).payload;
  t.same(before.bulletins.map((b) => b.bulletinId), [id]);
  t.match(before.bulletins[0], { priority: 'priority', originArea: '67', originDepth: 0, content: { kind: 'tts' } });
  t.same((await hub.deps.dispatcher.manifestFor(elsewhere)).payload.bulletins, []);

  const recall = await hub.call('POST', `/api/bulletins/${id}/recall`, { reason: 'Thông tin chưa chính xác' });
  t.equal(recall.status, 200);
  const sent = hub.publisher.take();
  const [stop] = onTopic(sent, 'stop');
  t.equal(stop?.topic, 'tn/v1/area/660/urgent/stop');
  const envelope = verified(hub, stop!, 'stop', ['67', '660', '24628']);
  t.same(envelope.payload, { scope: 'bulletin', bulletinId: id, reason: 'Thông tin chưa chính xác' });
  t.equal(envelope.id, recall.body.dispatch.stopId);
  t.ok(sent.some((s) => s.topic === `tn/v1/device/${loudspeaker}/down/doorbell`), 'the doorbell rings again');

  const after = (await hub.deps.dispatcher.manifestFor(loudspeaker)).payload;
  t.same(after.bulletins, []);
  t.same(after.recalled, [id]);
  t.ok(after.version > before.version);
  t.same((await hub.deps.dispatcher.manifestFor(elsewhere)).payload.recalled, [], 'a device that never held it hears nothing');
});

t.test('a normal bulletin plays only where a commune picked it (Điều 8.3)', async (t) => {
  const hub = await startHub(t);
  const loudspeaker = await hub.device('loudspeaker', '24628');
  const { id } = await publishBulletin(hub, ledDraft(hub.clock, { priority: 'normal', content: speech, targetAreas: ['67'] }));
  t.same((await hub.deps.dispatcher.manifestFor(loudspeaker)).payload.bulletins, []);
  hub.publisher.take();
  await hub.call('PUT', '/api/areas/24628/selections', { selections: [{ bulletinId: id, schedule: { type: 'nextWindow' } }] });
  t.ok(hub.publisher.take().some((s) => s.topic === `tn/v1/device/${loudspeaker}/down/doorbell`), 'choosing rings the doorbell');
  const m = (await hub.deps.dispatcher.manifestFor(loudspeaker)).payload;
  t.same(m.bulletins.map((b) => b.bulletinId), [id]);
  t.same(m.selections, [{ bulletinId: id, schedule: { type: 'nextWindow' } }]);
});

t.test('STOP silences the named areas by one signed publish each, and is recorded', async (t) => {
  const hub = await startHub(t);
  const r = await hub.call('POST', '/api/stop', { areas: ['663', '24628'], reason: 'Báo động nhầm' });
  t.equal(r.status, 202);
  const stops = onTopic(hub.publisher.take(), 'stop');
  t.same(stops.map((s) => s.topic).sort(), ['tn/v1/area/24628/urgent/stop', 'tn/v1/area/663/urgent/stop']);
  const envelope = verified(hub, stops[0]!, 'stop', ['67', '663', '24670']);
  t.same(envelope.payload, { scope: 'all', reason: 'Báo động nhầm' });
  t.equal(envelope.id, r.body.stopId);
  t.same(await hub.deps.db.all('SELECT areas, reason, actor FROM stop_orders'), [{ areas: '["663","24628"]', reason: 'Báo động nhầm', actor: 'admin' }]);

  const unknown = await hub.call('POST', '/api/stop', { areas: ['663', '99999'] });
  t.equal(unknown.body.error.code, 'HUB_ERR_AREA_UNKNOWN');
  t.same(hub.publisher.take(), [], 'nothing goes out for an area that does not exist');
});
