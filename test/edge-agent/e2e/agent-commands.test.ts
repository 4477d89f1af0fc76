// Remote control (design.md §6; domain.md: vendors offer volume, amplifier, stop/next/pause/resume, reboot): every
// command is signed by the hub, carried out, and answered with a result the hub records. A forged one is refused and
// reported; a reboot is an exit with the code systemd restarts, after the journal is flushed.
import t from 'tap';
import { deviceTopic, mediaOf, signEnvelope } from '@tinnguon/protocol';
import { openAudioFile } from '../../../edge-agent/src/audio/audio-file.js';
import { enrolDevice, startTestHub, type RunningHub } from '../../helpers/hub-instance.js';
import { TEST_ATTACKER_KEY } from '../../helpers/test-keys.js';
import { agentFor, hubLogs, isRow, publishBulletin, waitFor } from './agent-harness.js';

interface CommandRow {
  readonly id: string;
  readonly ok: number | null;
  readonly code: string | null;
  readonly detail: string | null;
}

async function command(h: RunningHub, deviceId: string, body: Record<string, unknown>): Promise<CommandRow> {
  const sent = await h.hub.app.inject({ method: 'POST', url: `/api/devices/${deviceId}/commands`, headers: h.auth, payload: body });
  if (sent.statusCode !== 202) throw new Error(sent.body);
  const { commandId } = sent.json<{ commandId: string }>();
  return waitFor(`result of ${JSON.stringify(body)}`, async () => {
    const res = await h.hub.app.inject({ url: `/api/devices/${deviceId}/commands`, headers: h.auth });
    const row = res.json<{ commands: CommandRow[] }>().commands.find((c) => c.id === commandId);
    return row?.ok === null ? undefined : row;
  });
}

t.test('signed commands are carried out and answered; a forged one is refused; reboot exits 75', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628');
  let exitCode: number | undefined;
  const a = agentFor(h, { stateDir: t.testdir(), creds, deps: { exit: (code) => (exitCode = code) } });
  await a.agent.start();
  t.teardown(() => a.agent.stop());
  await waitFor('synced', () => a.agent.status().clock.trusted && a.agent.status().manifestVersion !== null);

  const volume = await command(h, creds.deviceId, { action: 'volume', level: 35 });
  t.equal(volume.ok, 1, 'volume answered ok');
  t.match(volume.detail, /Đã đặt âm lượng: 35/, 'with a Vietnamese detail');
  t.equal(a.agent.status().volume, 35, 'and the volume is 35');

  t.equal((await command(h, creds.deviceId, { action: 'amplifier', on: true })).ok, 1, 'amplifier on answered');
  t.equal(a.amplifier.state, 'on', 'the amplifier is held on');
  t.equal((await command(h, creds.deviceId, { action: 'amplifier', on: false })).ok, 1, 'amplifier off answered');
  t.equal(a.amplifier.state, 'off', 'and back to automatic (off while idle)');

  const snapshot = await command(h, creds.deviceId, { action: 'snapshot' });
  t.same([snapshot.ok, snapshot.code], [0, 'AGENT_ERR_COMMAND_UNSUPPORTED'], 'a loudspeaker has nothing to photograph, and says so');
  const resync = await command(h, creds.deviceId, { action: 'resync' });
  t.equal(resync.ok, 1, 'resync answered');
  t.match(resync.detail, /manifest same/, 'the manifest was fetched again');

  const id = await publishBulletin(h, {
    title: 'Thử còi', priority: 'emergency', originArea: '67', targetAreas: ['24628'], repeat: 3,
    content: { kind: 'tts', text: 'Đây là bản tin thử nghiệm hệ thống cảnh báo. Xin lỗi vì đã làm phiền bà con.' },
    schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await waitFor('the emergency sounds', () => a.events.find((e) => e.type === 'firstFrame' && e.bulletinId === id));
  const bulletin = await waitFor('the manifest to catch up', () => a.agent.manifest?.bulletins.find((b) => b.bulletinId === id));
  const media = mediaOf(bulletin.content)[0];
  let masteredPeak = 0;
  for await (const chunk of openAudioFile(a.agent.parts.media.pathFor(media?.sha256 ?? ''), new AbortController().signal)) {
    for (const s of chunk.pcm) masteredPeak = Math.max(masteredPeak, Math.abs(s));
  }
  await waitFor('a second of audio', () => (a.sink.last?.durationMs ?? 0) > 1000);
  const heardPeak = a.sink.last?.peak ?? 0;
  t.ok(heardPeak > 0 && heardPeak <= Math.ceil(masteredPeak * 0.35) + 1, `played at volume 35 (peak ${heardPeak} of ${masteredPeak} mastered)`);
  t.equal((await command(h, creds.deviceId, { action: 'playback', op: 'next' })).ok, 1, 'next answered');
  t.equal(a.agent.status().playing?.bulletinId, id, '"next" never skips an emergency');
  t.equal((await command(h, creds.deviceId, { action: 'playback', op: 'stop' })).ok, 1, 'stop answered');
  await waitFor('silence', () => a.agent.status().playing === null);
  await waitFor('the stop logged at the hub', async () => (await hubLogs(h, creds.deviceId)).find(isRow('stopped', id)));

  const forged = signEnvelope(TEST_ATTACKER_KEY, {
    type: 'command', id: 'cmd-forged-000001', issuedAt: Date.now(), expiresAt: Date.now() + 60_000, mode: 'live',
    targets: { areas: [], devices: [creds.deviceId] }, payload: { action: 'volume', level: 100 },
  });
  await h.hub.broker.publish(deviceTopic('command', creds.deviceId), Buffer.from(JSON.stringify(forged)), { qos: 1, retain: false });
  const refused = await waitFor('the forged command reported', async () => (await hubLogs(h, creds.deviceId)).find(isRow('rejected')));
  t.equal(refused.reason, 'PROTO_ERR_UNKNOWN_KEY', 'refused: signed by a key the device does not trust');
  t.match(refused.detail, /Lệnh điều khiển bị từ chối/, 'reported in Vietnamese');
  t.equal(a.agent.status().volume, 35, 'the forged volume was not applied');

  const reboot = await command(h, creds.deviceId, { action: 'reboot' });
  t.equal(reboot.ok, 1, 'the reboot is acknowledged before the agent goes');
  await waitFor('exit after a clean stop', () => exitCode);
  t.equal(exitCode, 75, 'exit code 75, which the systemd unit restarts');
  t.equal(a.agent.status().pendingLogs, 0, 'nothing left unsent');
});
