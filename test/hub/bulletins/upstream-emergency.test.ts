// An emergency ordered by the central system (Điều 8.1) is relayed at once, and only when an upstream key signed it.
import t from 'tap';
import { decode, signEnvelope, verifyEnvelope, type Bulletin, type Signer } from '@tinnguon/protocol';
import { TEST_ATTACKER_KEY, TEST_ROTATED_KEY } from '../../helpers/test-keys.js';
import { spoken, startHub, type TestHub } from './bulletin-hub.js';

const CENTRAL = TEST_ROTATED_KEY;

function centralBulletin(now: number, over: Partial<Bulletin> = {}): Bulletin {
  return {
    bulletinId: 'tw-2026-11-23-khan-0001',
    revision: 1,
    title: 'Cảnh báo bão số 9 đổ bộ',
    author: 'Ban Chỉ đạo quốc gia về PCTT',
    priority: 'emergency',
    mode: 'live',
    originArea: 'VN',
    originDepth: 0,
    targetAreas: ['67', '68'],
    // The central hub's audio: this hub has never held it, so it speaks the text again.
    content: { kind: 'tts', text: 'Cảnh báo bão số chín. Người dân không ra khỏi nhà.', media: { sha256: 'c'.repeat(64), bytes: 40_000, mime: 'audio/mpeg', durationMs: 9000 } },
    schedule: { type: 'now' },
    repeat: 2,
    validFrom: now,
    validUntil: now + 6 * 3600_000,
    ...over,
  };
}

function envelope(hub: TestHub, key: Signer, over: Partial<Bulletin> = {}, id = 'tw-env-0001') {
  const payload = centralBulletin(hub.clock.now, over);
  return signEnvelope(key, {
    type: 'bulletin', id, issuedAt: hub.clock.now, expiresAt: hub.clock.now + 3600_000, mode: payload.mode,
    targets: { areas: payload.targetAreas, devices: [] }, payload,
  });
}

t.test('an emergency signed by a trusted upstream key is stored as published and sent out at once', async (t) => {
  const hub = await startHub(t, { upstreamKeys: [CENTRAL.publicKey] });
  const loudspeaker = await hub.device('loudspeaker', '24628');
  const r = await hub.call('POST', '/api/upstream/emergency', envelope(hub, CENTRAL));
  t.equal(r.status, 202);
  t.match(r.body.bulletin, {
    id: 'tw-2026-11-23-khan-0001', state: 'published', priority: 'emergency', targetAreas: ['67'], originArea: '67', originDepth: 0,
    author: 'Ban Chỉ đạo quốc gia về PCTT', source: `Hệ thống thông tin nguồn cấp trên (khóa ${CENTRAL.keyId})`, upstreamEnvelopeId: 'tw-env-0001',
  });
  const speech = spoken(r.body.bulletin).media;
  t.not(speech.sha256, 'c'.repeat(64), 'the speech is this hub’s own');
  t.equal((await hub.deps.mediaRecords.get(speech.sha256))?.origin, 'tts');

  t.equal(r.body.dispatch.manifests, 'refreshing', 'the answer does not wait for manifests');
  // Manifests and doorbells follow the emergency (bulletin-workflow.ts); the test waits for them before looking.
  await hub.deps.dispatcher.idle();
  const sent = hub.publisher.take();
  const urgent = sent.filter((s) => s.topic.endsWith('/urgent/emergency'));
  t.same(urgent.map((s) => s.topic), ['tn/v1/area/67/urgent/emergency'], 'one publish, for the only target this hub serves');
  t.equal(sent[0], urgent[0], 'the emergency goes out before any doorbell');
  const decoded = decode(urgent[0]!.topic, urgent[0]!.payload);
  if (!decoded.ok) throw new Error(decoded.error.reason);
  const relayed = verifyEnvelope(decoded.value.message, 'bulletin', { trustedKeys: hub.deps.keyring.trusted, now: hub.clock.now, recipient: { areaChain: ['67', '660', '24628'] } });
  t.ok(relayed.ok, 're-signed with this hub’s key, which devices trust');
  t.equal(relayed.ok && relayed.value.id, r.body.dispatch.emergencyId);
  t.ok(sent.some((s) => s.topic === `tn/v1/device/${loudspeaker}/down/doorbell`));
  t.same((await hub.deps.dispatcher.manifestFor(loudspeaker)).payload.bulletins.map((b) => b.bulletinId), ['tw-2026-11-23-khan-0001']);

  const history = (await hub.call('GET', '/api/bulletins/tw-2026-11-23-khan-0001')).body.history;
  t.match(history, [{ action: 'upstream', to: 'published', actor: `upstream:${CENTRAL.keyId}` }]);

  const again = await hub.call('POST', '/api/upstream/emergency', envelope(hub, CENTRAL));
  t.equal(again.body.error.code, 'HUB_ERR_CONFLICT', 'a replayed order does not sound twice');
  t.same(hub.publisher.take(), []);
});

