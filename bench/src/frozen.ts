// `npm run bench -- frozen [--devices N] [--trials K]`: 1% of devices stop reading their sockets; does an urgent
// message still reach everyone else as fast? Each trial is one signed STOP to the province (POST /api/stop); the
// figure is the p99 arrival over the healthy devices, median of K trials, before and after the freeze, in one run.
// Target (issue 8): the frozen 1% adds ≤ 1 s to everyone else's p99.
//
// A frozen socket only pushes back once its buffers are full, which one STOP of ~360 bytes never does. So after
// freezing, each frozen device sends the hub 20,000 time requests (it still writes, it just never reads): the hub's
// 20,000 replies (~1.4 MB) fill the kernel buffers and Aedes' stream, and the hub's writes to it wait for a drain
// that never comes (drainTimeout, 15 s). That is the worst a frozen device can do; a quiet frozen device does less.
import { stopAreas } from './hub-bulletins.js';
import { startHubProcess } from './hub-process.js';
import { deliverOnce } from './fanout.js';
import { describeLoopback } from './loopback.js';
import { enrolRaw, rawDevice, startRawFleet } from './raw-devices.js';
import { numberOption, percentile, report, type BenchArgs } from './report.js';
import { waitUntil } from './sim-fleet.js';

const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

export async function frozenBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 1000;
  const trials = numberOption(args, '--trials', 5);
  // --flood 0 is a quiet freeze: the devices only stop reading.
  const frozenCount = Math.max(1, Math.floor(devices / 100));
  // Default: 20,000 each (about 1.4 MB of replies), at most 200,000 in all so a big fleet's flood stays a flood.
  const flood = args.rest.includes('--flood') ? Number(args.rest[args.rest.indexOf('--flood') + 1]) : Math.min(20_000, Math.floor(200_000 / frozenCount));
  const hub = await startHubProcess();
  try {
    const { creds, enrolment } = await enrolRaw(hub, devices);
    const { fleet, open, loopback } = await startRawFleet(hub, creds.map(rawDevice));
    // The hub dying is a result, not an error of the benchmark: it is reported as such.
    let crashedAt = '';
    hub.child.once('exit', (code, signal) => (crashedAt ||= `hub exited (code ${code}, signal ${signal})`));
    const crashed = (phase: string): boolean => {
      if (crashedAt !== '' && !crashedAt.includes(' during ')) crashedAt += ` during ${phase}`;
      return crashedAt !== '';
    };
    try {
      const before = [];
      for (let i = 0; i < trials; i++) before.push(await deliverOnce(fleet, async () => (await stopAreas(hub)).t0, open));
      // Every hundredth device, spread over the communes and the worker processes.
      const frozen = Array.from({ length: frozenCount }, (_, i) => i * 100 + 37).filter((i) => i < devices);
      await fleet.freeze(frozen);
      const in0 = await hub.metric('tinnguon_mqtt_messages_in_total');
      if (flood > 0) await fleet.flood(frozen, flood);
      const base = { name: 'frozen', devices, enrolment, loopback: describeLoopback(loopback), frozenDevices: frozen.length, floodPerFrozenDevice: flood, trials, p99BeforeMs: median(before.map((r) => r.p99Ms)) };
      const fail = (phase: string) => report(args, { ...base, hubCrashed: crashedAt, target: 'frozen 1% adds ≤ 1000 ms to the healthy devices’ p99; the hub survives', pass: false, phase });
      // Measure once the hub has taken the flood in (its counter stops moving), so what remains is the back-pressure.
      let last = -1;
      await waitUntil('the hub to take the flood in', async () => {
        if (crashed('the flood')) return true;
        const now = await hub.metric('tinnguon_mqtt_messages_in_total');
        const settled = now === last || now - in0 >= frozen.length * flood;
        last = now;
        return settled;
      }, 120_000, 1000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1000));
      if (crashed('the flood')) return fail('flood');
      const after = [];
      try {
        for (let i = 0; i < trials; i++) after.push(await deliverOnce(fleet, async () => (await stopAreas(hub)).t0, open - frozen.length));
      } catch (err) {
        if (crashed('the trials')) return fail('trials');
        throw err;
      }
      const stillConnected = await hub.metric('tinnguon_connected_devices');
      // The frozen devices give up (a watchdog reboots them): their backlog is released at once.
      await fleet.end(frozen);
      await new Promise((r) => setTimeout(r, 5000));
      const hubAlive = !crashed('the frozen devices leaving');
      const p99Before = median(before.map((r) => r.p99Ms));
      const p99After = median(after.map((r) => r.p99Ms));
      const missed = after.reduce((s, r) => s + r.missing, 0);
      report(args, {
        name: 'frozen',
        devices,
        enrolment,
        loopback: base.loopback,
        frozenDevices: frozen.length,
        trials,
        p99BeforeMs: p99Before,
        p99WithFrozenMs: p99After,
        addedP99Ms: p99After - p99Before,
        lastDeviceBeforeMs: median(before.map((r) => r.lastMs)),
        lastDeviceWithFrozenMs: median(after.map((r) => r.lastMs)),
        healthyDeliveriesMissed: missed,
        hubConnectedWithFrozen: stillConnected,
        hubAliveAfterFrozenLeft: hubAlive,
        ...(hubAlive ? {} : { hubCrashed: crashedAt }),
        floodPerFrozenDevice: flood,
        path: `raw MQTT devices; frozen ones paused their sockets${flood > 0 ? ` and sent ${flood} time requests each first` : ''}; STOP to the province, QoS 1`,
        target: 'frozen 1% adds ≤ 1000 ms to the healthy devices’ p99; the hub survives',
        pass: p99After - p99Before <= 1000 && missed === 0 && hubAlive,
      });
    } finally {
      await fleet.stop();
    }
  } finally {
    await hub.stop();
  }
}
