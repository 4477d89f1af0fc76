// `tinnguon-sim fleet`: enrol (or reuse) N devices, run them over W workers with the fault plan, show the live
// summary, and write the JSON report when the duration ends or on Ctrl+C.
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SimError } from '../errors.js';
import { enrolFleet, type EnrolProgress } from '../enrol/enrol-fleet.js';
import { leafAreas, planFleet, type AreaInfo } from '../enrol/fleet-plan.js';
import { HubClient } from '../enrol/hub-client.js';
import { planEndMs, planFaults } from '../faults/fault-plan.js';
import { formatFault } from '../faults/fault-spec.js';
import { offsetToLocalTime } from '../faults/sim-clock.js';
import { NO_DEVICES } from '../fleet/fleet-counts.js';
import { buildFleetReport, type FleetReport } from '../fleet/fleet-report.js';
import { FleetRunner } from '../fleet/fleet-runner.js';
import { clockParts, type FleetArgs } from './cli-args.js';
import { defaultStateRoot, loadAgentConfig, loadFaults, readToken } from './cli-inputs.js';
import { SummaryPrinter, type SummaryOutput, type SummaryView } from './live-summary.js';

export interface FleetIo {
  readonly out: SummaryOutput;
  /** Resolves when the operator asks to stop (Ctrl+C, SIGTERM). */
  readonly interrupted: Promise<unknown>;
}

/** Enough workers that none runs more than ~1,000 agents, never more than the machine's cores. */
export function defaultWorkers(devices: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.ceil(devices / 1000)));
}

export function chooseAreas(all: readonly AreaInfo[], wanted: readonly string[] | undefined): AreaInfo[] {
  if (wanted === undefined) return leafAreas(all);
  const unknown = wanted.filter((code) => !all.some((a) => a.code === code));
  if (unknown.length > 0) throw new SimError('SIM_ERR_USAGE', `--areas: máy chủ không có địa bàn / the hub has no area ${unknown.join(', ')}`);
  return wanted.map((code) => all.find((a) => a.code === code) as AreaInfo);
}

export async function runFleet(args: FleetArgs, io: FleetIo): Promise<FleetReport> {
  const startedAt = Date.now();
  const printer = new SummaryPrinter(io.out, { quiet: args.quiet });
  const notices: string[] = [];
  let enrol: EnrolProgress | undefined;
  const view = (phase: SummaryView['phase'], runner?: FleetRunner): SummaryView => ({
    phase, elapsedMs: Date.now() - startedAt, counts: runner?.counts() ?? { ...NO_DEVICES, devices: args.devices },
    faults: { done: runner?.faultsDone ?? 0, planned: runner?.faultsPlanned ?? 0 }, notices, resources: runner?.resources() ?? [],
    ...(enrol === undefined ? {} : { enrol }),
  });

  const token = await readToken(args);
  const specs = await loadFaults(args.faults);
  const agentConfig = await loadAgentConfig(args.agentConfigFile);
  const client = new HubClient({ hubUrl: args.hubUrl, token });
  const areas = chooseAreas(await client.areas(), args.areas);
  if (areas.length === 0) throw new SimError('SIM_ERR_USAGE', 'máy chủ chưa có địa bàn nào / the hub has no areas');
  const stateRoot = args.stateDir ?? defaultStateRoot(args.hubUrl, 'fleet');
  await mkdir(stateRoot, { recursive: true });
  const plan = planFleet(args.devices, args.kind, areas);
  const enrolled = await enrolFleet({
    client, hubUrl: args.hubUrl, stateRoot, plan, concurrency: args.enrolConcurrency, verify: true,
    onProgress: (p) => {
      enrol = p;
      printer.show(view('enrolling'));
    },
  });
  printer.show(view('enrolling'), true);

  const workers = args.workers ?? defaultWorkers(args.devices);
  const actions = planFaults(specs, { devices: args.devices, workers, seed: args.seed });
  const linkFaults = specs.some((f) => f.kind === 'drop' || f.kind === 'freeze' || f.kind === 'latency');
  const clockOffsetMs = args.clockAt === undefined ? 0 : offsetToLocalTime(...clockParts(args.clockAt), Date.now());
  const runner = new FleetRunner({
    devices: enrolled.devices,
    workers,
    faults: actions,
    ...(args.hubPid === undefined ? {} : { hubPid: args.hubPid }),
    host: {
      ...(args.mqttUrl === undefined ? {} : { mqttUrl: args.mqttUrl }),
      hubUrl: args.hubUrl,
      proxy: args.proxy || linkFaults,
      clockOffsetMs,
      trustWallClock: args.clockAt !== undefined,
      realtime: args.realtime,
      rampPerSec: args.rampPerSec,
      seed: args.seed,
      countsEveryMs: 1000,
      ...(agentConfig === undefined ? {} : { agentConfig }),
    },
    onNotice: (line) => notices.push(`${new Date().toISOString().slice(11, 19)} ${line}`),
  });
  let secondsToAllOnline: number | null = null;
  const firstStart = performance.now();
  const ticker = setInterval(() => {
    const v = view('running', runner);
    if (secondsToAllOnline === null && v.counts.online === args.devices && v.counts.trusted === args.devices && v.counts.manifest === args.devices) {
      secondsToAllOnline = (performance.now() - firstStart) / 1000;
      notices.push(`tất cả trực tuyến sau / all online after ${secondsToAllOnline.toFixed(1)} s`);
    }
    printer.show(v);
  }, 1000);
  try {
    await Promise.race([runner.start(), io.interrupted]);
    const durationMs = args.durationMs ?? (actions.length > 0 ? planEndMs(actions) + 30_000 : undefined);
    await Promise.race([io.interrupted, ...(durationMs === undefined ? [] : [new Promise((r) => setTimeout(r, durationMs).unref())])]);
  } finally {
    clearInterval(ticker);
    printer.show(view('stopping', runner), true);
  }
  const counts = runner.counts();
  const reports = await runner.stop();
  const report = buildFleetReport({
    startedAt, endedAt: Date.now(), hubUrl: args.hubUrl, devices: args.devices, workers, kind: args.kind, areas: areas.map((a) => a.code),
    faults: specs.map(formatFault), faultActions: { planned: actions.length, done: runner.faultsDone }, enrol: enrolled,
    secondsToAllOnline, counts, resources: runner.resources(), problems: runner.problems, reports,
  });
  if (args.reportFile !== undefined) {
    await mkdir(dirname(args.reportFile), { recursive: true });
    await writeFile(args.reportFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  return report;
}