t.test('unknown keys, forged signatures and orders that are not for this hub are refused', async (t) => {
  const hub = await startHub(t, { upstreamKeys: [CENTRAL.publicKey] });
  const forged = { ...envelope(hub, CENTRAL), payload: centralBulletin(hub.clock.now, { title: 'Tin giả: vỡ đập thủy điện' }) };
  const cases: [string, unknown, string][] = [
    ['signed by an unknown key', envelope(hub, TEST_ATTACKER_KEY), 'PROTO_ERR_UNKNOWN_KEY'],
    ['a payload changed after signing', forged, 'PROTO_ERR_BAD_SIGNATURE'],
    ['for other provinces only', envelope(hub, CENTRAL, { targetAreas: ['68'] }), 'PROTO_ERR_NOT_FOR_ME'],
    ['not a signed envelope at all', { title: 'Khẩn cấp', priority: 'emergency' }, 'PROTO_ERR_SCHEMA'],
  ];
  for (const [name, body, protocolCode] of cases) {
    const r = await hub.call('POST', '/api/upstream/emergency', body);
    t.equal(r.status, 403, name);
    t.equal(r.body.error.code, 'HUB_ERR_UPSTREAM_REFUSED', name);
    t.equal(r.body.error.details.protocolCode, protocolCode, name);
  }
  const late = envelope(hub, CENTRAL, { bulletinId: 'tw-2026-11-23-khan-0002' }, 'tw-env-0002');
  hub.clock.now += 2 * 3600_000;
  t.equal((await hub.call('POST', '/api/upstream/emergency', late)).body.error.details.protocolCode, 'PROTO_ERR_EXPIRED', 'an order past its expiry');
  const genuine = await hub.call('POST', '/api/upstream/emergency', envelope(hub, CENTRAL, {}, 'tw-env-0003'));
  t.equal(genuine.status, 202, 'control: the trusted key does work');

  const notUrgent = await hub.call('POST', '/api/upstream/emergency', envelope(hub, CENTRAL, { bulletinId: 'tw-normal-00001', priority: 'priority', schedule: { type: 'nextWindow' } }, 'tw-env-0004'));
  t.equal(notUrgent.body.error.code, 'HUB_ERR_UPSTREAM_REFUSED', 'only emergencies are relayed this way');
  t.equal(hub.publisher.sent.filter((s) => s.topic.endsWith('/urgent/emergency')).length, 1, 'only the one genuine order went out');
  t.equal((await hub.deps.bulletins.list()).length, 1);
});

t.test('an upstream order naming audio this hub does not hold is refused with a coded error', async (t) => {
  const hub = await startHub(t, { upstreamKeys: [CENTRAL.publicKey] });
  const audio = { kind: 'audio' as const, media: { sha256: 'd'.repeat(64), bytes: 1000, mime: 'audio/mpeg' as const } };
  const r = await hub.call('POST', '/api/upstream/emergency', envelope(hub, CENTRAL, { content: audio }));
  t.equal(r.body.error.code, 'HUB_ERR_MEDIA_NOT_FOUND');
  t.same(hub.publisher.sent, []);
});

t.test('a hub that trusts no upstream key refuses every upstream order', async (t) => {
  const hub = await startHub(t);
  const r = await hub.call('POST', '/api/upstream/emergency', envelope(hub, CENTRAL));
  t.equal(r.status, 403);
  t.equal(r.body.error.code, 'HUB_ERR_FORBIDDEN');
  t.same(hub.publisher.sent, []);
});
