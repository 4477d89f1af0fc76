// One process of raw MQTT devices (RawMqttClient): connects its share in waves, subscribes each to its topics,
// timestamps what arrives, optionally fetches what an emergency names over HTTP (as an agent would before playing),
// freezes some on request, and after a broker loss reconnects each with the agent's full-jitter backoff and
// resyncs (GET the manifest). Driven by raw-fleet.ts over IPC; times are performance.timeOrigin + now().
import { Agent, request } from 'node:http';
import { encode } from '@tinnguon/protocol';
import { RawMqttClient } from './raw-mqtt.js';
import type { FromRawWorker, RawDevice, RawWorkerStart, ToRawWorker } from './raw-fleet.js';

interface Slot {
  readonly device: RawDevice;
  client: RawMqttClient;
  arrival: number;
  fetched: number;
  payload?: Buffer;
  frozen: boolean;
  failures: number;
  closedAt: number;
  backAt: number;
  resyncedAt: number;
}

const now = (): number => performance.timeOrigin + performance.now();
let start: RawWorkerStart | undefined;
const slots: Slot[] = [];
let http: Agent | undefined;
let pinger: NodeJS.Timeout | undefined;
let reconnecting = false;

const send = (m: FromRawWorker): void => void process.send?.(m);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function get(path: string, device: RawDevice): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, start!.httpBase);
    const auth = `Basic ${Buffer.from(`${device.username}:${device.password}`).toString('base64')}`;
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, agent: http, headers: { authorization: auth } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function onPublish(slot: Slot, payload: Buffer, at: number): void {
  if (!Number.isNaN(slot.arrival)) return;
  slot.arrival = at;
  slot.payload ??= payload;
  if (start?.fetchOnEmergency !== true) return;
  // The agent fetches the bulletin's media before its first frame (no attention tone in the manifest).
  const sha = /"sha256":"([0-9a-f]{64})"/.exec(payload.toString('utf8'))?.[1];
  if (sha === undefined) return;
  get(`/api/device/media/${sha}`, slot.device).then(() => (slot.fetched = now()), () => (slot.fetched = -1));
}

function makeClient(slot: Slot, index: number): RawMqttClient {
  const s = start!;
  return new RawMqttClient(
    {
      host: s.host, port: s.port, clientId: slot.device.clientId, keepaliveSec: s.keepaliveSec,
      ...(slot.device.username === undefined ? {} : { username: slot.device.username, password: slot.device.password }),
      ...(s.localAddresses.length === 0 ? {} : { localAddress: s.localAddresses[index % s.localAddresses.length] }),
    },
    {
      onPublish: (_topic, payload, at) => onPublish(slot, payload, at),
      onClose: () => {
        slot.closedAt = now();
        if (reconnecting) void comeBack(slot, index);
      },
    },
  );
}

/** Connect, subscribe; false when refused or failed (the caller retries or counts it). */
async function attach(slot: Slot, index: number): Promise<boolean> {
  slot.client = makeClient(slot, index);
  try {
    if ((await slot.client.connect()) !== 0) return false;
    await slot.client.subscribe(slot.device.topics);
    return true;
  } catch {
    slot.client.destroy();
    return false;
  }
}

/** DeviceLink's policy: full jitter, base 1 s doubling to 300 s; then the retained 'online' and a manifest resync. */
async function comeBack(slot: Slot, index: number): Promise<void> {
  for (;;) {
    const cap = Math.min(300_000, 1000 * 2 ** Math.min(slot.failures, 20));
    slot.failures++;
    await sleep(Math.random() * cap);
    if (!reconnecting) return;
    if (await attach(slot, index)) break;
  }
  slot.failures = 0;
  slot.backAt = now();
  if (slot.device.username !== undefined) {
    const status = encode('status', { state: 'online', at: Date.now(), version: 'bench-raw' });
    await slot.client.publish(`tn/v1/device/${slot.device.clientId}/up/status`, status, 1);
    await get('/api/device/manifest', slot.device).then(() => (slot.resyncedAt = now()), () => (slot.resyncedAt = -1));
  }
}

async function connectAll(s: RawWorkerStart): Promise<void> {
  start = s;
  http = new Agent({ keepAlive: true, maxSockets: s.httpSockets });
  const t0 = now();
  let refused = 0;
  let next = 0;
  for (const device of s.devices) slots.push({ device, client: undefined as unknown as RawMqttClient, arrival: NaN, fetched: NaN, frozen: false, failures: 0, closedAt: NaN, backAt: NaN, resyncedAt: NaN });
  await Promise.all(Array.from({ length: s.concurrency }, async () => {
    for (let i = next++; i < slots.length; i = next++) {
      // CONNACK 3 (server unavailable) is the hub's own limit on concurrent credential checks: come back shortly.
      for (let tries = 0; tries < 20 && !(await attach(slots[i]!, i)); tries++) {
        refused++;
        await sleep(50 + Math.random() * 200);
      }
    }
  }));
  pinger = setInterval(() => slots.forEach((slot) => slot.frozen || slot.client.ping()), (s.keepaliveSec * 1000) / 2);
  send({ type: 'connected', open: slots.filter((x) => x.client.open).length, refused, ms: now() - t0 });
}

function handle(m: ToRawWorker): void {
  switch (m.type) {
    case 'start':
      void connectAll(m.start);
      return;
    case 'arm':
      for (const slot of slots) Object.assign(slot, { arrival: NaN, fetched: NaN, payload: undefined });
      send({ type: 'armed' });
      return;
    case 'freeze':
      for (const i of m.indices) {
        const slot = slots[i];
        if (slot === undefined) continue;
        slot.frozen = true;
        slot.client.freeze();
      }
      send({ type: 'frozen', count: m.indices.length });
      return;
    case 'flood':
      for (const i of m.indices) {
        const slot = slots[i];
        if (slot === undefined) continue;
        const topic = `tn/v1/device/${slot.device.clientId}/up/time`;
        for (let k = 0; k < m.count; k++) void slot.client.publish(topic, encode('timeRequest', { t0: Date.now() }), 0);
      }
      send({ type: 'flooded', count: m.indices.length });
      return;
    case 'end':
      for (const i of m.indices) slots[i]?.client.destroy();
      send({ type: 'ended', count: m.indices.length });
      return;
    case 'watchReconnect':
      reconnecting = true;
      send({ type: 'watching' });
      return;
    case 'collect':
      send({
        type: 'collected',
        open: slots.filter((x) => x.client.open).length,
        arrivals: slots.map((x) => (x.frozen ? null : x.arrival)),
        fetched: slots.map((x) => (x.frozen ? null : x.fetched)),
        backAt: slots.map((x) => x.backAt),
        resyncedAt: slots.map((x) => x.resyncedAt),
        ...(slots.find((x) => x.payload !== undefined)?.payload === undefined ? {} : { sample: slots.find((x) => x.payload !== undefined)!.payload!.toString('base64') }),
      });
      return;
    case 'stop':
      reconnecting = false;
      clearInterval(pinger);
      for (const slot of slots) slot.client.end();
      http?.destroy();
      setTimeout(() => process.exit(0), 200);
      return;
  }
}

process.on('message', (m: ToRawWorker) => handle(m));
process.on('disconnect', () => process.exit(0));
