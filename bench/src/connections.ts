// `npm run bench -- connections [--devices N] [--idle-seconds 90] [--sample-seconds 5] [--settled-seconds 30]`:
// N idle devices held by one hub: each enrolled with its own credential, connected, subscribed to its down-topics and
// its area chain's urgent topics, then pinging (keepalive 60 s: a PINGREQ every 30 s). Once the last device is
// subscribed the hub's RSS is sampled every --sample-seconds for --idle-seconds (three keep-alive rounds by default),
// then an urgent STOP must still reach every device.
// Verdict: the *settled idle* RSS, the median of the samples in the last --settled-seconds of the idle period, at
// 50,000 devices (measured if this machine can open them, otherwise projected from the RSS per connection held).
// The peak and the figure 5 s after the storm (what earlier runs judged) are printed beside it: 5 s after a connect
// storm the heap still holds the storm's garbage, which the hub collects on its own while its devices idle
// (connections-idle.ts). No GC is forced: the hub runs with its own flags (HUB_NODE_FLAGS), nothing else.
// Target (issue 8): 50,000 devices with hub RSS ≤ 1 GiB.
//
// Devices are raw MQTT clients (RawMqttClient, no agent code): 50,000 agents do not fit on this machine beside the
// hub. This process's file-descriptor limit (RLIMIT_NOFILE) bounds what one hub can hold; the run says so when it
// meets it, and extrapolates the RSS per connection it measured.
import { sampleProcess } from '@tinnguon/simulators';
import { projectRss, summariseIdle, type RssSample } from './connections-idle.js';
import { deliverOnce } from './fanout.js';
import { stopAreas } from './hub-bulletins.js';
import { startHubProcess } from './hub-process.js';
import { describeLoopback } from './loopback.js';
import { enrolRaw, rawDevice, startRawFleet } from './raw-devices.js';
import { numberOption, report, type BenchArgs } from './report.js';
import { getrlimit } from './rlimit.js';

const TARGET_DEVICES = 50_000;
const KEEPALIVE_SEC = 60;
const EARLY_MS = 5000;

/** Samples the hub's RSS every `everyMs` for `forMs`, timed from `t0`. */
async function sampleIdle(pid: number, t0: number, everyMs: number, forMs: number): Promise<RssSample[]> {
  const samples: RssSample[] = [];
  for (let next = everyMs; next <= forMs; next += everyMs) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + next - performance.now())));
    const sample = await sampleProcess(pid);
    if (sample !== undefined) samples.push({ atMs: performance.now() - t0, rssMiB: sample.rssMiB });
  }
  return samples;
}

export async function connectionsBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 2000;
  const idleMs = numberOption(args, '--idle-seconds', 90) * 1000;
  const everyMs = numberOption(args, '--sample-seconds', 5) * 1000;
  const settledMs = Math.min(idleMs, numberOption(args, '--settled-seconds', 30) * 1000);
  const limit = getrlimit();
  const hub = await startHubProcess();
  try {
    const empty = await sampleProcess(hub.pid);
    const { creds, seconds: enrolSeconds, enrolment } = await enrolRaw(hub, devices);
    const baseline = await sampleProcess(hub.pid);
    const workers = Math.max(1, Math.ceil(devices / 9000));
    const { fleet, open, refused, ms, loopback } = await startRawFleet(hub, creds.map(rawDevice), { workers, keepaliveSec: KEEPALIVE_SEC });
    try {
      const subscribedAt = performance.now();
      const samples = await sampleIdle(hub.pid, subscribedAt, everyMs, idleMs);
      const heldByHub = await hub.metric('tinnguon_connected_devices');
      const stop = await deliverOnce(fleet, async () => (await stopAreas(hub)).t0, open);
      const idle = summariseIdle(samples, EARLY_MS, settledMs);
      const enrolled = baseline?.rssMiB ?? NaN;
      const early = projectRss(idle.earlyMiB, enrolled, open, TARGET_DEVICES);
      const peak = projectRss(idle.peakMiB, enrolled, open, TARGET_DEVICES);
      const settled = projectRss(idle.settledMiB, enrolled, open, TARGET_DEVICES);
      const reached = open >= TARGET_DEVICES;
      // Measured when this machine can open 50,000 sockets; otherwise the settled rate per connection, projected.
      const judgedMiB = reached ? idle.settledMiB : settled.projectedMiB;
      report(args, {
        name: 'connections',
        devices,
        enrolment,
        loopback: describeLoopback(loopback),
        connected: open,
        hubCountsConnected: heldByHub,
        connectRefusalsRetried: refused,
        connectSeconds: ms / 1000,
        enrolSeconds,
        hubRssEmptyMiB: empty?.rssMiB ?? NaN,
        hubRssEnrolledMiB: enrolled,
        idleSeconds: idleMs / 1000,
        keepaliveSec: KEEPALIVE_SEC,
        idleRssSamplesMiB: samples.map((s) => Math.round(s.rssMiB)).join(' '),
        hubRssAt5sMiB: idle.earlyMiB,
        hubRssPerConnectionAt5sKiB: early.perConnectionKiB,
        hubRssProjectedAt50000At5sMiB: early.projectedMiB,
        hubRssPeakMiB: idle.peakMiB,
        hubRssPerConnectionPeakKiB: peak.perConnectionKiB,
        hubRssSettledMiB: idle.settledMiB,
        hubRssSettledSamples: idle.settledSamples,
        hubRssPerConnectionSettledKiB: settled.perConnectionKiB,
        hubRssProjectedAt50000SettledMiB: settled.projectedMiB,
        stopReachedAll: stop.missing === 0,
        stopLastDeviceMs: stop.lastMs,
        openFilesLimit: limit === undefined ? 'unknown' : `${limit.soft} soft, ${limit.hard} hard`,
        path: `raw MQTT devices (own credentials, agent subscriptions, no agent code) from ${workers} worker(s), 127.0.0.x sources`,
        limitation: limit !== undefined && limit.hard < TARGET_DEVICES + 100 ? `RLIMIT_NOFILE hard limit ${limit.hard}: one hub process cannot hold ${TARGET_DEVICES} sockets on this machine; projected from the RSS per connection measured` : '',
        verdictOn: `settled idle RSS (median of the last ${settledMs / 1000} s of ${idleMs / 1000} s idle) at ${TARGET_DEVICES}, ${reached ? 'measured' : `projected from ${open}`}; STOP reaches all`,
        target: '50,000 devices held with hub RSS ≤ 1 GiB',
        pass: judgedMiB <= 1024 && stop.missing === 0,
      });
    } finally {
      await fleet.stop();
    }
  } finally {
    await hub.stop();
  }
}
