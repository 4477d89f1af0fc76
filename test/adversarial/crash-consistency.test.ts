// Issue 8, "Crash consistency": the real hub (its own process, hub-child.ts) and simulated devices (the real agent in
// simulator worker processes, one device per worker) are SIGKILLed at random points while bulletins are published,
// played, logged and uploaded. After every hub kill the database must pass `PRAGMA integrity_check` before the hub
// starts again; at the end no playback log may be lost or doubled (the hub holds seqs 1..n of every device's journal,
// design.md §8) and every bulletin is played exactly once per slot on every target device, or reported missed with a
// reason. CI size by default; TN_CRASH_HUB_KILLS=50 TN_CRASH_DEVICE_KILLS=50 runs the issue's full size by hand.
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { Connection } from '../../hub/src/db/sqlite-connection.js';
import { HubClient } from '../../simulators/src/enrol/hub-client.js';
import { enrolFleet } from '../../simulators/src/enrol/enrol-fleet.js';
import { planFleet } from '../../simulators/src/enrol/fleet-plan.js';
import { FleetRunner } from '../../simulators/src/fleet/fleet-runner.js';
import { auditLogs, waitFor, type HubLogRow } from '../simulators/sim-harness.js';
import { seededRandom } from '../../simulators/src/faults/fault-plan.js';
import { startHubChild, type HubChild } from './hub-child.js';

const HUB_KILLS = Number(process.env.TN_CRASH_HUB_KILLS ?? 10);
const DEVICE_KILLS = Number(process.env.TN_CRASH_DEVICE_KILLS ?? 10);
const DEVICES = 4;
const SEED = Number(process.env.TN_CRASH_SEED ?? Date.now() % 1_000_000);
/** The compiled worker: a restart must take a second, not tap's TypeScript loader's ten. */
const WORKER = fileURLToPath(new URL('../../simulators/dist/fleet/worker-main.js', import.meta.url));
/** Communes that inherit the province's windows (24715 sets its own, demo-province.ts). */
const COMMUNES = ['24628', '24611', '24670', '24694'];
/** A slot this far after publication: time to ring, fetch the manifest and the speech. */
const SLOT_LEAD_MS = 8000;

async function integrityCheck(file: string): Promise<string> {
  const db = await Connection.open(file);
  try {
    const rows = await db.all<{ integrity_check: string }>('PRAGMA integrity_check');
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    await db.close();
  }
}

async function publish(hub: HubChild, body: Record<string, unknown>): Promise<string> {
  const { bulletin } = await hub.api<{ bulletin: { id: string } }>('POST', '/api/bulletins', body);
  for (const step of ['submit', 'approve', 'publish']) await hub.api('POST', `/api/bulletins/${bulletin.id}/${step}`);
  return bulletin.id;
}

