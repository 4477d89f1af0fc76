// A real agent on a real hub with the real clock: it enrols, links, syncs its clock with the hub's NTP-style
// exchange, reports heartbeats; an emergency published by an official plays at once; everything forged, mutated,
// replayed, expired or meant for another area on the urgent topics is refused and shows up at the hub as 'rejected'.
import t from 'tap';
import { areaTopic, encode, signEnvelope, type Bulletin, type SignedEnvelope } from '@tinnguon/protocol';
import { enrolDevice, startTestHub } from '../../helpers/hub-instance.js';
import { TEST_ATTACKER_KEY } from '../../helpers/test-keys.js';
import { agentFor, hubLogs, isRow, publishBulletin, waitFor } from './agent-harness.js';

t.test('emergency through the hub plays at once; forged and replayed alerts are rejected and reported', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628');
  const a = agentFor(h, { stateDir: t.testdir(), creds });
  await a.agent.start();
  t.teardown(() => a.agent.stop());

  await waitFor('link, manifest and a trusted clock', () => {
    const s = a.agent.status();
    return s.connected && s.manifestVersion !== null && s.clock.trusted;
  });
  const clock = a.agent.status().clock;
  t.ok(clock.offsetMs !== null && clock.rttMs !== null, 'the NTP-style exchange measured an offset and a round trip');
  t.comment(`clock offset ${clock.offsetMs} ms, rtt ${clock.rttMs} ms against the hub on loopback`);
  const presence = await waitFor('presence and heartbeat at the hub', async () => {
    const row = await h.hub.deps.db.get<{ online: number; last_heartbeat: string | null }>('SELECT online, last_heartbeat FROM devices WHERE id = ?', [creds.deviceId]);
    return row?.last_heartbeat !== null && row?.online === 1 ? row : undefined;
  });
  t.equal(presence.online, 1, 'the retained status says online');
  const hb = JSON.parse(presence.last_heartbeat ?? '{}') as { clock: { trusted: boolean }; version: string; manifestVersion: number };
  t.equal(hb.clock.trusted, true, 'the heartbeat says the clock is trusted');
  t.ok(hb.manifestVersion >= 1, 'and which manifest is in force');

  // An official publishes an emergency for the district; the agent's commune is inside it.
  const id = await publishBulletin(h, {
    title: 'Cảnh báo lũ quét', priority: 'emergency', originArea: '67', targetAreas: ['660'],
    content: { kind: 'tts', text: 'Cảnh báo lũ quét. Người dân ven suối di chuyển lên vùng cao ngay.' },
    schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await waitFor('the emergency is played and logged at the hub', async () => (await hubLogs(h, creds.deviceId)).find(isRow('played', id)));
  // The hub's attention tone (design.md §5) sounds first, then the emergency: two playbacks since the hub sends one.
  const played = a.sink.playbacks.filter((p) => p.totalFrames > 0);
  t.equal(played.length, 2, 'the attention tone, then the emergency, reached the loudspeaker');
  t.ok((played[1]?.peak ?? 0) > 1000, 'and it was sound, not silence');
  const heard = a.events.find((e) => e.type === 'urgent');
  const first = a.events.find((e) => e.type === 'firstFrame' && e.bulletinId === id && e.kind === 'bulletin');
  if (heard?.type === 'urgent' && first?.type === 'firstFrame') t.comment(`emergency message → first frame at the sink: ${(first.mono - heard.mono).toFixed(1)} ms (media fetched on arrival)`);

  // Attacks on the urgent path, published straight into the broker as a compromised relay would.
  const real = await h.hub.deps.dispatcher.sendEmergency(bulletinFor(id, 'Diễn tập', Date.now()));
  await waitFor('the re-sent emergency was taken (same bulletin: not played twice)', () => a.agent.parts.replay.has(real.id));
  const topic = areaTopic('emergency', '660');
  const publish = (env: unknown) => h.hub.broker.publish(topic, Buffer.from(JSON.stringify(env)), { qos: 1, retain: false });
  const now = Date.now();
  const forged = signEnvelope(TEST_ATTACKER_KEY, { ...unsigned(real), id: 'em-forged-000001' });
  const mutated = { ...real, payload: { ...real.payload, title: 'Sơ tán toàn bộ ngay lập tức' } };
  const expired = signEnvelope(h.hub.deps.keyring.active, { ...unsigned(real), id: 'em-expired-00001', issuedAt: now - 7200_000, expiresAt: now - 3600_000 });
  const foreign = signEnvelope(h.hub.deps.keyring.active, { ...unsigned(real), id: 'em-foreign-00001', targets: { areas: ['24715'], devices: [] } });
  await publish(forged);
  await publish(mutated);
  await publish(real); // replayed
  await publish(expired);
  await publish(foreign);
  await h.hub.broker.publish(topic, encode('emergency', { nonsense: true } as unknown as SignedEnvelope<'bulletin'>), { qos: 1, retain: false });

  const rejected = await waitFor('six rejections at the hub', async () => {
    const rows = (await hubLogs(h, creds.deviceId)).filter(isRow('rejected'));
    return rows.length >= 6 ? rows : undefined;
  });
  t.same(
    rejected.map((r) => r.reason).sort(),
    ['PROTO_ERR_BAD_SIGNATURE', 'PROTO_ERR_EXPIRED', 'PROTO_ERR_NOT_FOR_ME', 'PROTO_ERR_REPLAYED', 'PROTO_ERR_SCHEMA', 'PROTO_ERR_UNKNOWN_KEY'],
    'each attack is journaled with its protocol code',
  );
  t.ok(rejected.every((r) => /từ chối/.test(r.detail ?? '')), 'with a Vietnamese detail for the official');
  t.equal(a.sink.playbacks.filter((p) => p.totalFrames > 0).length, 2, 'none of them made a sound (still the tone and the one emergency)');
  const rows = await hubLogs(h, creds.deviceId);
  t.equal(rows.filter(isRow('played', id)).length, 1, 'the emergency is logged played exactly once');
  t.same(rows.map((r) => r.seq), [...new Set(rows.map((r) => r.seq))], 'no seq twice');
});

function bulletinFor(id: string, title: string, now: number): Bulletin {
  return {
    bulletinId: id, revision: 1, title, priority: 'emergency', mode: 'live', originArea: '67', originDepth: 0, targetAreas: ['660'],
    content: { kind: 'ledText', slide: { type: 'text', text: title, durationMs: 2000 } }, schedule: { type: 'now' }, repeat: 1,
    validFrom: now - 1000, validUntil: now + 3600_000,
  };
}

function unsigned(env: SignedEnvelope<'bulletin'>) {
  const { sig: _sig, keyId: _keyId, v: _v, ...rest } = env;
  return rest;
}
