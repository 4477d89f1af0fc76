// The hub's half of the attention tone (design.md §5), on a real hub with real SQLite: every manifest names the tone,
// a device fetches it by its SHA-256 from the ordinary media route, an operator's own file replaces it, a bad file
// stops start-up with HUB_ERR_ATTENTION_TONE_INVALID, and `off` sends no tone.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { verifyEnvelope, type MediaRef } from '@tinnguon/protocol';
import { CHIME_DURATION_MS, generateChime } from '../../../hub/src/attention-tone/index.js';
import { resolveConfig } from '../../../hub/src/config/config.js';
import { createHub } from '../../../hub/src/hub.js';
import { basicAuth, enrolDevice, startTestHub, type RunningHub } from '../../helpers/hub-instance.js';
import { sineWav } from './tone-fixtures.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function deviceView(h: RunningHub): Promise<{ tone: MediaRef | undefined; fetch: (sha: string) => Promise<{ status: number; body: Buffer }> }> {
  const creds = await enrolDevice(h);
  const res = await h.hub.app.inject({ url: '/api/device/manifest', headers: basicAuth(creds) });
  // What the agent does first: the manifest must verify under the key it was enrolled with.
  const verified = verifyEnvelope(res.json(), 'manifest', { trustedKeys: creds.trustedKeys, now: Date.now(), recipient: { deviceId: creds.deviceId, areaChain: creds.areaChain } });
  if (!verified.ok) throw new Error(`manifest does not verify: ${verified.error.code}`);
  return {
    tone: verified.value.payload.attentionTone,
    fetch: async (sha) => {
      const got = await h.hub.app.inject({ url: `/api/device/media/${sha}`, headers: basicAuth(creds) });
      return { status: got.statusCode, body: got.rawPayload };
    },
  };
}

t.test('by default every manifest carries the chime, and a device downloads exactly those bytes', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const chime = generateChime();
  const device = await deviceView(h);
  t.same(device.tone, { sha256: sha256(chime), bytes: chime.length, mime: 'audio/wav', durationMs: CHIME_DURATION_MS }, 'the signed manifest names the tone');
  const got = await device.fetch(device.tone!.sha256);
  t.equal(got.status, 200);
  t.equal(sha256(got.body), device.tone!.sha256, 'the device media route serves bytes with the announced SHA-256');
  const second = await deviceView(h);
  t.same(second.tone, device.tone, 'another device gets the same tone');
  const rows = await h.hub.deps.db.all<{ origin: string }>('SELECT origin FROM media WHERE sha256 = ?', [device.tone!.sha256]);
  t.same(rows, [{ origin: 'system' }], 'stored once, as the hub’s own media');

  // A restart on the same data directory finds the tone already there: same hash, still one row, still served.
  await h.hub.stop();
  const again = await createHub(h.hub.deps.config);
  t.teardown(() => again.stop());
  const rowsAfter = await again.deps.db.all<{ n: number }>('SELECT count(*) AS n FROM media');
  t.same(rowsAfter, [{ n: 1 }], 'no second copy after a restart');
  const back = await again.app.inject({ url: `/api/media/${device.tone!.sha256}`, headers: h.auth });
  t.equal(sha256(back.rawPayload), device.tone!.sha256);
});

t.test('an operator’s own tone file is used instead', async (t) => {
  const dir = t.testdir();
  const own = sineWav(1200, 22_050);
  const path = join(dir, 'chuong-bao.wav');
  await writeFile(path, own);
  const h = await startTestHub({}, { attentionTone: path });
  t.teardown(h.stop);
  const device = await deviceView(h);
  t.same(device.tone, { sha256: sha256(own), bytes: own.length, mime: 'audio/wav', durationMs: 1200 });
  const got = await device.fetch(sha256(own));
  t.same(got.body, Buffer.from(own), 'the device downloads the operator’s file, byte for byte');
  t.equal(await h.hub.deps.mediaRecords.get(sha256(generateChime())), undefined, 'the default chime is not stored');
});

t.test('`off` sends manifests without a tone', async (t) => {
  const h = await startTestHub({}, { attentionTone: 'off' });
  t.teardown(h.stop);
  const device = await deviceView(h);
  t.equal(device.tone, undefined);
  t.same(await h.hub.deps.db.all('SELECT sha256 FROM media'), [], 'nothing stored');
});

t.test('a bad tone file stops start-up with HUB_ERR_ATTENTION_TONE_INVALID', async (t) => {
  const dir = t.testdir();
  const mp3 = join(dir, 'nhac.mp3');
  await writeFile(mp3, readFileSync(new URL('../../fixtures/media/speech-vi.mp3', import.meta.url)));
  const long = join(dir, 'dai-qua.wav');
  await writeFile(long, sineWav(15_000, 8000));
  const config = (tone: string) => resolveConfig({ host: '127.0.0.1', httpPort: 0, mqttPort: 0, dataDir: join(dir, 'data'), attentionTone: tone }, {});
  await t.rejects(createHub(config(mp3)), { code: 'HUB_ERR_ATTENTION_TONE_INVALID', message: /nhac\.mp3: not a 16-bit PCM WAV/ }, 'an MP3');
  await t.rejects(createHub(config(long)), { code: 'HUB_ERR_ATTENTION_TONE_INVALID', message: /15000 ms long/ }, 'fifteen seconds of beep');
  await t.rejects(createHub(config(join(dir, 'khong-co.wav'))), { code: 'HUB_ERR_ATTENTION_TONE_INVALID', message: /cannot read \(ENOENT\)/ }, 'a missing file');
  await t.rejects(createHub(config(dir)), { code: 'HUB_ERR_ATTENTION_TONE_INVALID' }, 'a directory');
});

t.test('the hub process refuses to start on a bad tone, saying why in Vietnamese and English', async (t) => {
  const root = new URL('../../../', import.meta.url).pathname;
  const dataDir = await mkdtemp(join(tmpdir(), 'tn-tone-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [...process.execArgv, join(root, 'hub/src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, HUB_PORT: '0', MQTT_PORT: '0', TINNGUON_HOST: '127.0.0.1', TINNGUON_DEMO_FLEET: '0', TINNGUON_ATTENTION_TONE: join(dataDir, 'missing.wav') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.equal(code, 1, 'the process exits instead of running without its tone');
  t.match(out, /HUB_ERR_ATTENTION_TONE_INVALID/);
  t.match(out, /Tệp âm báo trước bản tin khẩn cấp không dùng được/, 'the Vietnamese message');
  t.match(out, /missing\.wav: cannot read \(ENOENT\)/, 'naming the file');
  t.notMatch(out, /đang chạy/, 'it never said it was running');
});
