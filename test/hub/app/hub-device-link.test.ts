// The hub end to end with a real MQTT client acting as a device: enrolment, auth refusal, manifest and doorbell,
// emergency publish, log ingest with ack after commit, and refusal of malformed input.
import { readFileSync } from 'node:fs';
import t from 'tap';
import mqtt from 'mqtt';
import { deviceSubscriptions, deviceTopic, areaTopic, verifyEnvelope, type LogAck, type SignedEnvelope } from '@tinnguon/protocol';
import { basicAuth, connectDevice, enrolDevice, nextMessage, startTestHub } from '../../helpers/hub-instance.js';
import { sampleBulletin } from '../../helpers/samples.js';

t.test('a device enrols, connects, fetches a verified manifest and reports logs that are acked after commit', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h);
  t.same(creds.areaChain, ['67', '660', '24628']);
  t.equal(creds.trustedKeys.length, 1);
  t.equal(creds.mqttUrl, h.mqttUrl, 'a hub on port 0 hands out the port its broker is bound to');
  t.equal(creds.hubUrl, h.httpUrl, 'and the port its HTTP server is bound to');

  const client = await connectDevice(h, creds);
  t.teardown(() => client.endAsync());
  await client.subscribeAsync(deviceSubscriptions(creds.deviceId, creds.areaChain), { qos: 1 });

  const res = await h.hub.app.inject({ url: '/api/device/manifest', headers: basicAuth(creds) });
  t.equal(res.statusCode, 200);
  const verified = verifyEnvelope(res.json(), 'manifest', { trustedKeys: creds.trustedKeys, now: Date.now(), recipient: { deviceId: creds.deviceId, areaChain: creds.areaChain } });
  t.ok(verified.ok, 'the manifest is signed for this device');
  const manifest = res.json<SignedEnvelope<'manifest'>>().payload;
  t.same(manifest.windows, [{ start: '05:00', end: '06:30' }, { start: '17:00', end: '18:30' }]);

  const ackTopic = deviceTopic('logAck', creds.deviceId);
  const ack = nextMessage(client, ackTopic);
  const entries = [1, 2, 3].map((seq) => ({ seq, at: Date.now(), event: 'played', bulletinId: 'bt-test-0001', playedMs: 1200 }));
  await client.publishAsync(deviceTopic('logBatch', creds.deviceId), JSON.stringify({ entries }), { qos: 1 });
  t.same(JSON.parse((await ack).toString()) as LogAck, { fromSeq: 1, toSeq: 3, stored: 3, duplicates: 0 });
  const rows = await h.hub.deps.db.all<{ seq: number }>('SELECT seq FROM playback_logs WHERE device_id = ? ORDER BY seq', [creds.deviceId]);
  t.same(rows.map((r) => r.seq), [1, 2, 3], 'committed before the ack');

  const again = nextMessage(client, ackTopic);
  await client.publishAsync(deviceTopic('logBatch', creds.deviceId), JSON.stringify({ entries }), { qos: 1 });
  t.same(JSON.parse((await again).toString()) as LogAck, { fromSeq: 1, toSeq: 3, stored: 0, duplicates: 3 }, 'a resend stores nothing twice');

  const logs = await h.hub.app.inject({ url: `/api/logs?area=660&bulletin=bt-test-0001`, headers: h.auth });
  t.equal(logs.json<{ logs: unknown[] }>().logs.length, 3, 'queryable by area subtree and bulletin');

  const time = nextMessage(client, deviceTopic('timeResponse', creds.deviceId));
  await client.publishAsync(deviceTopic('timeRequest', creds.deviceId), JSON.stringify({ t0: 1234.5 }));
  const tr = JSON.parse((await time).toString()) as { t0: number; t1: number; t2: number };
  t.equal(tr.t0, 1234.5);
  t.ok(tr.t2 >= tr.t1, 'hub receive and send times');

  const emergency = nextMessage(client, areaTopic('emergency', '660'));
  await h.hub.deps.dispatcher.sendEmergency(sampleBulletin({ targetAreas: ['660'], validFrom: Date.now() - 1000, validUntil: Date.now() + 3600_000 }));
  const env = JSON.parse((await emergency).toString()) as unknown;
  t.ok(verifyEnvelope(env, 'bulletin', { trustedKeys: creds.trustedKeys, now: Date.now(), recipient: { deviceId: creds.deviceId, areaChain: creds.areaChain } }).ok, 'the emergency reaches the area, signed');

  const stop = nextMessage(client, areaTopic('stop', '67'));
  await h.hub.deps.dispatcher.sendStop({ scope: 'all', reason: 'Kết thúc diễn tập' }, ['67']);
  t.ok(verifyEnvelope(JSON.parse((await stop).toString()), 'stop', { trustedKeys: creds.trustedKeys, now: Date.now(), recipient: { areaChain: creds.areaChain } }).ok);

  const before = h.hub.deps.metrics.mqttRejected;
  await client.publishAsync(deviceTopic('heartbeat', creds.deviceId), '{"at": "not a heartbeat"');
  await client.publishAsync(deviceTopic('logBatch', creds.deviceId), JSON.stringify({ entries: [{ seq: 0 }] }), { qos: 1 });
  await new Promise((r) => setTimeout(r, 200));
  t.equal(h.hub.deps.metrics.mqttRejected, before + 2, 'malformed payloads are counted and dropped');
  const count = await h.hub.deps.db.get<{ n: number }>('SELECT count(*) AS n FROM playback_logs');
  t.equal(count?.n, 3, 'nothing malformed was stored');
});

