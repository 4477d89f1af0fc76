// A fleet of real edge agents (the simulators' FleetRunner: createAgent with virtual sinks, in worker processes)
// against a hub process, enrolled through the hub's API exactly as `npm run sim -- fleet` does. Benchmarks read
// what the devices observed from their reports: first frames on the device clock, connects, errors.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkers, enrolFleet, FleetRunner, HubClient, planFleet, type DeviceReport, type FleetCounts } from '@tinnguon/simulators';
import { DEMO_COMMUNES, type HubProcess } from './hub-process.js';

export interface SimFleet {
  readonly runner: FleetRunner;
  readonly devices: number;
  readonly workers: number;
  readonly enrolSeconds: number;
  /** Seconds from the first worker's start to every device online with its manifest. */
  readonly onlineSeconds: number;
  counts(): FleetCounts;
  /** Stops every agent cleanly and returns their reports (the fleet is gone afterwards). */
  stop(): Promise<DeviceReport[]>;
}

export interface SimFleetOptions {
  readonly devices: number;
  readonly workers?: number;
  /** Agent starts per second (the broker refuses a flood of simultaneous credential checks). */
  readonly rampPerSec?: number;
  readonly realtime?: boolean;
  readonly agentConfig?: Readonly<Record<string, unknown>>;
  readonly onlineTimeoutMs?: number;
}

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (await check()) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function startSimFleet(hub: HubProcess, o: SimFleetOptions): Promise<SimFleet> {
  const stateRoot = await mkdtemp(join(tmpdir(), 'tn-bench-fleet-'));
  const client = new HubClient({ hubUrl: hub.http, token: hub.token, timeoutMs: 120_000 });
  const all = await client.areas();
  const areas = DEMO_COMMUNES.map((code) => all.find((a) => a.code === code) ?? { code, name: code, parentCode: null });
  const enrolled = await enrolFleet({ client, hubUrl: hub.http, stateRoot, plan: planFleet(o.devices, 'loudspeaker', areas), concurrency: 16 });
  const workers = o.workers ?? defaultWorkers(o.devices);
  const runner = new FleetRunner({
    devices: enrolled.devices,
    workers,
    hubPid: hub.pid,
    // TN_BENCH_WORKER_NODE_ARGS (e.g. --cpu-prof) profiles the simulator workers as TN_BENCH_HUB_NODE_ARGS does the hub.
    execArgv: (process.env.TN_BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    host: {
      hubUrl: hub.http, mqttUrl: hub.mqtt, proxy: false, clockOffsetMs: 0, trustWallClock: true, realtime: o.realtime ?? true,
      rampPerSec: o.rampPerSec ?? 400, seed: 8, countsEveryMs: 250,
      ...(o.agentConfig === undefined ? {} : { agentConfig: o.agentConfig }),
    },
  });
  // Each simulated device stands for a board with its own SD card; in one worker they share libuv's thread pool
  // (4 threads by default), where every fsync of every agent would queue. Workers inherit this environment.
  process.env.UV_THREADPOOL_SIZE ??= '16';
  const t0 = performance.now();
  await runner.start();
  const all0 = (c: FleetCounts): boolean => c.online === o.devices && c.manifest === o.devices;
  try {
    await waitUntil(`${o.devices} devices online with their manifest`, () => all0(runner.counts()), o.onlineTimeoutMs ?? 60_000 + o.devices * 100);
  } catch (err) {
    await runner.stop();
    await rm(stateRoot, { recursive: true, force: true });
    throw err;
  }
  const onlineSeconds = (performance.now() - t0) / 1000;
  let stopped: Promise<DeviceReport[]> | undefined;
  return {
    runner, devices: o.devices, workers, enrolSeconds: enrolled.seconds, onlineSeconds,
    counts: () => runner.counts(),
    stop() {
      stopped ??= runner.stop().finally(() => rm(stateRoot, { recursive: true, force: true }));
      return stopped;
    },
  };
}

/**
 * Which audio of an emergency: `tone` its attention tone (played from the cache, design.md §5), `speech` the
 * bulletin's own audio, `audio` whichever came first (what a listener hears start).
 */
export type EmergencyPart = 'audio' | 'tone' | 'speech';

/** Per-device latency of the first frame of `bulletinId`'s `part` after `t0Ms` (wall clock): sorted; NaN where none. */
export function firstFrameLatencies(reports: readonly DeviceReport[], bulletinId: string, t0Ms: number, part: EmergencyPart = 'audio'): { sorted: number[]; missing: number } {
  const values = reports.map((r) => {
    const play = r.plays.find((p) => p.bulletinId === bulletinId && (part === 'audio' || (part === 'tone') === (p.attentionTone === true)));
    return play === undefined ? NaN : play.at - t0Ms;
  });
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return { sorted, missing: reports.length - sorted.length };
}

/**
 * Per-device split of the tone's latency for `bulletinId`: `message` from `t0Ms` to the urgent message reaching the
 * agent (the hub's fan-out plus the worker's backlog in reading its sockets), `agent` from there to the tone's first
 * frame (verify, offer, cache, first frame). Sorted; devices without a tone are left out.
 */
export function toneSplit(reports: readonly DeviceReport[], bulletinId: string, t0Ms: number): { message: number[]; agent: number[] } {
  const message: number[] = [];
  const agent: number[] = [];
  for (const r of reports) {
    const play = r.plays.find((p) => p.bulletinId === bulletinId && p.attentionTone === true && p.afterMessageMs !== undefined);
    if (play?.afterMessageMs === undefined) continue;
    agent.push(play.afterMessageMs);
    message.push(play.at - play.afterMessageMs - t0Ms);
  }
  return { message: message.sort((a, b) => a - b), agent: agent.sort((a, b) => a - b) };
}
