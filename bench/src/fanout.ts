// `npm run bench -- fanout [--devices N] [--trials K]`: one urgent publish (a signed STOP for the whole province,
// POST /api/stop → Dispatcher → Aedes) to N subscribed devices, beside Mosquitto delivering the same bytes on the same
// topic to the same subscribers (same client ids and subscriptions, same raw client code), trials alternating.
// Figure: time from the publish leaving (the API request; Mosquitto: the PUBLISH write) to the last device's arrival.
// Target (issue 8): our last-device latency ÷ Mosquitto's ≤ 1.2 at 10,000.
import { areaTopic } from '@tinnguon/protocol';
import { sampleProcess } from '@tinnguon/simulators';
import { stopAreas } from './hub-bulletins.js';
import { startHubProcess } from './hub-process.js';
import { startMosquitto } from './peers.js';
import { describeLoopback } from './loopback.js';
import { enrolRaw, loopbackSources, rawDevice, startRawFleet } from './raw-devices.js';
import { RawFleet } from './raw-fleet.js';
import { RawMqttClient } from './raw-mqtt.js';
import { numberOption, percentile, report, type BenchArgs } from './report.js';
import { waitUntil } from './sim-fleet.js';

interface Trial {
  readonly lastMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly missing: number;
}

/** Arms the fleet, sends, waits for every subscriber (or 30 s), and measures from `t0`. */
export async function deliverOnce(fleet: RawFleet, send: () => Promise<number>, expected: number): Promise<Trial & { sample?: Buffer }> {
  await fleet.arm();
  const t0 = await send();
  let got = await fleet.collect();
  await waitUntil('every subscriber', async () => (got = await fleet.collect()).arrivals.filter((a) => !Number.isNaN(a)).length >= expected, 30_000, 100).catch(() => undefined);
  const times = got.arrivals.filter((a) => !Number.isNaN(a)).map((a) => a - t0).sort((a, b) => a - b);
  return { lastMs: times[times.length - 1] ?? NaN, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), missing: expected - times.length, ...(got.sample === undefined ? {} : { sample: got.sample }) };
}

const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

export async function fanoutBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 1000;
  const trials = numberOption(args, '--trials', 5);
  const hub = await startHubProcess();
  const mosquitto = await startMosquitto();
  try {
    const { creds, enrolment } = await enrolRaw(hub, devices);
    const subscribers = creds.map(rawDevice);
    const ours = await startRawFleet(hub, subscribers);
    const peer = await RawFleet.start({
      devices: subscribers.map(({ clientId, topics }) => ({ clientId, topics })),
      workers: Math.max(1, Math.ceil(devices / 5000)), host: '127.0.0.1', port: mosquitto.port, keepaliveSec: 60,
      localAddresses: loopbackSources(devices, 100), concurrency: 64, httpBase: hub.http, httpSockets: 1, fetchOnEmergency: false,
    });
    const publisher = new RawMqttClient({ host: '127.0.0.1', port: mosquitto.port, clientId: 'bench-publisher', keepaliveSec: 60 }, { onPublish: () => undefined, onClose: () => undefined });
    await publisher.connect();
    const topic = areaTopic('stop', '67');
    const hubRuns: Trial[] = [];
    const peerRuns: Trial[] = [];
    let payload: Buffer | undefined;
    const hubBefore = await sampleProcess(hub.pid);
    for (let i = 0; i < trials; i++) {
      const mine = await deliverOnce(ours.fleet, async () => (await stopAreas(hub)).t0, ours.open);
      hubRuns.push(mine);
      payload ??= mine.sample;
      if (payload === undefined) throw new Error('no subscriber received the STOP from the hub');
      const bytes = payload;
      peerRuns.push(await deliverOnce(peer.fleet, async () => {
        const t0 = performance.timeOrigin + performance.now();
        await publisher.publish(topic, bytes, 1);
        return t0;
      }, peer.open));
    }
    const hubAfter = await sampleProcess(hub.pid);
    publisher.end();
    await ours.fleet.stop();
    await peer.fleet.stop();
    const oursLast = median(hubRuns.map((r) => r.lastMs));
    const peerLast = median(peerRuns.map((r) => r.lastMs));
    const ratio = oursLast / peerLast;
    const missing = hubRuns.reduce((s, r) => s + r.missing, 0);
    report(args, {
      name: 'fanout',
      devices,
      loopback: describeLoopback(ours.loopback),
      trials,
      enrolment,
      connectedToHub: ours.open,
      connectedToMosquitto: peer.open,
      lastDeviceMs: oursLast,
      p50Ms: median(hubRuns.map((r) => r.p50Ms)),
      p99Ms: median(hubRuns.map((r) => r.p99Ms)),
      mosquittoLastDeviceMs: peerLast,
      mosquittoP50Ms: median(peerRuns.map((r) => r.p50Ms)),
      mosquittoP99Ms: median(peerRuns.map((r) => r.p99Ms)),
      ratio,
      deliveriesMissed: missing,
      payloadBytes: payload?.length ?? NaN,
      hubCpuSecDuring: hubAfter !== undefined && hubBefore !== undefined ? hubAfter.cpuSec - hubBefore.cpuSec : NaN,
      mosquittoVersion: mosquitto.version,
      path: 'raw MQTT subscribers (same ids, topics and client code on both brokers), QoS 1; ours: POST /api/stop (sign + Aedes); Mosquitto: PUBLISH of the same bytes; medians of the trials',
      target: 'our last-device latency ÷ Mosquitto’s ≤ 1.2 at 10,000 devices',
      pass: ratio <= 1.2 && missing === 0,
    });
  } finally {
    await mosquitto.stop();
    await hub.stop();
  }
}
