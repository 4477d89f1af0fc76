// Issue 8, "Offline": a loudspeaker is cut off from the hub for 72 simulated hours. It keeps its programme — every slot
// of its recurring bulletins plays on time from the cache, across a restart of the agent in the middle — and once
// the hub is back it uploads the whole backlog: the hub ends with every seq the device journaled, none twice
// (design.md §4, §8; domain.md: terminals lose connectivity and must keep working offline).
//
// Time: the agent's clock and timers are injected (SteppedTime), and the test jumps from one due timer to the next,
// letting the agent's real I/O (fsync'd journal, WASM decoding, MQTT, HTTP) finish at each stop. The hub runs on the
// same simulated clock. Everything else is real: the hub, its broker and SQLite, the agent, its state directory.
import { rm } from 'node:fs/promises';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { VirtualAmplifier } from '../../edge-agent/src/audio/amplifier.js';
import { VirtualSink } from '../../edge-agent/src/audio/virtual-sink.js';
import { resolveAgentConfig } from '../../edge-agent/src/config/agent-config.js';
import type { Agent, AgentEvent } from '../../edge-agent/src/runtime/agent.js';
import { createAgent } from '../../edge-agent/src/runtime/create-agent.js';
import { enrolDevice, startTestHub } from '../helpers/hub-instance.js';
import { publishBulletin, restartableHub, waitFor } from '../edge-agent/e2e/agent-harness.js';
import { SteppedTime } from './stepped-time.js';

const OFFLINE_HOURS = Number(process.env.TN_OFFLINE_HOURS ?? 72);
const LOCAL_MS = 7 * 3600_000; // Asia/Ho_Chi_Minh, no daylight saving
const DAY_MS = 86_400_000;
const HOUR_MS = 3600_000;
// Twelve slots a day per bulletin (the schema's most), all inside the loudspeaker windows of Điều 10.
const TIMES_A = ['05:00', '05:10', '05:20', '05:30', '05:40', '05:50', '17:00', '17:10', '17:20', '17:30', '17:40', '17:50'];
const TIMES_B = ['05:05', '05:15', '05:25', '05:35', '05:45', '05:55', '17:05', '17:15', '17:25', '17:35', '17:45', '17:55'];

const localDate = (at: number): string => new Date(at + LOCAL_MS).toISOString().slice(0, 10);
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

