// The technician's commands and the crash that must not lose or double a log: `edge-agent enroll` stores the
// credentials (mode 600), keys and area chain; `edge-agent run` plays an emergency; SIGKILL in the middle of it; the
// restarted agent plays it again from its manifest, and the hub ends with exactly one 'played' row for it.
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { startTestHub } from '../../helpers/hub-instance.js';
import { hubLogs, isRow, publishBulletin, waitFor } from './agent-harness.js';
import { runCli, startAgentProcess } from './agent-process.js';

t.test('enroll, run, SIGKILL mid-play, restart: nothing lost, nothing doubled', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const created = await h.hub.app.inject({ method: 'POST', url: '/api/devices', headers: h.auth, payload: { kind: 'loudspeaker', areaCode: '24628', name: 'Cụm loa thôn 3' } });
  const { enrolmentCode, device } = created.json<{ enrolmentCode: string; device: { id: string } }>();
  const stateDir = join(t.testdir(), 'state');

  const usage = await runCli(['enroll', '--hub', h.httpUrl]);
  t.equal(usage.code, 2, 'a missing --code is a usage error');
  t.match(usage.stderr, /\[AGENT_ERR_USAGE\] Lệnh không đúng[^\n]*\n\[AGENT_ERR_USAGE\] Invalid command/, 'in Vietnamese, then English');
  const wrong = await runCli(['enroll', '--hub', h.httpUrl, '--code', 'AAAA-BBBB-CCCC', '--state', stateDir]);
  t.equal(wrong.code, 1, 'a refused code exits 1');
  t.match(wrong.stderr, /\[AGENT_ERR_ENROLMENT_FAILED\] Đăng ký với máy chủ thất bại.*HUB_ERR_ENROLMENT_CODE/, 'the hub’s code is passed on');
  const notYet = await runCli(['run', '--state', stateDir]);
  t.match(notYet.stderr, /\[AGENT_ERR_NOT_ENROLLED\] Thiết bị chưa được đăng ký/, 'run before enroll says what to do');

  const enrolled = await runCli(['enroll', '--hub', h.httpUrl, '--code', enrolmentCode, '--state', stateDir]);
  t.equal(enrolled.code, 0, 'enrolment succeeds');
  t.match(enrolled.stdout, new RegExp(`Đã đăng ký thiết bị ${device.id}`), 'and says so in Vietnamese');
  t.equal((await stat(join(stateDir, 'credentials.json'))).mode & 0o777, 0o600, 'the credentials file is mode 600');
  t.same((JSON.parse(await readFile(join(stateDir, 'device.json'), 'utf8')) as { areaChain: string[] }).areaChain, ['67', '660', '24628'], 'the area chain is stored');

  const env = {
    TINNGUON_AGENT_LINK_MQTT_URL: h.mqttUrl, TINNGUON_AGENT_LINK_HUB_URL: h.httpUrl, TINNGUON_AGENT_AUDIO_DRIVER: 'virtual',
    TINNGUON_AGENT_LINK_BACKOFF_BASE_MS: '100', TINNGUON_AGENT_LOG_LEVEL: 'info',
  };
  const first = startAgentProcess(stateDir, env);
  t.teardown(() => void first.child.kill('SIGKILL'));
  await first.waitForLog('clock trust changed');
  await new Promise((r) => setTimeout(r, 500));
  const idleRss = first.rssKiB();

  const id = await publishBulletin(h, {
    title: 'Bão số 5', priority: 'emergency', originArea: '67', targetAreas: ['24628'],
    content: { kind: 'tts', text: 'Bão số năm đang tiến vào đất liền. Người dân không ra khơi, chằng chống nhà cửa, di chuyển đến nơi trú ẩn an toàn ngay bây giờ.' },
    schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await first.waitForLog('emergency offered');
  await new Promise((r) => setTimeout(r, 1500));
  const playingRss = first.rssKiB();
  first.child.kill('SIGKILL');
  t.equal((await first.exited).signal, 'SIGKILL', 'killed in the middle of the emergency');
  t.same((await hubLogs(h, device.id)).filter(isRow('played', id)), [], 'the cut-off play was not reported as played');

  const second = startAgentProcess(stateDir, env);
  t.teardown(() => void second.child.kill('SIGKILL'));
  await second.waitForLog('emergency offered');
  const played = await waitFor('the emergency played in full and logged', async () => (await hubLogs(h, device.id)).find(isRow('played', id)), 90_000);
  t.ok((played.played_ms ?? 0) > 3000, 'from the start, in full');
  second.child.kill('SIGTERM');
  t.equal((await second.exited).code, 0, 'SIGTERM stops it cleanly');
  const rows = await hubLogs(h, device.id);
  t.equal(rows.filter(isRow('played', id)).length, 1, 'exactly one played row for the emergency');
  t.same(rows.map((r) => r.seq), [...new Set(rows.map((r) => r.seq))], 'no seq twice');
  const offline = await h.hub.deps.db.get<{ online: number }>('SELECT online FROM devices WHERE id = ?', [device.id]);
  t.equal(offline?.online, 0, 'a clean stop leaves the device offline at the hub');
  t.comment(`agent RSS: idle ${Math.round(idleRss / 1024)} MiB, playing ${Math.round(playingRss / 1024)} MiB (node, from source under the TypeScript loader)`);
});