t.test('wrong or unknown credentials are refused on MQTT and HTTP with coded errors', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h);
  await t.rejects(connectDevice(h, { ...creds, mqttPassword: `${creds.mqttPassword}x` }), 'wrong password');
  await t.rejects(mqtt.connectAsync(h.mqttUrl, { protocolVersion: 4, clientId: 'anon-0001', reconnectPeriod: 0 }), 'anonymous');
  const res = await h.hub.app.inject({ url: '/api/device/manifest', headers: basicAuth({ ...creds, mqttPassword: 'nope' }) });
  t.equal(res.statusCode, 401);
  t.equal(res.json<{ error: { code: string } }>().error.code, 'HUB_ERR_UNAUTHENTICATED');
  const again = await h.hub.app.inject({ method: 'POST', url: '/api/device/enrol', payload: { code: 'AAAA-BBBB-CCCC' } });
  t.equal(again.json<{ error: { code: string } }>().error.code, 'HUB_ERR_ENROLMENT_CODE');
  const noToken = await h.hub.app.inject({ url: '/api/devices' });
  t.equal(noToken.statusCode, 401);
  t.match(noToken.json<{ error: { message: string } }>().error.message, /Chưa đăng nhập/, 'Vietnamese first');
});

t.test('uploads: sniffed, size-limited, served with Range; malformed JSON is coded', async (t) => {
  const h = await startTestHub({}, { uploadMaxBytes: 64 * 1024 });
  t.teardown(h.stop);
  const mp3 = readFileSync(new URL('../../fixtures/media/speech-vi.mp3', import.meta.url));
  const up = await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'audio/mpeg' }, payload: mp3 });
  t.equal(up.statusCode, 201);
  const { ref } = up.json<{ ref: { sha256: string; durationMs: number } }>();
  t.ok(ref.durationMs > 900 && ref.durationMs < 1200, 'duration measured by decoding');

  const creds = await enrolDevice(h);
  const part = await h.hub.app.inject({ url: `/api/device/media/${ref.sha256}`, headers: { ...basicAuth(creds), range: 'bytes=10-19' } });
  t.equal(part.statusCode, 206);
  t.same(part.rawPayload, mp3.subarray(10, 20));
  const unauth = await h.hub.app.inject({ url: `/api/device/media/${ref.sha256}` });
  t.equal(unauth.statusCode, 401, 'media only for authenticated devices');

  const mislabelled = await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'image/png' }, payload: mp3 });
  t.equal(mislabelled.json<{ error: { code: string } }>().error.code, 'HUB_ERR_MEDIA_MISLABELLED');
  const big = await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'audio/mpeg' }, payload: Buffer.concat([mp3, Buffer.alloc(70 * 1024)]) });
  t.equal(big.statusCode, 413);
  t.equal(big.json<{ error: { code: string } }>().error.code, 'HUB_ERR_MEDIA_TOO_LARGE');
  const bad = await h.hub.app.inject({ method: 'POST', url: '/api/devices', headers: { ...h.auth, 'content-type': 'application/json' }, payload: '{"kind": "led",' });
  t.equal(bad.json<{ error: { code: string } }>().error.code, 'HUB_ERR_MALFORMED_JSON');
  const unknownArea = await h.hub.app.inject({ method: 'POST', url: '/api/devices', headers: h.auth, payload: { kind: 'led', areaCode: '99999', name: 'x' } });
  t.equal(unknownArea.json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_UNKNOWN');
  const csv = await h.hub.app.inject({ method: 'POST', url: '/api/areas/import', headers: { ...h.auth, 'content-type': 'text/csv' }, payload: 'code,name,parent_code\n99001,Xã Mới,88888\n' });
  t.equal(csv.json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_CSV');
});

t.test('health, readiness, metrics and OpenAPI', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  t.equal((await h.hub.app.inject({ url: '/healthz' })).statusCode, 200);
  t.equal((await h.hub.app.inject({ url: '/readyz' })).statusCode, 200);
  const home = await h.hub.app.inject({ url: '/' });
  t.equal(home.statusCode, 302, 'the old placeholder page now sends officials to the console');
  t.equal(home.headers.location, '/console/');
  const metrics = (await h.hub.app.inject({ url: '/metrics' })).body;
  t.match(metrics, /tinnguon_connected_devices 0/);
  t.match(metrics, /tinnguon_event_loop_delay_p99_ms/);
  const doc = (await h.hub.app.inject({ url: '/docs/openapi.json' })).json<{ paths: Record<string, unknown> }>();
  t.ok(doc.paths['/api/device/enrol'] && doc.paths['/api/devices'], 'routes are documented');
});