t.test(`${OFFLINE_HOURS} simulated hours offline: every slot plays, the whole backlog reaches the hub`, async (t) => {
  const realStart = performance.now();
  const localMidnight = Math.floor((Date.now() + LOCAL_MS) / DAY_MS) * DAY_MS - LOCAL_MS;
  const time = new SteppedTime(localMidnight + minutes('04:50') * 60_000);
  const now = (): number => time.clock.now();
  const h = await startTestHub({ now });
  const restart = await restartableHub(h, now);
  // One teardown, in order: the agent, whichever hub is running, then the data directory they shared.
  const live: { agent?: Agent; hub?: { stop(): Promise<void> } } = { hub: h.hub };
  t.teardown(async () => {
    await live.agent?.stop();
    await live.hub?.stop();
    await rm(h.dir, { recursive: true, force: true });
  });
  const creds = await enrolDevice(h, '24628');
  const ids: string[] = [];
  for (const [name, times] of [['A', TIMES_A], ['B', TIMES_B]] as const) {
    ids.push(await publishBulletin(h, {
      title: `Chương trình phát thanh xã ${name}`, priority: 'priority', originArea: '67', targetAreas: ['24628'],
      content: { kind: 'tts', text: `Bản tin thời sự của xã, phần ${name === 'A' ? 'một' : 'hai'}.` },
      schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5, 6, 7], times, fromDate: localDate(now()), toDate: localDate(now() + 5 * DAY_MS) },
      validUntil: now() + 6 * DAY_MS,
    }));
  }

  const events: AgentEvent[] = [];
  const stateDir = t.testdir();
  const config = resolveAgentConfig(
    {
      stateDir, logLevel: 'silent',
      link: { hubUrl: h.httpUrl, mqttUrl: h.mqttUrl, keepaliveSec: 30 },
      clock: { syncWithHub: false, trustSystemNtp: true },
      journal: { ackTimeoutMs: 10_000 },
    },
    {},
  );
  const makeAgent = (): Agent =>
    createAgent({
      config, enrolment: creds, clock: time.clock, timers: time.timers, systemNtpSynced: () => true,
      audioSink: new VirtualSink({ clock: time.clock, realtime: false, maxPlaybacks: 2, maxRecordedWrites: 2 }),
      amplifier: new VirtualAmplifier({ clock: time.clock }), onEvent: (e) => events.push(e),
    });
  let agent = makeAgent();
  live.agent = agent;
  await agent.start();

  /** Lets the agent finish what the last timer started — a play and its journal entry, and while connected its
   *  upload — with simulated time creeping on meanwhile, as it would (the ack timeout is on the same clock). */
  const quiesce = async (): Promise<void> => {
    // A play that began and ended within the tick (media verified in memory) leaves the executor idle: only an
    // unchanged event count shows that nothing happened.
    const seen = events.length;
    await tick();
    const snap = agent.parts.executor.snapshot();
    if (events.length === seen && snap.current === null && snap.queued.length === 0) return;
    await agent.parts.executor.idle();
    await sleep(10); // the journal's group commit and fsync
    const until = performance.now() + 10_000;
    while (agent.status().connected && agent.status().pendingLogs > 0 && performance.now() < until) {
      time.step(time.monotonic + 20);
      await sleep(5);
    }
  };
  /** Simulated time up to `untilMono`, timer by timer. */
  const runUntil = async (untilMono: number): Promise<void> => {
    while (time.step(untilMono)) await quiesce();
  };

  // Online until 05:35: the manifest and the speech arrive, the first slots play and are uploaded.
  await waitFor('link, manifest with both bulletins, media cached', () => {
    const s = agent.status();
    return s.connected && ids.every((id) => agent.manifest?.bulletins.some((b) => b.bulletinId === id)) && s.cache.files >= 2 && s.cache.missing === 0;
  });
  await runUntil(time.monotonic + 45 * 60_000);
  t.equal(agent.status().pendingLogs, 0, 'the first plays are at the hub');
  const manifestVersion = agent.manifest?.version;

  // Cut off: the hub goes away for OFFLINE_HOURS.
  await restart.down();
  delete live.hub;
  await waitFor('the agent notices', () => !agent.status().connected);
  const offlineFrom = now();
  const seqBefore = agent.parts.journal.stats().nextSeq;
  const firedBefore = time.fired;
  // Halfway, the agent restarts on its state directory (a power cut, say): it must come back with its programme.
  await runUntil(time.monotonic + (OFFLINE_HOURS / 2) * HOUR_MS);
  await agent.stop();
  agent = makeAgent();
  live.agent = agent;
  await agent.start();
  await runUntil(time.monotonic + (OFFLINE_HOURS / 2) * HOUR_MS);
  const offlineTo = now();
  const backlog = agent.parts.journal.pending(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const seqAfter = agent.parts.journal.stats().nextSeq;
  t.equal(agent.manifest?.version, manifestVersion, 'the programme in force is still the one from before the cut (also after the restart)');
  t.ok(agent.status().clock.trusted, 'the clock stayed trusted (dated content may play)');

  // The hub comes back; the agent finds it at its next reconnect attempt (full-jitter backoff, at most 5 minutes).
  const hub = await restart.up();
  live.hub = hub;
  const reconnectFrom = time.monotonic;
  while (!agent.status().connected && time.monotonic - reconnectFrom < 10 * 60_000) {
    time.step(time.monotonic + 1000);
    await sleep(5);
  }
  t.ok(agent.status().connected, `reconnected ${((time.monotonic - reconnectFrom) / 1000).toFixed(0)} simulated s after the hub came back`);
  await waitFor('the backlog uploaded', async () => {
    time.step(time.monotonic + 20);
    return agent.status().pendingLogs === 0;
  }, 60_000);

  type Row = { seq: number; event: string; bulletin_id: string | null; slot_at: number | null; started_at: number | null; played_ms: number | null; reason: string | null };
  const rows = await hub.deps.db.all<Row>('SELECT seq, event, bulletin_id, slot_at, started_at, played_ms, reason FROM playback_logs WHERE device_id = ? ORDER BY seq', [creds.deviceId]);
  const seqs = rows.map((r) => r.seq);
  const journaled = agent.parts.journal.stats().nextSeq - 1;
  t.same(seqs, Array.from({ length: journaled }, (_, i) => i + 1), `the hub holds seqs 1..${journaled}, each once: nothing lost, nothing doubled`);
  t.same(backlog.map((e) => e.seq).filter((s) => !seqs.includes(s)), [], `all ${backlog.length} entries journaled offline are at the hub`);

  // Every slot of the offline period, computed here from the schedule (not from the agent), played exactly once.
  const expected: { id: string; at: number }[] = [];
  for (let day = 0; day * DAY_MS < offlineTo - localMidnight + DAY_MS; day++) {
    for (const [i, times] of [TIMES_A, TIMES_B].entries()) {
      for (const hhmm of times) {
        const at = localMidnight + day * DAY_MS + minutes(hhmm) * 60_000;
        if (at >= offlineFrom && at < offlineTo) expected.push({ id: ids[i] ?? '', at });
      }
    }
  }
  const played = new Map<string, number>();
  // Played means sound (played_ms > 0) that started at its slot (the simulated clock stands still while it decodes).
  const onTime = (r: Row): boolean => r.started_at !== null && r.slot_at !== null && Math.abs(r.started_at - r.slot_at) < 1000;
  for (const r of rows) if (r.event === 'played' && (r.played_ms ?? 0) > 0 && onTime(r)) played.set(`${r.bulletin_id}@${r.slot_at}`, (played.get(`${r.bulletin_id}@${r.slot_at}`) ?? 0) + 1);
  const wrong = expected.filter((s) => played.get(`${s.id}@${s.at}`) !== 1).map((s) => `${s.id} at ${new Date(s.at + LOCAL_MS).toISOString().slice(0, 16)} local: ${played.get(`${s.id}@${s.at}`) ?? 0} plays`);
  t.ok(expected.length >= Math.floor(OFFLINE_HOURS / 24) * 24, `${expected.length} slots fell in the offline period`);
  t.same(wrong, [], 'each of them played from the cache, on time, exactly once');
  const offlineRows = rows.filter((r) => r.seq >= seqBefore && r.seq < seqAfter);
  t.same(offlineRows.filter((r) => r.event !== 'played').map((r) => `${r.event} ${r.reason}`), [], 'and nothing was missed or failed while offline');

  const realSeconds = ((performance.now() - realStart) / 1000).toFixed(1);
  t.comment(`${((offlineTo - offlineFrom) / HOUR_MS).toFixed(1)} simulated hours offline (${time.fired - firedBefore} timers fired), ${expected.length} slots played offline, backlog of ${seqAfter - seqBefore} log entries uploaded; ${realSeconds} s real`);
});
