import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { signEnvelope, verifyEnvelope } from '@tinnguon/protocol';
import { loadConfig, publicUrls, resolveConfig } from '../../../hub/src/config/config.js';
import { loadKeyring, rotateKey } from '../../../hub/src/keys/keyring.js';
import { isHubError } from '../../../hub/src/errors.js';

t.test('defaults: HTTP 8080, MQTT 1883, data under ./data, demo province on', async (t) => {
  const c = resolveConfig({}, {});
  t.equal(c.httpPort, 8080);
  t.equal(c.mqttPort, 1883);
  t.equal(c.dataDir, join(process.cwd(), 'data'));
  t.equal(c.demoProvince, true);
  t.ok(Object.isFrozen(c));
  t.same(publicUrls(c), { http: 'http://127.0.0.1:8080', mqtt: 'mqtt://127.0.0.1:1883' });
});

t.test('HUB_PORT, MQTT_PORT and DATA_DIR override the file, which overrides defaults', async (t) => {
  const c = resolveConfig({ httpPort: 9000, manifestHorizonDays: 2 }, { HUB_PORT: '9100', MQTT_PORT: '0', DATA_DIR: '/tmp/tn', TINNGUON_DEMO_PROVINCE: 'false' });
  t.equal(c.httpPort, 9100);
  t.equal(c.mqttPort, 0);
  t.equal(c.dataDir, '/tmp/tn');
  t.equal(c.manifestHorizonDays, 2);
  t.equal(c.demoProvince, false);
});

t.test('invalid config fails fast and lists every problem', async (t) => {
  try {
    resolveConfig({ httpPort: 'eighty', surprise: 1 }, { MQTT_PORT: '70000' });
    t.fail('should throw');
  } catch (err) {
    t.ok(isHubError(err, 'HUB_ERR_CONFIG_INVALID'));
    const problems = (err as { details: string[] }).details;
    t.ok(problems.some((p) => p.startsWith('httpPort')), 'names httpPort');
    t.ok(problems.some((p) => p.startsWith('mqttPort')), 'names mqttPort');
    t.ok(problems.length >= 3, 'and the unknown key');
  }
  t.throws(() => loadConfig({ env: {}, file: '/nonexistent/tinnguon.json' }), { code: 'HUB_ERR_CONFIG_INVALID' });
});

t.test('the keyring creates a key with mode 600 on first start and rotates without dropping trust', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tn-keys-'));
  t.teardown(async () => (await import('node:fs/promises')).rm(dir, { recursive: true, force: true }));
  const first = await loadKeyring(dir, () => 1_000);
  const files = await readdir(join(dir, 'keys'));
  t.equal(files.length, 1);
  t.equal((await stat(join(dir, 'keys', files[0]!))).mode & 0o777, 0o600);
  t.same((await loadKeyring(dir)).active.keyId, first.active.keyId, 'stable across restarts');

  await rotateKey(dir, () => 2_000);
  const second = await loadKeyring(dir);
  t.not(second.active.keyId, first.active.keyId, 'the new key is active');
  t.equal(second.trusted.length, 2, 'devices still trust the old key');
  const env = signEnvelope(first.active, {
    type: 'stop', id: 'stop-rotation-01', issuedAt: 10, expiresAt: 1_000_000, mode: 'live',
    targets: { areas: ['67'], devices: [] }, payload: { scope: 'all' },
  });
  t.ok(verifyEnvelope(env, 'stop', { trustedKeys: second.trusted, now: 100, recipient: { areaChain: ['67'] } }).ok);
});
