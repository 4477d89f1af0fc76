// A fleet worker process: runs its share of the devices in a DeviceHost and answers the runner over IPC. Started by
// FleetRunner with child_process.fork; when the runner goes away (IPC disconnect), the devices are stopped and the
// process exits, so no orphaned agent keeps a connection to the hub. SIGKILL (a power cut) skips all of that on
// purpose: the agents' journals must cope.
import { describeError } from '../errors.js';
import { DeviceHost } from '../host/device-host.js';
import { inspectDevice } from '../host/inspect-device.js';
import { NO_DEVICES } from './fleet-counts.js';
import { fromWorker, toWorker, type FromWorker, type RequestOp, type ToWorker } from './worker-protocol.js';

let host: DeviceHost | undefined;
let countsTimer: NodeJS.Timeout | undefined;
let stopping: Promise<void> | undefined;

/** Resolves once the message is handed to the IPC channel (the last one must be, before disconnecting). */
function send(message: FromWorker): Promise<void> {
  // Our own messages go through the same check as the runner's, so a drift between the two is caught here.
  if (fromWorker(message) === undefined) throw new Error(`worker built an invalid message: ${message.type}`);
  return new Promise((resolve) => {
    if (!process.connected || process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'start': {
      const { countsEveryMs, ...options } = message.start;
      host = new DeviceHost(options);
      countsTimer = setInterval(() => void (host !== undefined && send({ type: 'counts', counts: host.counts() })), countsEveryMs);
      await host.start();
      await send({ type: 'started' });
      return;
    }
    case 'fault':
      await host?.apply(message.action);
      return;
    case 'request':
      try {
        const value = await answer(message.op, message.index);
        await send({ type: 'response', id: message.id, ok: true, value });
      } catch (err) {
        await send({ type: 'response', id: message.id, ok: false, error: describeError(err) });
      }
      return;
    case 'stop':
      await stop();
      return;
  }
}

async function answer(op: RequestOp, index: number | undefined): Promise<unknown> {
  if (host === undefined) return op === 'reports' ? [] : op === 'counts' ? NO_DEVICES : null;
  if (op === 'reports') return host.reports();
  if (op === 'counts') return host.counts();
  const device = host.device(index ?? host.devices[0]?.index ?? 0);
  if (op === 'resync') return (await device.agent?.resync()) ?? null;
  return inspectDevice(device);
}

function stop(): Promise<void> {
  stopping ??= (async () => {
    clearInterval(countsTimer);
    const reports = host?.reports() ?? [];
    await host?.stop();
    await send({ type: 'stopped', reports });
    process.disconnect?.();
  })();
  return stopping;
}

process.on('message', (raw: unknown) => {
  const message = toWorker(raw);
  if (message === undefined) {
    void send({ type: 'failed', error: `[SIM_ERR_WORKER_MESSAGE] ${JSON.stringify(raw).slice(0, 200)}` });
    return;
  }
  handle(message).catch((err: unknown) => void send({ type: 'failed', error: describeError(err) }));
});
process.on('disconnect', () => void stop().finally(() => process.exit(0)));
