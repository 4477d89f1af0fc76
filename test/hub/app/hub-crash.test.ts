// SIGKILL of the hub in the middle of playback-log batches (issue 3): after a restart no acknowledged row is missing,
// none is doubled, and resending the unacknowledged batches completes the set exactly.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import mqtt from 'mqtt';
import { deviceTopic, type EnrolmentResponse, type LogAck } from '@tinnguon/protocol';
import { openDatabase } from '../../../hub/src/db/index.js';

const root = new URL('../../../', import.meta.url).pathname;

async function startHubProcess(dataDir: string): Promise<{ child: ChildProcess; http: string; mqtt: string }> {
  const child = spawn(process.execPath, [...process.execArgv, join(root, 'hub/src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, HUB_PORT: '0', MQTT_PORT: '0', TINNGUON_HOST: '127.0.0.1', TINNGUON_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const http = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      const mq = /(mqtt:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (http && mq) {
        clearTimeout(timer);
        resolve({ child, http: http[1]!, mqtt: mq[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)));
  });
}

t.test('SIGKILL during log ingest loses no acknowledged row and doubles none', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tn-crash-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  let hub = await startHubProcess(dataDir);
  const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
  const created = (await (await fetch(`${hub.http}/api/devices`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'loudspeaker', areaCode: '24628', name: 'Loa thử SIGKILL' }),
  })).json()) as { enrolmentCode: string };
  const creds = (await (await fetch(`${hub.http}/api/device/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.enrolmentCode }) })).json()) as EnrolmentResponse;

  const acked = new Set<number>();
  const batches = new Map<number, { seq: number; at: number; event: 'played'; bulletinId: string }[]>();
  const connect = (url: string) => mqtt.connectAsync(url, { protocolVersion: 4, clientId: creds.deviceId, username: creds.mqttUsername, password: creds.mqttPassword, reconnectPeriod: 0 });
  let client = await connect(hub.mqtt);
  const onAck = (_topic: string, payload: Buffer) => {
    const ack = JSON.parse(payload.toString()) as LogAck;
    for (let s = ack.fromSeq; s <= ack.toSeq; s++) acked.add(s);
  };
  client.on('message', onAck);
  await client.subscribeAsync(deviceTopic('logAck', creds.deviceId), { qos: 1 });

  // Publish continuously; kill the hub once some batches are committed and more are still in flight.
  let seq = 0;
  let b = 0;
  const publishBatch = () => {
    const entries = Array.from({ length: 50 }, () => ({ seq: ++seq, at: Date.now(), event: 'played' as const, bulletinId: 'bt-crash-0001' }));
    batches.set(b++, entries);
    client.publish(deviceTopic('logBatch', creds.deviceId), JSON.stringify({ entries }), { qos: 1 });
  };
  for (let i = 0; i < 200 && acked.size === 0; i++) {
    publishBatch();
    await new Promise((r) => setTimeout(r, 10));
  }
  const inFlight = 10 + Math.floor(Math.random() * 30);
  for (let i = 0; i < inFlight; i++) publishBatch();
  hub.child.kill('SIGKILL');
  await new Promise((r) => hub.child.once('exit', r));
  client.end(true);
  const ackedBeforeCrash = new Set(acked);
  t.ok(ackedBeforeCrash.size > 0, `some rows were acknowledged before the kill (${ackedBeforeCrash.size} of ${seq})`);

  hub = await startHubProcess(dataDir);
  client = await connect(hub.mqtt);
  client.on('message', onAck);
  await client.subscribeAsync(deviceTopic('logAck', creds.deviceId), { qos: 1 });
  const res = (await (await fetch(`${hub.http}/api/logs?device=${creds.deviceId}&limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as { logs: { seq: number }[] };
  const stored = new Set(res.logs.map((l) => l.seq));
  t.equal(stored.size, res.logs.length, 'no row is doubled');
  t.same([...ackedBeforeCrash].filter((s) => !stored.has(s)), [], 'every acknowledged row survived the SIGKILL');

  // The device resends what was never acknowledged, as its journal would; the set becomes exact.
  for (const entries of batches.values()) {
    if (entries.some((e) => !acked.has(e.seq))) await client.publishAsync(deviceTopic('logBatch', creds.deviceId), JSON.stringify({ entries }), { qos: 1 });
  }
  for (let i = 0; i < 200 && acked.size < seq; i++) await new Promise((r) => setTimeout(r, 25));
  t.equal(acked.size, seq, 'every row acknowledged after the resend');
  await client.endAsync();
  hub.child.kill('SIGTERM');
  await new Promise((r) => hub.child.once('exit', r));

  const db = await openDatabase(join(dataDir, 'hub.sqlite'));
  t.teardown(() => db.close());
  const count = await db.get<{ n: number; d: number }>('SELECT count(*) AS n, count(DISTINCT seq) AS d FROM playback_logs WHERE device_id = ?', [creds.deviceId]);
  t.same(count, { n: seq, d: seq }, 'exactly one row per log');
  t.ok((await db.integrityCheck()).ok, 'integrity_check passes');
});
