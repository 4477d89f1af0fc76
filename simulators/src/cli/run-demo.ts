// `tinnguon-sim demo`: the small fleet `npm start` runs beside the hub (issue 7), so a newcomer sees devices come
// online, receive bulletins and report playback. It enrols itself with the hub's admin token from the data
// directory and keeps its devices in DATA_DIR/demo-fleet, so a restarted hub gets the same devices back.
import { join } from 'node:path';
import { SimError } from '../errors.js';
import { enrolFleet } from '../enrol/enrol-fleet.js';
import { leafAreas, planFleet } from '../enrol/fleet-plan.js';
import { HubClient } from '../enrol/hub-client.js';
import type { FleetCounts } from '../fleet/fleet-counts.js';
import { FleetRunner } from '../fleet/fleet-runner.js';
import type { DemoArgs } from './cli-args.js';
import { readToken } from './cli-inputs.js';

export interface DemoIo {
  readonly print: (line: string) => void;
  readonly stopped: Promise<unknown>;
}

const TAG = '[mô phỏng / demo fleet]';

/** What changed since the last look, as lines an observer understands. Pure. */
export function demoChanges(before: FleetCounts | undefined, now: FleetCounts): string[] {
  const lines: string[] = [];
  if (before === undefined || before.online !== now.online) lines.push(`${TAG} ${now.online}/${now.devices} thiết bị trực tuyến / devices online`);
  if (before !== undefined && now.plays > before.plays) lines.push(`${TAG} ${now.plays - before.plays} lượt phát mới / new plays (đang phát / playing ${now.playing})`);
  const log = now.lastLog;
  if (log !== undefined && (before?.lastLog === undefined || before.lastLog.at !== log.at || before.lastLog.deviceId !== log.deviceId)) {
    lines.push(`${TAG} ${log.deviceId} báo nhật ký / reported log #${log.log.seq}: ${log.log.event}${log.log.bulletinId === undefined ? '' : ` ${log.log.bulletinId}`}`);
  }
  return lines;
}

async function areasWhenReady(client: HubClient, stopped: Promise<unknown>): Promise<Awaited<ReturnType<HubClient['areas']>>> {
  let halt = false;
  void stopped.then(() => (halt = true));
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.areas();
    } catch (err) {
      if (halt || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function runDemo(args: DemoArgs, io: DemoIo): Promise<void> {
  const client = new HubClient({ hubUrl: args.hubUrl, token: await readToken({ tokenFile: join(args.dataDir, 'admin-token') }) });
  const areas = leafAreas(await areasWhenReady(client, io.stopped));
  if (areas.length === 0) throw new SimError('SIM_ERR_USAGE', 'máy chủ chưa có địa bàn nào / the hub has no areas');
  const enrolled = await enrolFleet({
    client, hubUrl: args.hubUrl, stateRoot: join(args.dataDir, 'demo-fleet'), plan: planFleet(args.devices, 'mixed', areas), verify: true, concurrency: 4,
  });
  io.print(`${TAG} ${args.devices} thiết bị (${enrolled.enrolled} mới, ${enrolled.reused} dùng lại) / devices (${enrolled.enrolled} new, ${enrolled.reused} reused); tắt bằng / turn off with TINNGUON_DEMO_FLEET=0`);
  const runner = new FleetRunner({
    devices: enrolled.devices,
    workers: 1,
    host: { hubUrl: args.hubUrl, ...(args.mqttUrl === undefined ? {} : { mqttUrl: args.mqttUrl }), proxy: false, clockOffsetMs: 0, trustWallClock: false, realtime: true, rampPerSec: 2, seed: 1, countsEveryMs: 1000 },
    onNotice: (line) => io.print(`${TAG} ${line}`),
  });
  let last: FleetCounts | undefined;
  const ticker = setInterval(() => {
    const now = runner.counts();
    for (const line of demoChanges(last, now)) io.print(line);
    last = now;
  }, 2000);
  try {
    await Promise.race([runner.start(), io.stopped]);
    await io.stopped;
  } finally {
    clearInterval(ticker);
    await runner.stop();
  }
}
