// `npm run bench -- ingest [--devices N]`: playback-log batches from many devices through MQTT into SQLite.
// Target (issue 8): ≥ 100,000 rows/s committed, hub event-loop p99 ≤ 20 ms.
// Event loop, three ways (loop-probe.ts): the hub's own metric (monitorEventLoopDelay at 10 ms, count-weighted),
// and from a probe preloaded into the hub, the longest stall and the time-weighted p99 (what a message arriving at a
// random moment waits), which a few long stalls dominate as they should.
// The hub's metric is how late its 10 ms timer ran (Node's `monitorEventLoopDelay` records the gap between turns,
// period included; until session 6 the hub reported that gap, so an idle hub read 10 ms and this benchmark judged
// the gap against 20 ms, a 10 ms stricter bound than the target's delay). It counts one sample per turn, so a 150 ms
// stall weighs as much as one late turn; the pass therefore also requires the time-weighted p99 (the wait a message
// arriving at a random moment exceeds with 1% probability) to be ≤ 20 ms, so that rare long stalls cannot hide
// behind many short turns.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic, type LogAck } from '@tinnguon/protocol';
import { startHubProcess, type HubProcess } from './hub-process.js';
import type { LoopProbeFigures } from './loop-probe.js';
import { report, type BenchArgs } from './report.js';

const BATCH = 100;
const BATCHES_PER_DEVICE = 20;
const PROBE = new URL('./loop-probe.js', import.meta.url).pathname;

/** Asks the hub's probe for its figures since the last ask (SIGUSR2), and waits for the file it writes. */
async function probeFigures(hub: HubProcess, file: string, seq: number): Promise<LoopProbeFigures> {
  process.kill(hub.pid, 'SIGUSR2');
  for (let i = 0; i < 500; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const figures = text === '' ? undefined : (JSON.parse(text) as LoopProbeFigures);
    if (figures?.seq === seq) return figures;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the hub loop probe did not answer');
}

export async function ingestBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 200;
  const probeFile = join(process.env.TMPDIR ?? '/tmp', `tn-bench-loop-${process.pid}.json`);
  const nodeOptions = [process.env.NODE_OPTIONS ?? '', `--import=${PROBE}`].join(' ').trim();
  const hub = await startHubProcess({ NODE_OPTIONS: nodeOptions, TN_BENCH_LOOP_PROBE_FILE: probeFile });
  try {
    const creds = await hub.enrol(devices, ['24611', '24612', '24628', '24670', '24673', '24678', '24694', '24700', '24715']);
    // In waves: the broker answers "server unavailable" past its limit of concurrent credential checks.
    const clients: MqttClient[] = [];
    for (let i = 0; i < creds.length; i += 50) {
      clients.push(...(await Promise.all(
        creds.slice(i, i + 50).map((c) => mqtt.connectAsync(hub.mqtt, { protocolVersion: 4, clientId: c.deviceId, username: c.mqttUsername, password: c.mqttPassword, reconnectPeriod: 0 })),
      )));
    }
    let ackedRows = 0;
    const total = devices * BATCH * BATCHES_PER_DEVICE;
    const done = new Promise<void>((resolve) => {
      clients.forEach((client) =>
        client.on('message', (_t, payload: Buffer) => {
          const ack = JSON.parse(payload.toString()) as LogAck;
          ackedRows += ack.stored;
          if (ackedRows >= total) resolve();
        }),
      );
    });
    await Promise.all(clients.map((c, i) => c.subscribeAsync(deviceTopic('logAck', creds[i]!.deviceId), { qos: 1 })));
    await hub.metric('tinnguon_event_loop_delay_p99_ms');
    await probeFigures(hub, probeFile, 0);
    const start = performance.now();
    for (let b = 0; b < BATCHES_PER_DEVICE; b++) {
      clients.forEach((client, i) => {
        const entries = Array.from({ length: BATCH }, (_, k) => ({ seq: b * BATCH + k + 1, at: Date.now(), event: 'played', bulletinId: 'bt-bench-0001', playedMs: 30_000 }));
        client.publish(deviceTopic('logBatch', creds[i]!.deviceId), JSON.stringify({ entries }), { qos: 1 });
      });
      await new Promise((r) => setImmediate(r));
    }
    await done;
    const seconds = (performance.now() - start) / 1000;
    const loopP99 = await hub.metric('tinnguon_event_loop_delay_p99_ms');
    const loop = await probeFigures(hub, probeFile, 1);
    await Promise.all(clients.map((c) => c.endAsync()));
    const rowsPerSec = total / seconds;
    report(args, {
      name: 'ingest',
      devices,
      rows: total,
      seconds,
      rowsPerSec,
      hubEventLoopP99Ms: loopP99,
      hubLongestStallMs: loop.longestStallMs,
      hubLoopP99At1MsResolutionMs: loop.eldP99Ms,
      hubLoopTimeWeightedP99Ms: loop.timeWeightedP99Ms,
      hubShareOfTimeInStallsOver20Ms: loop.shareOver20Ms,
      hubCpuMainS: loop.cpuSeconds.main,
      hubCpuSqlitePoolS: loop.cpuSeconds.pool,
      hubCpuOtherThreadsS: loop.cpuSeconds.other,
      hubGcPauseTotalMs: loop.gcPauseMs.total,
      hubGcPauseLongestMs: loop.gcPauseMs.longest,
      loopMethod: 'hubEventLoopP99Ms: the hub metric (how late its 10 ms timer ran, one sample per turn); the rest from a 1 ms timer preloaded into the hub: longest gap, monitorEventLoopDelay p99 at 1 ms, and the wait a random arrival exceeds with 1% probability',
      target: '≥ 100,000 rows/s committed; hub event-loop p99 ≤ 20 ms (the hub metric, and time-weighted)',
      pass: rowsPerSec >= 100_000 && loopP99 <= 20 && loop.timeWeightedP99Ms <= 20,
    });
  } finally {
    await hub.stop();
    await rm(probeFile, { force: true });
  }
}
