// What the hub does with each message a device publishes. Every payload is decoded by the protocol first; anything
// malformed is counted and dropped with its reason, and never takes the loop down (style.md §8).
import { decode, deviceTopic, encode, TOPICS, type Decoded, type LogAck } from '@tinnguon/protocol';
import type { Dispatcher, Publisher } from '../dispatch/dispatcher.js';
import type { DeviceRepository } from '../devices/device-repository.js';
import { BudgetedQueue } from '../logs/budgeted-queue.js';
import type { LogIngestor } from '../logs/log-ingest.js';
import type { HubMetrics } from '../app/metrics.js';
import { PresenceBatcher } from './presence-batcher.js';
import { WritePacer } from './write-pacer.js';

// Presence transactions queued at once (write-pacer.ts): enough to keep the writer busy, few enough that a write
// someone waits on is never more than a few milliseconds behind them.
const PRESENCE_WRITES_QUEUED = 4;
// Log-batch decoding per turn of the event loop (budgeted-queue.ts). It shares each turn with the broker's paced reads
// (broker/read-pacer.ts, 2 ms), the acks and Aedes' own immediates; the hub's loop metric samples a 10 ms timer, so
// the turn must stay well under 10 ms for a p99 under 20 ms (issue 8). 2 ms decodes ~10 batches of 100 entries, and
// the loop turns hundreds of times a second: more than the ingest rate needs.
const LOG_DECODE_BUDGET_MS = 2;
// Changes per presence transaction (presence-batcher.ts): three statements whatever the number, a few ms of writing.
const PRESENCE_BATCH_MAX = 1000;

/** What every log-batch topic ends with (`tn/v1/device/<id>/up/logs`). */
const LOG_BATCH_SUFFIX = `/${TOPICS.logBatch.direction}/${TOPICS.logBatch.leaf}`;

export interface LinkLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeviceMessageDeps {
  readonly devices: DeviceRepository;
  readonly logs: LogIngestor;
  readonly dispatcher: Dispatcher;
  readonly publisher: Publisher;
  readonly metrics: HubMetrics;
  readonly log: LinkLogger;
  /** High-resolution wall clock in ms, for the time-sync exchange. */
  readonly now: () => number;
}

export class DeviceMessageHandler {
  readonly #deps: DeviceMessageDeps;
  readonly #logBatches: BudgetedQueue;
  readonly #pacer = new WritePacer(PRESENCE_WRITES_QUEUED);
  readonly #presence: PresenceBatcher;

  constructor(deps: DeviceMessageDeps) {
    this.#deps = deps;
    this.#presence = new PresenceBatcher((changes) => deps.devices.setPresenceMany(changes), this.#pacer, PRESENCE_BATCH_MAX);
    this.#logBatches = new BudgetedQueue((err) => deps.log.error({ err }, 'log batch handling failed'), { budgetMs: LOG_DECODE_BUDGET_MS });
  }

  /** `receivedAt` is taken when the bytes arrived, so time-sync replies are not skewed by decoding. */
  handle(deviceId: string, topic: string, payload: Buffer, receivedAt = this.#deps.now()): Promise<void> {
    // Log batches are most of the bytes devices send, and come in floods (a fleet back online): they are decoded a
    // few milliseconds' worth per turn of the event loop, so everything else keeps its turn (budgeted-queue.ts).
    // Only routing: the topic is parsed and checked in full by decode() on either path.
    if (!topic.endsWith(LOG_BATCH_SUFFIX)) return this.#handleNow(deviceId, topic, payload, receivedAt);
    return new Promise((resolve, reject) => this.#logBatches.push(() => void this.#handleNow(deviceId, topic, payload, receivedAt).then(resolve, reject)));
  }

  /**
   * Resolves once every log batch received so far has been decoded and handed to the ingestor, and every presence
   * change written; call it after the broker stops and before `logs.idle()`, so a batch that arrived just before
   * shutdown is still committed and acked.
   */
  async idle(): Promise<void> {
    await this.#logBatches.drained();
    await this.#presence.idle();
  }

  /** The broker saw the device's session end (design.md §7: presence); recorded in turn with reported presence. */
  async deviceDisconnected(deviceId: string): Promise<void> {
    try {
      await this.#presence.record({ deviceId, state: 'offline', reason: 'DISCONNECTED' });
    } catch (err) {
      this.#deps.log.error({ err, deviceId }, 'presence');
    }
  }

  // Neither #handleNow nor #dispatch is async, on purpose: an async function keeps its parameters for as long as it
  // is suspended, and a log batch waits for its commit (hundreds of milliseconds in a flood). Holding the payload and
  // the decoded entries that long kept ~200,000 entry objects alive through a 400,000-row flood (heap snapshot, bench
  // `ingest`); each scavenge copied them, and scavenges were the longest stalls of the event loop.
  #handleNow(deviceId: string, topic: string, payload: Buffer, receivedAt: number): Promise<void> {
    const { metrics, log } = this.#deps;
    const failed = (err: unknown) => log.error({ err, deviceId, topic }, 'device message handling failed');
    try {
      metrics.mqttMessagesIn++;
      const decoded = decode(topic, payload);
      if (!decoded.ok) {
        metrics.mqttRejected++;
        log.warn({ deviceId, topic, code: decoded.error.code, reason: decoded.error.reason }, 'device message rejected');
        return Promise.resolve();
      }
      if (!('deviceId' in decoded.value) || decoded.value.deviceId !== deviceId) {
        metrics.mqttRejected++;
        log.warn({ deviceId, topic }, 'device message on a foreign topic');
        return Promise.resolve();
      }
      return this.#dispatch(deviceId, decoded.value, receivedAt).catch(failed);
    } catch (err) {
      // Not async, so a throw would reach the broker's event emitter: contained here instead (style.md §8).
      failed(err);
      return Promise.resolve();
    }
  }

  #dispatch(deviceId: string, message: Decoded, receivedAt: number): Promise<void> {
    const { devices, logs, dispatcher, publisher, metrics, now } = this.#deps;
    switch (message.name) {
      case 'status': {
        const { state, reason } = message.message;
        return this.#presence.record({ deviceId, state, ...(reason === undefined ? {} : { reason }) });
      }
      case 'heartbeat':
        return devices.recordHeartbeat(deviceId, message.message);
      case 'logBatch':
        return this.#ackWhenCommitted(deviceId, logs.submit(deviceId, message.message.entries));
      case 'commandResult':
        return dispatcher.recordCommandResult(deviceId, message.message).then(() => undefined);
      case 'timeRequest': {
        const response = encode('timeResponse', { t0: message.message.t0, t1: receivedAt, t2: now() });
        return publisher.publish(deviceTopic('timeResponse', deviceId), response, { qos: 0, retain: false }).then(() => {
          metrics.mqttMessagesOut++;
        });
      }
      default:
        // Down-topics and urgent topics never come from a device; the ACL already refuses them.
        metrics.mqttRejected++;
        return Promise.resolve();
    }
  }

  /** Design.md §8: the ack goes out only after the rows are committed. */
  async #ackWhenCommitted(deviceId: string, committed: Promise<LogAck>): Promise<void> {
    const { publisher, metrics } = this.#deps;
    const ack = await committed;
    metrics.logRowsStored += ack.stored;
    metrics.logRowsDuplicate += ack.duplicates;
    await publisher.publish(deviceTopic('logAck', deviceId), encode('logAck', ack), { qos: 1, retain: false });
    metrics.mqttMessagesOut++;
  }
}
