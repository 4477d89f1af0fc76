// The hub's embedded MQTT broker: Aedes with the device ACL and credential lookup handed in as hooks (style.md §6).
// Build, then `start()`, then `stop()` (style.md §2, §7). The hub publishes in-process through `publish()`:
// Aedes' own `publish()` skips `authorizePublish` (aedes.js: `publish` runs storeRetained → emitPacket → published,
// no authorisation), so no hub password exists anywhere; the ACL is applied here instead, with the hub principal.
import EventEmitter from 'node:events';
import { createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { parseTopic, TOPICS } from '@tinnguon/protocol';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import { HubError } from '../errors.js';
import { canPublish, HUB_PRINCIPAL, type DevicePrincipal } from './acl.js';
import {
  countRefusal, silentLogger, zeroCounters, type BrokerCounters, type BrokerEvents, type BrokerLogger, type Refusal,
} from './broker-events.js';
import type { BrokerLimits } from './broker-limits.js';
import { ConnectGate } from './connect-gate.js';
import type { DeviceAuthenticator } from './connect-policy.js';
import { guardFrames, type FrameVerdict } from './frame-guard.js';
import { leanParserBuffer, releaseConnectPacket } from './lean-client.js';
import { createPolicyHooks } from './policy-hooks.js';
import { ReadPacer } from './read-pacer.js';
import { IndexedRetainedPersistence } from './retained-persistence.js';

export interface StartOptions {
  /** TCP port for MQTT; 0 picks a free one; omit to accept only WebSocket connections. */
  readonly tcpPort?: number;
  readonly host?: string;
  /** Completed TCP handshakes the kernel holds until the hub accepts them (config `listenBacklog`); Node's is 511. */
  readonly backlog?: number;
}

export interface HubPublishOptions {
  /** Defaults to the topic's QoS in the protocol table. */
  readonly qos?: 0 | 1;
  readonly retain?: boolean;
}

// Our topics have six levels; anything deeper is refused before it reaches the topic matcher.
const MAX_TOPIC_LEVELS = 8;
// Device ids are up to 64 characters; MQTT 3.1 clients would otherwise be held to 23 ([MQTT-3.1.3-5] in 3.1.1).
const MAX_CLIENT_ID_LENGTH = 64;

type State = 'idle' | 'running' | 'stopped';

export class DeviceBroker extends EventEmitter<BrokerEvents> {
  readonly limits: BrokerLimits;
  readonly #authenticator: DeviceAuthenticator;
  readonly #log: BrokerLogger;
  #state: State = 'idle';
  #aedes: Aedes | undefined;
  #tcp: Server | undefined;
  readonly #connections = new Set<Duplex>();
  readonly #principals = new WeakMap<Client, DevicePrincipal>();
  readonly #devices = new Map<string, Client>();
  readonly #counters = zeroCounters();
  readonly #connectGate: ConnectGate;
  // One for all connections: a flood of reads is parsed a few ms per turn of the event loop (read-pacer.ts).
  readonly #readPacer = new ReadPacer({ onError: (err) => this.#log.error({ err }, 'MQTT read handling failed') });

  constructor(authenticator: DeviceAuthenticator, limits: BrokerLimits, logger: BrokerLogger = silentLogger) {
    super();
    this.#authenticator = authenticator;
    this.limits = limits;
    this.#log = logger;
    this.#connectGate = new ConnectGate({ active: limits.maxPendingAuthentications, queued: limits.maxQueuedAuthentications, waitMs: limits.authenticationWaitMs });
  }

  async start(options: StartOptions = {}): Promise<{ readonly tcpPort: number | undefined }> {
    if (this.#state !== 'idle') throw new HubError('HUB_ERR_BROKER_STATE', `start() when ${this.#state}`);
    this.#state = 'running';
    const aedes = this.#createAedes();
    await aedes.listen();
    this.#aedes = aedes;
    if (options.tcpPort === undefined) return { tcpPort: undefined };
    try {
      return { tcpPort: await this.#listenTcp(options.tcpPort, options.host, options.backlog) };
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Serves one connection (a TCP socket, or a WebSocket stream from `mqttOverWebSocket`). */
  handle(conn: Duplex, remoteAddress?: string): void {
    const aedes = this.#aedes;
    if (this.#state !== 'running' || aedes === undefined) {
      conn.destroy();
      return;
    }
    this.#connections.add(conn);
    conn.once('close', () => this.#connections.delete(conn));
    const limits = { firstFrameMaxBytes: this.limits.maxConnectBytes, maxFrameBytes: this.limits.maxPacketBytes };
    // Idle devices are most of what a hub holds (issue 8: 50,000 in ≤ 1 GiB): lean-client.ts trims what each keeps.
    leanParserBuffer(aedes.handle(guardFrames(conn, limits, (verdict) => this.#onFrameRefused(verdict, remoteAddress), this.#readPacer)));
  }

  /** Publishes as the hub. Resolves once every subscriber's copy is written (or its client dropped), not on PUBACK. */
  publish(topic: string, payload: Uint8Array | string, options: HubPublishOptions = {}): Promise<void> {
    const aedes = this.#aedes;
    if (this.#state !== 'running' || aedes === undefined) return Promise.reject(new HubError('HUB_ERR_BROKER_STATE', 'publish()'));
    const parsed = parseTopic(topic);
    const qos = options.qos ?? (parsed === undefined ? 0 : TOPICS[parsed.name].qos);
    const retain = options.retain ?? false;
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const decision = canPublish(HUB_PRINCIPAL, topic, { qos, retain, payloadBytes: bytes.byteLength });
    if (!decision.allow) return Promise.reject(new HubError('HUB_ERR_BROKER_PUBLISH_REFUSED', `${decision.reason}: ${topic.slice(0, 200)}`));
    const packet: PublishPacket = { cmd: 'publish', topic, payload: bytes, qos, retain, dup: false };
    return new Promise((resolve, reject) => {
      aedes.publish(packet, (err) => {
        if (err) {
          reject(new HubError('HUB_ERR_BROKER_PUBLISH_FAILED', err.message));
          return;
        }
        this.#counters.messagesOut += 1;
        resolve();
      });
    });
  }

  connectedDevices(): number {
    return this.#devices.size;
  }

  isDeviceConnected(deviceId: string): boolean {
    return this.#devices.has(deviceId);
  }

  /** Cuts a device's live session, e.g. right after it is revoked; its will (offline) is published. */
  disconnectDevice(deviceId: string): boolean {
    const client = this.#devices.get(deviceId);
    if (client === undefined) return false;
    client.close();
    return true;
  }

  /** CONNECTs at their credential check and waiting for one (connect-gate.ts). */
  connectQueue(): { readonly checking: number; readonly waiting: number } {
    return { checking: this.#connectGate.active, waiting: this.#connectGate.waiting };
  }

  counters(): BrokerCounters {
    return { ...this.#counters };
  }

  /** Stops accepting, closes every client (publishing their wills), then the broker; safe to call twice. */
  async stop(): Promise<void> {
    const wasRunning = this.#state === 'running';
    this.#state = 'stopped';
    if (!wasRunning) return;
    const tcp = this.#tcp;
    const tcpClosed = tcp === undefined ? Promise.resolve() : new Promise<void>((resolve) => tcp.close(() => resolve()));
    const aedes = this.#aedes;
    if (aedes !== undefined) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    // Aedes closes the clients it registered; sockets still before or inside CONNECT are ours to close.
    for (const conn of this.#connections) conn.destroy();
    await tcpClosed;
    aedes?.removeAllListeners();
    this.#devices.clear();
    this.#aedes = undefined;
    this.#tcp = undefined;
  }

  #createAedes(): Aedes {
    const limits = this.limits;
    const aedes = new Aedes({
      // No global bound on messages in flight through Aedes' emitter (mqemitter `concurrency` 0). With a bound, each
      // delivery waiting for a frozen device's socket to drain held one of its slots for up to drainTimeout, so 1 %
      // of devices that stop reading stalled every message for everyone (anti-pattern: "one frozen client stalling
      // the broker for everyone"); and when the slots came back, mqemitter drained its queue recursively (released →
      // _do → released, synchronously for messages nobody subscribes to, such as every up-topic message), which
      // overflowed the stack and killed the hub under a flood of time requests (issue 8, `frozen` at 10,000).
      // What bounds the work instead: each client's inbound waits for its own batch (Aedes), the per-device publish
      // rate (publish-rate.ts), and drainTimeout for bytes waiting on a socket.
      concurrency: 0,
      drainTimeout: limits.drainTimeoutMs,
      connectTimeout: limits.connectTimeoutMs,
      keepaliveLimit: limits.keepaliveMaxSec,
      queueLimit: limits.queueLimit,
      maxInflightInbound: limits.maxInflightInbound,
      heartbeatInterval: limits.heartbeatIntervalMs,
      maxTopicLevels: MAX_TOPIC_LEVELS,
      maxClientsIdLength: MAX_CLIENT_ID_LENGTH,
      // Every device's retained presence would otherwise be scanned on every SUBSCRIBE (retained-persistence.ts).
      persistence: new IndexedRetainedPersistence(),
      ...createPolicyHooks({
        authenticator: this.#authenticator,
        connectGate: this.#connectGate,
        publishRate: { perSec: limits.publishPerSec, burst: limits.publishBurst },
        monotonic: () => performance.now(),
        principals: this.#principals,
        log: this.#log,
        isRunning: () => this.#state === 'running',
        refuse: (refusal) => this.#refuse(refusal),
        delivered: () => (this.#counters.deliveries += 1),
      }),
    });
    this.#wire(aedes);
    return aedes;
  }

  #wire(aedes: Aedes): void {
    // 'client' fires when an authenticated client is registered, before its CONNACK; 'clientDisconnect' undoes it.
    aedes.on('client', (client) => {
      releaseConnectPacket(client);
      const principal = this.#principals.get(client);
      if (principal === undefined) return;
      this.#devices.set(principal.deviceId, client);
      this.#log.debug({ deviceId: principal.deviceId }, 'device connected');
      this.#emitSafely('deviceConnected', principal.deviceId);
    });
    aedes.on('clientDisconnect', (client) => {
      const principal = this.#principals.get(client);
      // After a takeover ([MQTT-3.1.4-2]) the map already holds the new session; only the current one counts.
      if (principal === undefined || this.#devices.get(principal.deviceId) !== client) return;
      this.#devices.delete(principal.deviceId);
      this.#log.debug({ deviceId: principal.deviceId }, 'device disconnected');
      this.#emitSafely('deviceDisconnected', principal.deviceId);
    });
    aedes.on('publish', (packet, client) => {
      const principal = client === null ? undefined : this.#principals.get(client);
      if (principal === undefined || parseTopic(packet.topic)?.direction !== 'up') return;
      this.#counters.messagesIn += 1;
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      this.#emitSafely('message', principal.deviceId, packet.topic, payload, { qos: packet.qos, retain: packet.retain });
    });
    aedes.on('clientError', (client, err) => {
      // Aedes reports a drain timeout only through this message (lib/client.js, _handleDrainTimeout).
      if (err.message === 'drain timeout') {
        this.#counters.slowClientsDropped += 1;
        this.#log.warn({ clientId: client.id }, 'slow client disconnected: its socket did not drain');
        return;
      }
      this.#log.debug({ clientId: client.id, err: err.message }, 'client error');
    });
    aedes.on('connectionError', (_client, err) => this.#log.debug({ err: err.message }, 'connection error before CONNECT'));
  }

  #listenTcp(port: number, host: string | undefined, backlog: number | undefined): Promise<number> {
    const server = createServer({ noDelay: true }, (socket) => this.handle(socket, socket.remoteAddress));
    this.#tcp = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err) => reject(new HubError('HUB_ERR_BROKER_LISTEN', `${err.message} (${host ?? '*'}:${port})`)));
      server.listen({ port, host, ...(backlog === undefined ? {} : { backlog }) }, () => {
        server.on('error', (err) => this.#log.error({ err }, 'MQTT listener error'));
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  #onFrameRefused(verdict: FrameVerdict, remoteAddress: string | undefined): void {
    if (!verdict.ok) this.#refuse({ stage: 'frame', reason: verdict.reason, declaredBytes: verdict.declaredBytes, remoteAddress });
  }

  #refuse(refusal: Refusal): void {
    countRefusal(this.#counters, refusal);
    // One SUBSCRIBE can carry thousands of refused filters; the other refusals each cost the sender its connection.
    if (refusal.stage === 'subscribe') this.#log.debug({ refusal }, 'MQTT subscription refused');
    else this.#log.warn({ refusal }, 'MQTT request refused');
    this.#emitSafely('refused', refusal);
  }

  /** A throwing listener must not unwind into Aedes' internals (style.md §8). */
  #emitSafely<K extends keyof BrokerEvents>(event: K, ...args: BrokerEvents[K]): void {
    try {
      (this.emit as (event: K, ...args: BrokerEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.#log.error({ err, event }, 'broker event listener failed');
    }
  }
}
