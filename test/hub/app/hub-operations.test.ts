// Operations an official triggers on devices: signed commands and their results, revocation that cuts the session,
// and an upload that meets a full disk.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { deviceTopic, encode, verifyEnvelope, type SignedEnvelope } from '@tinnguon/protocol';
import { nodeMediaFs, type MediaFs } from '../../../hub/src/media/index.js';
import { connectDevice, enrolDevice, nextMessage, startTestHub } from '../../helpers/hub-instance.js';

t.test('a signed command reaches its device and the reported result is recorded', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h);
  const client = await connectDevice(h, creds);
  t.teardown(() => client.endAsync());
  await client.subscribeAsync(deviceTopic('command', creds.deviceId), { qos: 1 });

  const arrived = nextMessage(client, deviceTopic('command', creds.deviceId));
  const sent = await h.hub.app.inject({ method: 'POST', url: `/api/devices/${creds.deviceId}/commands`, headers: h.auth, payload: { action: 'volume', level: 35 } });
  t.equal(sent.statusCode, 202);
  const { commandId } = sent.json<{ commandId: string }>();
  const envelope = JSON.parse((await arrived).toString()) as SignedEnvelope<'command'>;
  t.ok(verifyEnvelope(envelope, 'command', { trustedKeys: creds.trustedKeys, now: Date.now(), recipient: { deviceId: creds.deviceId, areaChain: creds.areaChain } }).ok);
  t.same(envelope.payload, { action: 'volume', level: 35 });
  t.equal(envelope.id, commandId);

  await client.publishAsync(deviceTopic('commandResult', creds.deviceId), encode('commandResult', { commandId, ok: true, at: Date.now() }), { qos: 1 });
  let result: { ok: number | null }[] = [];
  for (let i = 0; i < 50 && result[0]?.ok !== 1; i++) {
    await new Promise((r) => setTimeout(r, 20));
    result = (await h.hub.app.inject({ url: `/api/devices/${creds.deviceId}/commands`, headers: h.auth })).json<{ commands: { ok: number | null }[] }>().commands;
  }
  t.equal(result[0]?.ok, 1, 'the result is stored against the command');
  const bad = await h.hub.app.inject({ method: 'POST', url: `/api/devices/${creds.deviceId}/commands`, headers: h.auth, payload: { action: 'shell', cmd: 'reboot' } });
  t.equal(bad.json<{ error: { code: string } }>().error.code, 'HUB_ERR_VALIDATION', 'never a shell command');
});

t.test('revoking a device cuts its live session and refuses it afterwards', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h);
  const client = await connectDevice(h, creds);
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  const res = await h.hub.app.inject({ method: 'POST', url: `/api/devices/${creds.deviceId}/revoke`, headers: h.auth });
  t.equal(res.statusCode, 200);
  await closed;
  t.equal(h.hub.broker.isDeviceConnected(creds.deviceId), false);
  await t.rejects(connectDevice(h, creds), 'the old credentials no longer connect');
  await client.endAsync(true);
});

t.test('a full disk during upload gives HUB_ERR_DISK_FULL and leaves earlier media intact', async (t) => {
  let full = false;
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  const fullDisk: MediaFs = {
    ...nodeMediaFs,
    open: async (path, flags, mode) => {
      const handle = await nodeMediaFs.open(path, flags, mode);
      if (!full) return handle;
      return {
        write: async () => Promise.reject(enospc()),
        sync: () => handle.sync(),
        close: () => handle.close(),
        createReadStream: (o) => handle.createReadStream(o),
      };
    },
  };
  const h = await startTestHub({ mediaFs: fullDisk });
  t.teardown(h.stop);
  const mp3 = readFileSync(new URL('../../fixtures/media/speech-vi.mp3', import.meta.url));
  const wav = readFileSync(new URL('../../fixtures/media/speech-vi.wav', import.meta.url));
  const first = await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'audio/mpeg' }, payload: mp3 });
  t.equal(first.statusCode, 201);
  full = true;
  const second = await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'audio/wav' }, payload: wav });
  t.equal(second.statusCode, 507);
  t.equal(second.json<{ error: { code: string } }>().error.code, 'HUB_ERR_DISK_FULL');
  full = false;
  const { ref } = first.json<{ ref: { sha256: string } }>();
  const back = await h.hub.app.inject({ url: `/api/media/${ref.sha256}`, headers: h.auth });
  t.same(back.rawPayload, mp3, 'the earlier file is intact');
  // Uploads only: the hub stores its own attention tone at start (design.md §5), which is not an upload.
  const rows = await h.hub.deps.db.get<{ n: number }>("SELECT count(*) AS n FROM media WHERE origin = 'upload'");
  t.equal(rows?.n, 1, 'no record of the failed upload');
});
