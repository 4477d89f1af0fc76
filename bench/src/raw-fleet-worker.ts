// One process of raw MQTT devices (RawMqttClient): connects its share in waves, subscribes each to its topics,
// timestamps what arrives, optionally fetches what an emergency names over HTTP (as an agent would before playing),
// freezes some on request, and after a broker loss reconnects each on the agent's own reconnect schedule (the same
// reconnectDelay and defaults as DeviceLink) and resyncs (GET the manifest). Driven by raw-fleet.ts over IPC; times
// are performance.timeOrigin + now().
import { Agent, request } from 'node:http';
import { connackFailure, linkFailureOf, outageSince, reconnectDelay, resolveAgentConfig, type LinkFailure, type ReconnectPolicy } from '@tinnguon/edge-agent';
import { decode, encode, verifyEnvelope, type EnvelopeType } from '@tinnguon/protocol';
import { RawMqttClient } from './raw-mqtt.js';
import type { FromRawWorker, RawDevice, RawWorkerStart, ToRawWorker } from './raw-fleet.js';

interface Slot {
  readonly device: RawDevice;
  client: RawMqttClient;
  arrival: number;
  fetched: number;
  payload?: Buffer;
  frozen: boolean;
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
/** Connection attempts after the broker loss, and how each failed (the cost of the schedule to the hub and the link). */
let reconnectAttempts = 0;
const reconnectFailures: Partial<Record<LinkFailure, number>> = {};
/** Messages refused by `verifyWith`. */
let refusedMessages = 0;
/** The agent's defaults: what a device with no link settings in its configuration does. */
const agentLink = resolveAgentConfig({}, {}).link;
const policy: ReconnectPolicy = {
  baseMs: agentLink.backoffBaseMs, maxMs: agentLink.backoffMaxMs, refusedRetryMs: agentLink.refusedRetryMs, refusedWindowMs: agentLink.refusedWindowMs,
};

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

/**
 * What an agent must do with a message before acting on it: decode it, then verify the signed envelope it carries.
 * Undefined when it carries none (a doorbell, a time reply): not what this device waits for, and not a refusal.
 */
function verified(slot: Slot, topic: string, payload: Buffer): boolean | undefined {
  const decoded = decode(topic, payload);
  if (!decoded.ok) return false;
  const envelope = decoded.value.message as { type?: unknown };
  if (typeof envelope.type !== 'string') return undefined;
  const recipient = { deviceId: slot.device.clientId, areaChain: slot.device.areaChain ?? [] };
  return verifyEnvelope(envelope, envelope.type as EnvelopeType, { trustedKeys: start!.verifyWith!, now: Date.now(), recipient }).ok;
}

function onPublish(slot: Slot, topic: string, payload: Buffer, at: number): void {
  if (!Number.isNaN(slot.arrival)) return;
  if (start?.verifyWith !== undefined) {
    const ok = verified(slot, topic, payload);
    if (ok !== true) {
      if (ok === false) refusedMessages++;
      return;
    }
    at = now(); // it counts once the device could act on it
  }
  slot.arrival = at;
  slot.payload ??= payload;
  if (start?.fetchOnEmergency !== true) return;
  // The agent fetches the bulletin's media while its attention tone plays, or before its first frame without one.
  const sha = /"sha256":"([0-9a-f]{64})"/.exec(payload.toString('utf8'))?.[1];
  if (sha === undefined) return;
  const fetch = (): void => void get(`/api/device/media/${sha}`, slot.device).then(() => (slot.fetched = now()), () => (slot.fetched = -1));
  // Without `verifyWith` the fetch starts at once: its CPU delays the other devices' messages in this process, so the
  // first sound judged is if anything late, while the hub sees the fetches when a field of devices would send them.
  // As the floor under the agents it waits, as the agent's UrgentHandler does, until the I/O already readable is
  // handled: the order that starts the most tones soonest.
  if (start.verifyWith === undefined) fetch();
  else setImmediate(fetch);
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
      onPublish: (topic, payload, at) => onPublish(slot, topic, payload, at),
      onClose: () => {
        slot.closedAt = now();
        if (reconnecting) void comeBack(slot, index);
      },
    },
  );
}

/** Connect, subscribe; undefined when attached, else what the failure says (the caller retries or counts it). */
async function attach(slot: Slot, index: number): Promise<LinkFailure | undefined> {
  slot.client = makeClient(slot, index);
  try {
    const rc = await slot.client.connect();
    if (rc !== 0) return connackFailure(rc);
    await slot.client.subscribe(slot.device.topics);
    return undefined;
  } catch (err) {
    slot.client.destroy();
    return linkFailureOf(err);
  }
}

/** DeviceLink's schedule (reconnectDelay with the agent's defaults); then the retained 'online' and a manifest resync. */
async function comeBack(slot: Slot, index: number): Promise<void> {
  let failure: LinkFailure | undefined = 'lost';
  let outage = outageSince(Date.now());
  while (failure !== undefined) {
    const decision = reconnectDelay(failure, outage, Date.now(), policy);
    outage = decision.outage;
    await sleep(decision.delayMs);
    if (!reconnecting) return;
    reconnectAttempts++;
    failure = await attach(slot, index);
    if (failure !== undefined) reconnectFailures[failure] = (reconnectFailures[failure] ?? 0) + 1;
  }
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
  for (const device of s.devices) slots.push({ device, client: undefined as unknown as RawMqttClient, arrival: NaN, fetched: NaN, frozen: false, closedAt: NaN, backAt: NaN, resyncedAt: NaN });
  await Promise.all(Array.from({ length: s.concurrency }, async () => {
    for (let i = next++; i < slots.length; i = next++) {
      // CONNACK 3 (server unavailable) is the hub's own limit on concurrent credential checks: come back shortly.
      for (let tries = 0; tries < 20 && (await attach(slots[i]!, i)) !== undefined; tries++) {
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
      refusedMessages = 0;
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
        reconnectAttempts,
        reconnectFailures,
        refusedMessages,
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
