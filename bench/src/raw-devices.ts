// Raw devices for a hub process: enrolled through the hub's API (each has its own credential, as a real device
// does), then connected by RawFleet with the subscriptions an agent makes (its down-topics and its area chain's
// urgent topics). Also the loopback source addresses that let one machine open more than ~28,000 connections to one port.
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { areaChain, buildAreaTree, DEMO_PROVINCE, openDatabase } from '@tinnguon/hub';
import { deviceSubscriptions, type EnrolmentResponse, type TrustedKey } from '@tinnguon/protocol';
import { DEMO_COMMUNES, type HubProcess } from './hub-process.js';
import { quietLoopback, type LoopbackState } from './loopback.js';
import { RawFleet, type RawDevice } from './raw-fleet.js';

/** Connections to one destination that the kernel's ephemeral ports (32768–60999 here) hold with room to spare. */
export const ONE_SOURCE_MAX = 20_000;

/**
 * Loopback source addresses, only for fleets one source cannot hold toward one destination: more than ONE_SOURCE_MAX
 * (`connections` at 50,000). Without a source address the kernel picks each port per destination at connect() and
 * may reuse one in TIME_WAIT; a socket bound to a source address takes its port at bind(), unique on that address
 * whatever the destination and never one in TIME_WAIT, so after a hub restart (`reconnect`) tens of thousands of
 * retries searched a port range full of TIME_WAIT (a worker spent 85 % of its CPU in `connect`). When bound, each
 * 10,000 connections get an address of their own; `first` keeps two fleets (the hub's and a peer's) apart.
 */
export function loopbackSources(connections: number, first = 2): string[] {
  if (connections <= ONE_SOURCE_MAX) return [];
  return Array.from({ length: Math.ceil(connections / 10_000) }, (_, i) => `127.0.0.${first + i}`);
}

export function rawDevice(creds: Credentials): RawDevice {
  return { clientId: creds.deviceId, username: creds.mqttUsername, password: creds.mqttPassword, topics: deviceSubscriptions(creds.deviceId, creds.areaChain), areaChain: creds.areaChain };
}

export type Credentials = Pick<EnrolmentResponse, 'deviceId' | 'mqttUsername' | 'mqttPassword' | 'areaChain'>;

/** Up to this many devices are enrolled through the API (≈ 45 devices/s here); more are seeded into the database. */
export const API_ENROLMENT_MAX = 2000;

/**
 * Enrols `count` devices over the demo communes. Up to API_ENROLMENT_MAX through the hub's API (create + one-time
 * code exchange, each a durable write); beyond that they are written into the hub's database in one transaction, in
 * the shape enrolment leaves them (active, SHA-256 of a 256-bit secret), because enrolling 10,000 through the API
 * takes minutes and is not what these benchmarks measure. The hub reads credentials from the database on each connect.
 */
export async function enrolRaw(hub: HubProcess, count: number): Promise<{ creds: Credentials[]; seconds: number; enrolment: 'api' | 'seeded' }> {
  const t0 = performance.now();
  if (count <= API_ENROLMENT_MAX) return { creds: await hub.enrol(count, DEMO_COMMUNES, 16), seconds: (performance.now() - t0) / 1000, enrolment: 'api' };
  const tree = buildAreaTree(DEMO_PROVINCE);
  const now = Date.now();
  const creds: Credentials[] = [];
  const rows = Array.from({ length: count }, (_, i) => {
    const area = DEMO_COMMUNES[i % DEMO_COMMUNES.length]!;
    const id = `loa-${area}-b${i.toString(16).padStart(7, '0')}`;
    const secret = randomBytes(32).toString('base64url');
    creds.push({ deviceId: id, mqttUsername: id, mqttPassword: secret, areaChain: areaChain(tree, area) });
    return [id, 'loudspeaker', area, `Loa đo ${i}`, 'active', createHash('sha256').update(secret, 'utf8').digest('hex'), now, now];
  });
  const db = await openDatabase(join(hub.dataDir, 'hub.sqlite'));
  try {
    await db.insertMany('devices', ['id', 'kind', 'area_code', 'name', 'state', 'secret_hash', 'created_at', 'updated_at'], rows, { durable: true });
  } finally {
    await db.close();
  }
  return { creds, seconds: (performance.now() - t0) / 1000, enrolment: 'seeded' };
}

export interface RawFleetOptions {
  readonly workers?: number;
  readonly fetchOnEmergency?: boolean;
  readonly verifyWith?: readonly TrustedKey[];
  readonly keepaliveSec?: number;
  readonly httpSockets?: number;
}

export type StartedRawFleet = Awaited<ReturnType<typeof RawFleet.start>> & { readonly loopback: LoopbackState };

/** Starts the fleet once the loopback is quiet (loopback.ts), so a run does not inherit the last one's sockets. */
export async function startRawFleet(hub: HubProcess, devices: readonly RawDevice[], o: RawFleetOptions = {}): Promise<StartedRawFleet> {
  const loopback = await quietLoopback();
  const url = new URL(hub.mqtt);
  const started = await RawFleet.start({
    devices,
    workers: o.workers ?? Math.max(1, Math.min(availableParallelism(), Math.ceil(devices.length / 5000))),
    host: url.hostname,
    port: Number(url.port),
    keepaliveSec: o.keepaliveSec ?? 60,
    localAddresses: loopbackSources(devices.length),
    // The hub lets CONNECTs past its credential checks in flight wait a little (connect-gate.ts); 32 per worker
    // keeps the initial connect well inside that.
    concurrency: 32,
    httpBase: hub.http,
    // Each worker holds its devices' MQTT sockets too: this and the hub's 20,000-descriptor limit bound it.
    httpSockets: o.httpSockets ?? 256,
    fetchOnEmergency: o.fetchOnEmergency ?? false,
    ...(o.verifyWith === undefined ? {} : { verifyWith: o.verifyWith }),
  });
  return { ...started, loopback };
}
