// `npm run bench -- ingest [--devices N]`: playback-log batches from many devices through MQTT into SQLite.
// Target (issue 8): ≥ 100,000 rows/s committed, hub event-loop p99 ≤ 20 ms.
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic, type LogAck } from '@tinnguon/protocol';
import { startHubProcess } from './hub-process.js';
import { report, type BenchArgs } from './report.js';

const BATCH = 100;
const BATCHES_PER_DEVICE = 20;

export async function ingestBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 200;
  const hub = await startHubProcess();
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
    await Promise.all(clients.map((c) => c.endAsync()));
    const rowsPerSec = total / seconds;
    report(args, {
      name: 'ingest',
      devices,
      rows: total,
      seconds,
      rowsPerSec,
      hubEventLoopP99Ms: loopP99,
      target: '≥ 100,000 rows/s committed; hub event-loop p99 ≤ 20 ms',
      pass: rowsPerSec >= 100_000 && loopP99 <= 20,
    });
  } finally {
    await hub.stop();
  }
}