t.test(`${HUB_KILLS} hub and ${DEVICE_KILLS} device SIGKILLs during traffic: integrity every time, no log lost or doubled, every slot accounted for`, async (t) => {
  t.comment(`seed ${SEED}`);
  const started = performance.now();
  const random = seededRandom(SEED);
  const between = (lo: number, hi: number): number => lo + random() * (hi - lo);
  const hub = await startHubChild();
  t.teardown(() => hub.stop());
  // Loudspeakers of the whole province may play at any hour in this test (Điều 10 windows are the area's to set).
  await hub.api('PUT', '/api/areas/67/windows/loudspeaker', { windows: [{ start: '00:00', end: '24:00' }] });
  const client = new HubClient({ hubUrl: hub.http, token: hub.token });
  const all = await client.areas();
  const areas = COMMUNES.map((code) => all.find((a) => a.code === code) ?? { code, name: code, parentCode: null });
  const enrolled = await enrolFleet({ client, hubUrl: hub.http, stateRoot: t.testdir(), plan: planFleet(DEVICES, 'loudspeaker', areas), concurrency: DEVICES });
  const notices: string[] = [];
  const runner = new FleetRunner({
    devices: enrolled.devices, workers: DEVICES, entry: WORKER, execArgv: [],
    host: {
      hubUrl: hub.http, mqttUrl: hub.mqtt, proxy: false, clockOffsetMs: 0, trustWallClock: true, realtime: true, rampPerSec: 50, seed: SEED, countsEveryMs: 250,
      agentConfig: { link: { keepaliveSec: 5, backoffBaseMs: 200, backoffMaxMs: 2000 }, journal: { ackTimeoutMs: 3000 } },
    },
    onNotice: (line) => notices.push(line),
  });
  t.teardown(() => runner.stop());
  await runner.start();
  await waitFor('the fleet online', () => runner.counts().online === DEVICES, 30_000);

  // Traffic: a scheduled bulletin before every other hub kill (its slot lands among later kills), an emergency with
  // every third of them, and the devices' own logs, heartbeats, manifest fetches and reconnects all along.
  const scheduled: { id: string; slotAt: number }[] = [];
  const emergencies: string[] = [];
  const text = 'Trạm y tế xã thông báo lịch tiêm chủng mở rộng vào sáng thứ bảy.';
  const traffic = async (i: number): Promise<void> => {
    const slotAt = Date.now() + SLOT_LEAD_MS;
    const id = await publish(hub, {
      title: `Lịch tiêm chủng ${i}`, priority: 'priority', originArea: '67', targetAreas: COMMUNES, content: { kind: 'tts', text },
      schedule: { type: 'once', at: slotAt }, validUntil: Date.now() + 86_400_000,
    });
    scheduled.push({ id, slotAt });
    if (i % 6 === 0) {
      emergencies.push(await publish(hub, {
        title: `Cảnh báo cháy rừng ${i}`, priority: 'emergency', originArea: '67', targetAreas: COMMUNES, content: { kind: 'tts', text: 'Cảnh báo cháy rừng cấp bốn.' },
        schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
      }));
    }
  };
  await traffic(0);

  const integrity: string[] = [];
  const restartMs: number[] = [];
  const hubLane = async (): Promise<void> => {
    for (let i = 1; i <= HUB_KILLS; i++) {
      if (i % 2 === 0) await traffic(i);
      await sleep(between(300, 1500));
      await hub.kill();
      integrity.push(await integrityCheck(hub.dbFile));
      restartMs.push(await hub.restart());
    }
  };
  let deviceKills = 0;
  const deviceLane = async (): Promise<void> => {
    for (let j = 0; j < DEVICE_KILLS; j++) {
      await sleep(between(1000, 4000));
      const alive = runner.workers.filter((w) => w.pid !== undefined);
      const worker = alive[Math.floor(random() * alive.length)];
      if (worker === undefined) continue;
      await runner.apply({ op: 'kill', atMs: 0, worker: worker.id });
      deviceKills += 1;
      await sleep(between(200, 1500));
      await runner.apply({ op: 'restart', atMs: 0, worker: worker.id });
    }
  };
  const chaosStarted = performance.now();
  await Promise.all([hubLane(), deviceLane()]);
  const chaosSeconds = (performance.now() - chaosStarted) / 1000;

  // Settle: every slot over (a play is ~5 s of speech), every device back, every journal emptied into the hub.
  const lastSlot = Math.max(...scheduled.map((s) => s.slotAt));
  await sleep(Math.max(0, lastSlot + 10_000 - Date.now()));
  await waitFor('every device online with its journal uploaded', async () => {
    const c = await runner.countsNow();
    return c.online === DEVICES && c.pendingLogs === 0;
  }, 60_000).catch(() => undefined);
  const db = await Connection.open(hub.dbFile, true);
  const rows = await db.all<HubLogRow>('SELECT device_id, seq, event, bulletin_id, reason, slot_at, started_at FROM playback_logs ORDER BY device_id, seq');
  await db.close();
  const reports = await runner.stop();

  t.equal(integrity.length, HUB_KILLS, `${HUB_KILLS} hub SIGKILLs, each followed by an integrity check`);
  t.same(integrity.filter((r) => r !== 'ok'), [], 'PRAGMA integrity_check: ok after every one');
  t.equal(deviceKills, DEVICE_KILLS, `${DEVICE_KILLS} device SIGKILLs`);
  t.notOk(hub.crashed, 'the hub never exited on its own');
  t.equal(reports.length, DEVICES, 'every device reported at the end');
  t.same(auditLogs(rows, reports), [], 'zero logs lost, zero doubled: the hub holds seqs 1..n of every device’s journal');

  // Every bulletin, every target device (each device's commune is a target): played exactly once, or missed/failed with a reason.
  const problems: string[] = [];
  const outcomes = new Map<string, number>();
  for (const r of reports) {
    for (const [id, kind] of [...scheduled.map((s) => [s.id, 'scheduled'] as const), ...emergencies.map((e) => [e, 'emergency'] as const)]) {
      const mine = rows.filter((x) => x.device_id === r.deviceId && x.bulletin_id === id);
      const played = mine.filter((x) => x.event === 'played').length;
      const notPlayed = mine.filter((x) => (x.event === 'missed' || x.event === 'fault') && x.reason !== null);
      const outcome = played === 1 && notPlayed.length === 0 ? 'played' : played === 0 && notPlayed.length === 1 ? `${notPlayed[0]?.event} ${notPlayed[0]?.reason}` : undefined;
      if (outcome === undefined) problems.push(`${r.deviceId} ${kind} ${id}: ${mine.map((x) => `${x.event}${x.reason === null ? '' : `:${x.reason}`}`).join(' ') || 'no log at all'}`);
      else outcomes.set(`${kind} ${outcome}`, (outcomes.get(`${kind} ${outcome}`) ?? 0) + 1);
    }
  }
  t.same(problems, [], `each of ${scheduled.length} scheduled bulletins and ${emergencies.length} emergencies on each of ${DEVICES} devices: played once, or missed with a reason`);
  const played = outcomes.get('scheduled played') ?? 0;
  t.ok(played >= (scheduled.length * DEVICES) / 2, `most slots were played, not missed (${played} of ${scheduled.length * DEVICES})`);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  t.comment(`outcomes: ${JSON.stringify(Object.fromEntries([...outcomes.entries()].sort()))}; ${rows.length} log rows at the hub`);
  t.comment(`hub restarts (ms, spawn → listening): median ${restartMs.sort((a, b) => a - b)[Math.floor(restartMs.length / 2)]?.toFixed(0)}, max ${Math.max(...restartMs).toFixed(0)}`);
  t.comment(`chaos phase ${chaosSeconds.toFixed(1)} s, whole run ${seconds} s; ${notices.filter((n) => n.includes('SIGKILL')).length} worker SIGKILLs noticed by the runner; problems reported by workers: ${runner.problems.length}`);
});
