// The agent's MQTT link (design.md §3, §7): connect with clean sessions, subscribe to its own down-topics and its area
// chain's urgent topics, announce itself with a retained 'online' whose Last Will is the retained 'offline', and come
// back after any loss on the schedule reconnect-policy.ts decides from what the failure says about the hub (short
// retries while it restarts, exponential full jitter when it may be overloaded). Everything received is decoded by
// the protocol before anyone sees it.
import { decode, deviceTopic, encode, TOPICS, type Decoded, type DeviceStatus, type MessageOf, type ProtocolError } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';
import type { AgentTimers } from '../runtime/agent-timers.js';
import type { BackoffPolicy } from './backoff.js';
import type { LinkConnection, LinkTransport } from './link-transport.js';
import { linkFailureOf, outageSince, reconnectDelay, REFUSED_RETRY_DEFAULTS, type LinkFailure, type Outage, type ReconnectPolicy } from './reconnect-policy.js';

/** Topics a device publishes on. */
export type UpTopicName = 'status' | 'heartbeat' | 'logBatch' | 'commandResult' | 'timeRequest';

export interface LinkLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface DeviceLinkOptions {
  readonly transport: LinkTransport;
  readonly url: string;
  readonly deviceId: string;
  readonly username: string;
  readonly password: string;
  readonly keepaliveSec: number;
  readonly connectTimeoutMs: number;
  /** The exponential full jitter, and the short schedule after refused connections (defaults: 1 s within 60 s). */
  readonly backoff: BackoffPolicy & Partial<Pick<ReconnectPolicy, 'refusedRetryMs' | 'refusedWindowMs'>>;
  readonly timers: AgentTimers;
  readonly random?: () => number;
  readonly version: string;
  readonly now: () => number;
  /** Asked at every connect, so a changed area chain is picked up. */
  readonly subscriptions: () => readonly string[];
  readonly onConnected: () => void;
  readonly onDisconnected: () => void;
  readonly onMessage: (message: Decoded) => void;
  /** A message that failed to decode (shape, size, encoding). */
  readonly onUndecodable: (topic: string, error: ProtocolError) => void;
  readonly log?: LinkLogger;
}

export interface LinkStats {
  readonly connected: boolean;
  readonly attempts: number;
  readonly connects: number;
}

export class DeviceLink {
  readonly #o: DeviceLinkOptions;
  #connection: LinkConnection | undefined;
  #running = false;
  #outage: Outage = outageSince(0);
  #attempts = 0;
  #connects = 0;
  #timer: unknown;
  #connecting: Promise<void> | undefined;

  constructor(options: DeviceLinkOptions) {
    this.#o = options;
  }

  get connected(): boolean {
    return this.#connection !== undefined;
  }

  stats(): LinkStats {
    return { connected: this.connected, attempts: this.#attempts, connects: this.#connects };
  }

  /** Starts connecting; never rejects (failures are retried with backoff). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#outage = outageSince(this.#o.now());
    this.#connecting = this.#attempt();
  }

  /** Says 'offline' (retained, reason SHUTDOWN) and disconnects cleanly; no more reconnects. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#o.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#connecting;
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection === undefined) return;
    const offline: DeviceStatus = { state: 'offline', at: this.#o.now(), version: this.#o.version, reason: 'SHUTDOWN' };
    await connection.publish(deviceTopic('status', this.#o.deviceId), encode('status', offline), { qos: 1, retain: true }).catch(() => undefined);
    await connection.end().catch(() => undefined);
  }

  /** Publishes with the topic table's QoS and retain flag. Rejects AGENT_ERR_LINK when offline or when the link drops. */
  async publish<N extends UpTopicName>(name: N, message: MessageOf<N>): Promise<void> {
    const connection = this.#connection;
    if (connection === undefined) throw new AgentError('AGENT_ERR_LINK', 'not connected');
    const spec = TOPICS[name];
    await connection.publish(deviceTopic(name, this.#o.deviceId), encode(name, message), { qos: spec.qos, retain: spec.retain });
  }

  /** Subscribes again after the area chain changed (a device moved to another commune). */
  async resubscribe(): Promise<void> {
    await this.#connection?.subscribe(this.#o.subscriptions());
  }

  async #attempt(): Promise<void> {
    if (!this.#running) return;
    const o = this.#o;
    this.#attempts++;
    const will: DeviceStatus = { state: 'offline', version: o.version, reason: 'CONNECTION_LOST' };
    let connection: LinkConnection | undefined;
    try {
      connection = await o.transport.connect(
        {
          url: o.url,
          clientId: o.deviceId,
          username: o.username,
          password: o.password,
          keepaliveSec: o.keepaliveSec,
          connectTimeoutMs: o.connectTimeoutMs,
          will: { topic: deviceTopic('status', o.deviceId), payload: encode('status', will), qos: 1, retain: true },
        },
        { onMessage: (topic, payload) => this.#receive(topic, payload), onClose: () => this.#closed(connection) },
      );
      await connection.subscribe(o.subscriptions());
      const online: DeviceStatus = { state: 'online', at: o.now(), version: o.version };
      await connection.publish(deviceTopic('status', o.deviceId), encode('status', online), { qos: 1, retain: true });
    } catch (err) {
      await connection?.end().catch(() => undefined);
      // After CONNACK (a refused subscription, the link gone while subscribing) the error says nothing about a restart.
      this.#retry(connection === undefined ? linkFailureOf(err) : 'other', (err as Error).message);
      return;
    }
    if (!this.#running) {
      this.#connection = connection;
      return;
    }
    this.#connects++;
    this.#connection = connection;
    o.log?.info({ connects: this.#connects }, 'MQTT connected');
    o.onConnected();
  }

  #closed(connection: LinkConnection | undefined): void {
    if (connection === undefined || this.#connection !== connection) return;
    this.#connection = undefined;
    this.#o.onDisconnected();
    this.#retry('lost');
  }

  #retry(failure: LinkFailure, message?: string): void {
    if (!this.#running) return;
    const o = this.#o;
    const policy: ReconnectPolicy = { ...REFUSED_RETRY_DEFAULTS, ...o.backoff };
    const decision = reconnectDelay(failure, this.#outage, o.now(), policy, o.random);
    this.#outage = decision.outage;
    if (failure !== 'lost') o.log?.warn({ err: message, failure, schedule: decision.schedule, delayMs: decision.delayMs }, 'MQTT connect failed');
    this.#timer = o.timers.setTimeout(() => {
      this.#timer = undefined;
      this.#connecting = this.#attempt();
    }, decision.delayMs);
  }

  #receive(topic: string, payload: Buffer): void {
    const decoded = decode(topic, payload);
    if (!decoded.ok) {
      this.#o.onUndecodable(topic, decoded.error);
      return;
    }
    this.#o.onMessage(decoded.value);
  }
}
