// Desired state down (design.md §4): publishing a bulletin rings the doorbell of each target device over real MQTT,
// the manifest it then fetches holds the bulletin, and a recall reaches it by the urgent path and the manifest.
import t from 'tap';
import { areaTopic, deviceTopic, type Doorbell, type SignedEnvelope } from '@tinnguon/protocol';
import { basicAuth, connectDevice, enrolDevice, nextMessage, startTestHub } from '../../helpers/hub-instance.js';

t.test('publish rings the doorbell; the manifest carries the bulletin; recall stops it', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const inArea = await enrolDevice(h, '24628');
  const elsewhere = await enrolDevice(h, '24715');
  const client = await connectDevice(h, inArea);
  const other = await connectDevice(h, elsewhere);
  t.teardown(() => Promise.all([client.endAsync(), other.endAsync()]));
  await client.subscribeAsync([deviceTopic('doorbell', inArea.deviceId), areaTopic('stop', '660')], { qos: 1 });
  await other.subscribeAsync(deviceTopic('doorbell', elsewhere.deviceId), { qos: 1 });
  const manifestOf = async (creds: typeof inArea) =>
    (await h.hub.app.inject({ url: '/api/device/manifest', headers: basicAuth(creds) })).json<SignedEnvelope<'manifest'>>().payload;
  const before = await manifestOf(inArea);

  const created = await h.hub.app.inject({
    method: 'POST', url: '/api/bulletins', headers: h.auth,
    payload: {
      title: 'Lịch tiêm chủng mở rộng tháng 12', priority: 'priority', originArea: '660', targetAreas: ['660'],
      content: { kind: 'tts', text: 'Trạm y tế xã thông báo lịch tiêm chủng mở rộng tháng mười hai.' },
      schedule: { type: 'nextWindow' }, validUntil: Date.now() + 3 * 86_400_000,
    },
  });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json<{ bulletin: { id: string } }>().bulletin.id;
  const ring = nextMessage(client, deviceTopic('doorbell', inArea.deviceId), 15_000);
  let otherRang = false;
  other.on('message', () => (otherRang = true));
  for (const step of ['submit', 'approve', 'publish']) {
    const res = await h.hub.app.inject({ method: 'POST', url: `/api/bulletins/${id}/${step}`, headers: h.auth });
    t.equal(res.statusCode, 200, `${step}: ${res.body}`);
  }
  const doorbell = JSON.parse((await ring).toString()) as Doorbell;
  t.ok(doorbell.manifestVersion > before.version, 'the doorbell names a newer manifest');
  const after = await manifestOf(inArea);
  t.equal(after.version, doorbell.manifestVersion);
  t.same(after.bulletins.map((b) => b.bulletinId), [id], 'the manifest holds the published bulletin');
  t.equal(after.bulletins[0]?.content.kind, 'tts');
  t.same((await manifestOf(elsewhere)).bulletins, [], 'a device in another district gets nothing');
  t.notOk(otherRang, 'and its doorbell stays silent');

  const stop = nextMessage(client, areaTopic('stop', '660'));
  const recalled = await h.hub.app.inject({ method: 'POST', url: `/api/bulletins/${id}/recall`, headers: h.auth, payload: { reason: 'Sai ngày tiêm, sẽ phát lại' } });
  t.equal(recalled.statusCode, 200, recalled.body);
  const order = JSON.parse((await stop).toString()) as SignedEnvelope<'stop'>;
  t.same(order.payload, { scope: 'bulletin', bulletinId: id, reason: 'Sai ngày tiêm, sẽ phát lại' });
  t.same((await manifestOf(inArea)).recalled, [id], 'the manifest lists the recall too');
});
