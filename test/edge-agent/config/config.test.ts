// One validated, frozen configuration (style.md §10), the technician's command line, the state directory, and the
// driver choice — each refusing bad input with a coded error that lists every problem.
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import { WavFileSink } from '../../../edge-agent/src/audio/wav-file-sink.js';
import { AGENT_BUILD_TIME, envNames, loadAgentConfig, resolveAgentConfig } from '../../../edge-agent/src/config/agent-config.js';
import { parseCliArgs } from '../../../edge-agent/src/config/cli-args.js';
import { checkEnrolInput } from '../../../edge-agent/src/config/enrol.js';
import { loadEnrolment, saveEnrolment, type Enrolment } from '../../../edge-agent/src/config/state-dir.js';
import { technicianReport } from '../../../edge-agent/src/config/technician-messages.js';
import { AgentError } from '../../../edge-agent/src/errors.js';
import { PngSnapshotSink } from '../../../edge-agent/src/led/png-snapshot-sink.js';
import { chooseDrivers } from '../../../edge-agent/src/runtime/choose-drivers.js';
import { TEST_HUB_KEY } from '../../helpers/test-keys.js';

t.test('defaults, then the file, then the environment by derived names; frozen', async (t) => {
  const c = resolveAgentConfig({ audio: { driver: 'virtual' }, link: { keepaliveSec: 30 } }, { TINNGUON_AGENT_LINK_KEEPALIVE_SEC: '120', TINNGUON_AGENT_CLOCK_TRUST_SYSTEM_NTP: 'true', TINNGUON_AGENT_STATE_DIR: '/tmp/x' });
  t.equal(c.audio.driver, 'virtual', 'from the file');
  t.equal(c.link.keepaliveSec, 120, 'the environment wins');
  t.equal(c.clock.trustSystemNtp, true);
  t.equal(c.stateDir, '/tmp/x');
  t.equal(c.clock.notBefore, AGENT_BUILD_TIME, 'the build date floor by default');
  t.equal(c.led.driver, 'auto');
  t.ok(Object.isFrozen(c) && Object.isFrozen(c.link), 'frozen all the way down');
  t.equal(resolveAgentConfig({}, {}, { stateDir: '/srv/agent' }).stateDir, '/srv/agent', '--state overrides everything');
  t.ok(envNames().some((e) => e.name === 'TINNGUON_AGENT_AUDIO_ALSA_DEVICE'), 'every scalar has an environment name');
  t.notOk(envNames().some((e) => e.name.startsWith('TINNGUON_AGENT_LED_MATRIX')), 'structured values only from the file');
});

t.test('invalid configuration fails fast, listing every problem', async (t) => {
  const err = t.throws(() => resolveAgentConfig({ audio: { driver: 'alsa' }, bogus: 1 }, { TINNGUON_AGENT_LINK_KEEPALIVE_SEC: '0' })) as AgentError;
  t.equal(err.code, 'AGENT_ERR_CONFIG_INVALID');
  t.match(err.message, /audio\/driver/);
  t.match(err.message, /link\/keepaliveSec/, 'keepalive 0 is refused (the hub requires 1..900 s)');
  t.match(err.message, /bogus/);
  t.throws(() => resolveAgentConfig({ led: { driver: 'rpi' } }, {}), { code: 'AGENT_ERR_CONFIG_INVALID', message: /panel geometry/ });
  const dir = t.testdir({ 'bad.json': '{"audio": ', 'ok.json': '{"logLevel": "debug"}' });
  t.throws(() => loadAgentConfig({ env: {}, file: join(dir, 'bad.json') }), { code: 'AGENT_ERR_CONFIG_INVALID', message: /cannot read/ });
  t.equal(loadAgentConfig({ env: { TINNGUON_AGENT_CONFIG: join(dir, 'ok.json') } }).logLevel, 'debug', 'the file named in the environment');
});

t.test('command line', async (t) => {
  t.same(parseCliArgs(['enroll', '--hub', 'https://hub.example', '--code', 'ABCD-EFGH']), { command: 'enroll', hubUrl: 'https://hub.example', code: 'ABCD-EFGH' });
  t.same(parseCliArgs(['run', '--state', '/var/lib/x']), { command: 'run', stateDir: '/var/lib/x' });
  t.same(parseCliArgs([]), { command: 'help' });
  for (const bad of [['play'], ['enroll', '--hub', 'x'], ['run', '--code', 'X'], ['run', '--volume', '5'], ['run', 'extra']]) {
    t.throws(() => parseCliArgs(bad), { code: 'AGENT_ERR_USAGE' }, bad.join(' '));
  }
  t.throws(() => checkEnrolInput('ftp://hub', 'ABCD-EFGH'), { code: 'AGENT_ERR_USAGE', message: /http\(s\)/ });
  t.throws(() => checkEnrolInput('https://hub', 'abc'), { code: 'AGENT_ERR_USAGE', message: /ABCD-EFGH/ });
  t.equal(checkEnrolInput('https://hub', ' abcd-efgh ').code, 'ABCD-EFGH', 'typed in lower case on a phone keyboard: accepted');
});

