// Technician mode on a real hub: an LED board and a loudspeaker cluster in their own worker process. The technician
// sees what plays now and why, writes the board's frame to a PNG, fills the SD card and corrupts a cached file by
// hand (the device reports the one and repairs the other), drops the link, and cuts the power.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { decodePng } from '../../edge-agent/src/led/png-decode.js';
import { FleetRunner } from '../../simulators/src/fleet/fleet-runner.js';
import { TechSession } from '../../simulators/src/tech/tech-session.js';
import { startTestHub } from '../helpers/hub-instance.js';
import { enrolSimFleet, hubLogs, publishBulletin, waitFor } from './sim-harness.js';

t.test('a technician looks inside, injects faults by hand and saves the LED frame', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const dir = t.testdir();
  const led = await enrolSimFleet(h, join(dir, 'led'), 1, 'led', ['24628']);
  const speaker = await enrolSimFleet(h, join(dir, 'speaker'), 1, 'loudspeaker', ['24628']);
  const devices = [led.devices[0], { index: 1, stateDir: speaker.devices[0]?.stateDir ?? '' }].filter((d) => d !== undefined);
  const runner = new FleetRunner({
    devices, workers: 1,
    host: { hubUrl: h.httpUrl, mqttUrl: h.mqttUrl, proxy: true, clockOffsetMs: 0, trustWallClock: false, realtime: false, rampPerSec: 50, seed: 3, countsEveryMs: 600_000, logHistory: 20 },
  });
  t.teardown(() => runner.stop());
  await runner.start();
  // Periodic counts are off (every 10 minutes): everything below counts on being asked.
  await waitFor('both online with a trusted clock', async () => {
    const c = await runner.countsNow();
    return c.online === 2 && c.trusted === 2 && c.manifest === 2;
  });
  const printed: string[] = [];
  const written = new Map<string, Buffer>();
  const board = new TechSession({ runner, index: 0, print: (l) => printed.push(...l), writeFile: async (p, d) => void written.set(p, d) });
  const cluster = new TechSession({ runner, index: 1, print: (l) => printed.push(...l) });
  const say = async (session: TechSession, line: string): Promise<string> => {
    printed.length = 0;
    t.ok(await session.line(line), `"${line}" keeps the session open`);
    return printed.join('\n');
  };

  t.match(await say(board, 'png'), 'SIM_ERR_NO_FRAME', 'nothing shown yet');
  const alert = await publishBulletin(h, {
    title: 'Cháy rừng', priority: 'emergency', originArea: '67', targetAreas: ['24628'],
    content: { kind: 'ledText', slide: { type: 'text', text: 'CẢNH BÁO CHÁY RỪNG', durationMs: 60_000 } }, schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await waitFor('the board shows the alert', async () => (await runner.inspect(0)).ledPng !== undefined);
  t.match(await say(board, ''), `Đang phát thực tế / actually playing: ${alert} (emergency)`, '"now" says what the board shows');
  await waitFor('the alert in the board’s manifest too', async () => (await runner.inspect(0)).manifest?.bulletins.some((b) => b.bulletinId === alert));
  t.match(await say(board, 'now'), /KHẨN CẤP \/ EMERGENCY "Cháy rừng/, 'and that the emergency is in force');
  t.match(await say(board, 'png /x/now.png'), 'Đã lưu / saved /x/now.png');
  const frame = decodePng(written.get('/x/now.png') ?? Buffer.alloc(0));
  t.same([frame.width, frame.height], [128, 32], 'a PNG of the whole board');
  t.ok(frame.pixels.some((p) => p !== 0), 'with something lit');
  t.match(await say(cluster, 'png'), 'cụm loa không có màn hình', 'a loudspeaker has no frame to save');

  // A full SD card: the cluster cannot cache a new emergency's speech, and says so to the hub.
  t.match(await say(cluster, 'fault fill-disk'), 'fill-disk');
  t.match(await say(cluster, 'status'), 'fill-disk');
  const text = 'Cảnh báo lũ quét. Người dân ven suối di chuyển lên vùng cao.';
  const flood = await publishBulletin(h, {
    title: 'Lũ quét', priority: 'emergency', originArea: '67', targetAreas: ['24628'], content: { kind: 'tts', text }, schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  const speakerId = (await runner.inspect(1)).report.deviceId;
  const refused = await waitFor('the disk-full report at the hub', async () => (await hubLogs(h)).find((r) => r.device_id === speakerId && r.reason === 'AGENT_ERR_DISK_FULL'));
  t.equal(refused.bulletin_id === flood || refused.event === 'fault' || refused.event === 'failed', true, `reported as ${refused.event}`);
  t.match(await say(cluster, 'heal fill-disk'), 'fill-disk');

  // The same speech again (same text, same SHA-256) after the cached copy was corrupted: found out, fetched again.
  const again = await publishBulletin(h, {
    title: 'Lũ quét (nhắc lại)', priority: 'emergency', originArea: '67', targetAreas: ['24628'], content: { kind: 'tts', text }, schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await waitFor('the repeat played', async () => (await hubLogs(h)).find((r) => r.device_id === speakerId && r.bulletin_id === again && r.event === 'played'));
  t.match(await say(cluster, 'fault corrupt'), 'corrupt');
  const third = await publishBulletin(h, {
    title: 'Lũ quét (lần ba)', priority: 'emergency', originArea: '67', targetAreas: ['24628'], content: { kind: 'tts', text }, schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await waitFor('played from a verified copy', async () => (await hubLogs(h)).find((r) => r.device_id === speakerId && r.bulletin_id === third && r.event === 'played'));
  const cacheDir = join(speaker.devices[0]?.stateDir ?? '', 'cache');
  const names = (await readdir(cacheDir)).filter((x) => /^[0-9a-f]{64}$/.test(x));
  for (const name of names) t.equal(createHash('sha256').update(await readFile(join(cacheDir, name))).digest('hex'), name, `cached ${name.slice(0, 8)}… matches its name again`);

  // The link, by hand; then a power cut.
  t.match(await say(board, 'fault drop'), 'heal drop');
  await waitFor('the board offline', async () => (await runner.inspect(0)).status?.connected === false);
  t.equal((await runner.countsNow()).online, 1, 'counts taken on request see the board offline at once');
  t.match(await say(board, 'status'), 'Kết nối / connected: không / no');
  await say(board, 'heal drop');
  await waitFor('the board back', async () => (await runner.inspect(0)).status?.connected === true, 30_000);
  t.match(await say(board, 'kill 300ms'), 'power cut');
  await waitFor('both devices back after the power cut', async () => (await runner.countsNow()).online === 2, 30_000);
  t.match(await say(board, 'logs'), 'Đã gửi máy chủ / sent to the hub');
  t.match(await say(cluster, 'sync'), 'manifest');
  t.match(await say(board, 'fault meteor'), 'SIM_ERR_USAGE', 'a typo is answered, not fatal');
  t.equal(await board.line('quit'), false, 'quit ends the session');
  board.close();
  cluster.close();
});
