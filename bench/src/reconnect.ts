// `npm run bench -- reconnect [--devices N] [--mode agents|raw]`: the hub is SIGKILLed under N connected devices and
// started again at once on the same data directory and ports. How long until every device is back: connected
// (authenticated), subscribed, and resynced (its manifest fetched again); and the hub still alive afterwards.
// Target (issue 8): 10,000 devices all back ≤ 20 s; no crash loop.
//
// agents (default up to 1,000): real agents with the agent's own reconnect policy (edge-agent reconnect-policy.ts:
//   a refused connection is retried in 0.5–1.5 s for the first 60 s; overload signs and anything else back off with
//   full jitter, 1 s doubling to 300 s). "Back" is read from the hub (connected devices) and from the agents
//   (manifest version raised by the resync: a restarted hub signs every manifest anew), polled each second.
// raw (above 1,000): RawMqttClient devices with the same policy (the same function and the agent's defaults); on
//   CONNACK they subscribe, publish the retained 'online' and GET the manifest with their credential, each step
//   timestamped. They also count their connection attempts after the loss, and how each failed.
import { readSomaxconn } from '@tinnguon/hub';
import type { DeviceReport } from '@tinnguon/simulators';
import { startHubProcess, type HubProcess } from './hub-process.js';
import { describeLoopback } from './loopback.js';
import { enrolRaw, rawDevice, startRawFleet } from './raw-devices.js';
import { percentile, report, deviceMode, type BenchArgs } from './report.js';
import { startSimFleet, waitUntil } from './sim-fleet.js';

const TARGET_S = 20;
/** How long the run waits for stragglers: six times the target, so a miss is measured, not waited out. */
const WAIT_MS = 120_000;
const AGENT_LINK_DEFAULTS = { link: { backoffBaseMs: 1000, backoffMaxMs: 300_000 } };

type Outcome = Record<string, unknown> & { allBackS: number; missing: number };

async function aliveFor(hub: HubProcess, ms: number): Promise<boolean> {
  await new Promise((r) => setTimeout(r, ms));
  return hub.child.exitCode === null && hub.child.signalCode === null && (await hub.metric('tinnguon_connected_devices').catch(() => NaN)) >= 0;
}

async function agentsRun(hub: HubProcess, devices: number): Promise<Outcome> {
  const fleet = await startSimFleet(hub, { devices, agentConfig: AGENT_LINK_DEFAULTS });
  try {
    const reports = async (): Promise<DeviceReport[]> => (await Promise.all(fleet.runner.workers.map((w) => w.request('reports') as Promise<DeviceReport[]>))).flat();
    const before = new Map((await reports()).map((r) => [r.deviceId, r.manifestVersion ?? 0]));
    const t0 = performance.now();
    await hub.kill();
    const restartMs = await hub.restart();
    let connectedS = NaN;
    let back: DeviceReport[] = [];
    const done = await waitUntil('every agent reconnected and resynced', async () => {
      if (Number.isNaN(connectedS) && (await hub.metric('tinnguon_connected_devices')) >= devices) connectedS = (performance.now() - t0) / 1000;
      back = (await reports()).filter((r) => r.online && (r.manifestVersion ?? 0) > (before.get(r.deviceId) ?? 0));
      return back.length >= devices;
    }, WAIT_MS, 1000).then(() => true, () => false);
    const allBackS = done ? (performance.now() - t0) / 1000 : NaN;
    return {
      mode: 'agents', workers: fleet.workers, hubRestartMs: restartMs, allConnectedS: connectedS, allBackS, missing: devices - back.length,
      resolution: 'polled each 1 s', hubAliveAfter: await aliveFor(hub, 5000),
      path: 'real agents (FleetRunner) with the agent’s reconnect policy; back = connected at the hub and manifest version raised',
    };
  } finally {
    await fleet.stop();
  }
}

async function rawRun(hub: HubProcess, devices: number): Promise<Outcome> {
  const { creds, enrolment } = await enrolRaw(hub, devices);
  const { fleet, open, loopback } = await startRawFleet(hub, creds.map(rawDevice));
  try {
    await fleet.watchReconnect();
    const t0 = performance.timeOrigin + performance.now();
    await hub.kill();
    const restartMs = await hub.restart();
    let got = await fleet.collect();
    // A failed resync (-1) ends that device's wait too; it is counted below, not waited for.
    await waitUntil('every device back and resynced', async () => (got = await fleet.collect()).resyncedAt.filter((t) => t > t0 || t === -1).length >= open, WAIT_MS, 500).catch(() => undefined);
    const connected = got.backAt.filter((t) => t > t0).map((t) => (t - t0) / 1000).sort((a, b) => a - b);
    const resynced = got.resyncedAt.filter((t) => t > t0).map((t) => (t - t0) / 1000).sort((a, b) => a - b);
    const failedResync = got.resyncedAt.filter((t) => t === -1).length;
    return {
      mode: 'raw', enrolment, connectedBefore: open, hubRestartMs: restartMs,
      connectedP50S: percentile(connected, 50), allConnectedS: connected.length === open ? connected[connected.length - 1] ?? NaN : NaN,
      resyncedP50S: percentile(resynced, 50), allBackS: resynced.length === open ? resynced[resynced.length - 1] ?? NaN : NaN,
      connectedWithinWait: connected.length, resyncedWithinWait: resynced.length, waitedS: WAIT_MS / 1000,
      missing: open - resynced.length, failedResyncs: failedResync,
      reconnectAttempts: got.reconnectAttempts, attemptsPerDevice: open === 0 ? NaN : Math.round((got.reconnectAttempts / open) * 100) / 100,
      failedAttempts: Object.entries(got.reconnectFailures).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none',
      hubAliveAfter: await aliveFor(hub, 5000),
      loopback: describeLoopback(loopback),
      // Debian's 4,096 drops handshakes when 10,000 devices come back at once (hub/src/config/listen-backlog.ts).
      kernelSomaxconn: (await readSomaxconn()) ?? 'unknown',
      path: 'raw MQTT devices on the agent’s reconnect policy (refused: 0.5–1.5 s for 60 s; else full jitter, 1 s doubling to 300 s): CONNACK → SUBACK → retained online → GET manifest',
    };
  } finally {
    await fleet.stop();
  }
}

export async function reconnectBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 500;
  const mode = deviceMode(args, devices, 1000);
  const hub = await startHubProcess();
  try {
    const result = mode === 'agents' ? await agentsRun(hub, devices) : await rawRun(hub, devices);
    report(args, {
      name: 'reconnect',
      devices,
      ...result,
      target: `all back (authenticated, resubscribed, resynced) ≤ ${TARGET_S} s at 10,000 devices; hub alive after`,
      pass: result.missing === 0 && result.allBackS <= TARGET_S && result.hubAliveAfter === true,
    });
  } finally {
    await hub.stop();
  }
}