t.test('technician messages: code, Vietnamese, English, detail', async (t) => {
  t.equal(
    technicianReport(new AgentError('AGENT_ERR_NOT_ENROLLED', '/var/lib/x/credentials.json is missing')),
    '[AGENT_ERR_NOT_ENROLLED] Thiết bị chưa được đăng ký. Chạy: edge-agent enroll --hub URL --code MÃ (mã lấy từ bảng điều khiển của hệ thống). (/var/lib/x/credentials.json is missing)\n' +
      '[AGENT_ERR_NOT_ENROLLED] This device is not enrolled. Run: edge-agent enroll --hub URL --code CODE (the code comes from the hub console). (/var/lib/x/credentials.json is missing)',
  );
  t.match(technicianReport(new Error('boom')), /^Lỗi không mong đợi: boom\nUnexpected error: boom$/);
});

t.test('state directory: credentials mode 600, keys and area chain; missing or inconsistent state is coded', async (t) => {
  const dir = join(t.testdir(), 'state');
  const enrolment: Enrolment = {
    deviceId: 'loa-24628-0001', kind: 'loudspeaker', name: 'Cụm loa thôn 1', mqttUsername: 'loa-24628-0001', mqttPassword: 'p'.repeat(32),
    mqttUrl: 'mqtt://hub:1883', hubUrl: 'http://hub:8080', areaChain: ['67', '660', '24628'], timeZone: 'Asia/Ho_Chi_Minh', trustedKeys: [TEST_HUB_KEY.publicKey],
  };
  await t.rejects(loadEnrolment(dir), { code: 'AGENT_ERR_NOT_ENROLLED' });
  await saveEnrolment(dir, enrolment);
  t.equal((await stat(join(dir, 'credentials.json'))).mode & 0o777, 0o600);
  t.equal((await stat(dir)).mode & 0o777, 0o700, 'the directory is the agent user’s');
  t.same(await loadEnrolment(dir), enrolment, 'read back as given');
  await writeFile(join(dir, 'device.json'), JSON.stringify({ ...enrolment, deviceId: 'loa-khac-00001', mqttUsername: undefined, mqttPassword: undefined, mqttUrl: undefined, hubUrl: undefined, trustedKeys: undefined }));
  await t.rejects(loadEnrolment(dir), { code: 'AGENT_ERR_STATE_DIR', message: /credentials are for loa-24628-0001/ });
  await writeFile(join(dir, 'trusted-keys.json'), '[]');
  await t.rejects(loadEnrolment(dir), { code: 'AGENT_ERR_STATE_DIR' });
});

t.test('drivers: auto means virtual off a Pi; explicit choices are honoured or refused with a reason', async (t) => {
  const base = { stateDir: '/tmp/agent' };
  const offPi = { isRaspberryPi: () => false, hasSpeakerModule: () => false };
  // chooseDrivers is async: it imports only the drivers of the device's kind (issue 8).
  t.ok((await chooseDrivers(resolveAgentConfig(base, {}), 'loudspeaker', offPi)).audioSink instanceof VirtualSink, 'auto → virtual on a PC');
  t.ok((await chooseDrivers(resolveAgentConfig({ ...base, audio: { driver: 'wav' } }, {}), 'loudspeaker', offPi)).audioSink instanceof WavFileSink);
  await t.rejects(chooseDrivers(resolveAgentConfig({ ...base, audio: { driver: 'speaker' } }, {}), 'loudspeaker', offPi), { code: 'AGENT_ERR_AUDIO_DRIVER' });
  const led = await chooseDrivers(resolveAgentConfig({ ...base, led: { width: 64, height: 16 } }, {}), 'led', offPi);
  t.ok(led.ledSink instanceof PngSnapshotSink);
  t.same(led.ledSize, { width: 64, height: 16 });
  const matrix = { rows: 32, cols: 64, chainLength: 2, parallel: 1 };
  await t.rejects(chooseDrivers(resolveAgentConfig({ ...base, led: { driver: 'rpi', matrix } }, {}), 'led', offPi), { code: 'AGENT_ERR_LED_DRIVER' }, 'the matrix driver is never built off a Pi');
});
