// The default transport: MQTT.js speaking MQTT 3.1.1 (design.md §3: Aedes does not speak 5) with clean sessions.
// MQTT.js's own reconnect is off: DeviceLink reconnects with full jitter, and a fresh client per attempt leaves no
// half-dead state (offline queues, stale subscriptions) behind.
//
// For mqtt:// (what the hub hands out) the client is built on a plain TCP socket: MQTT.js's connect() also loads its
// WebSocket and SOCKS support, about 3 MiB of a Raspberry Pi's resident memory (issue 8: ≤ 80 MiB). mqtts://, ws://
// and wss:// go through MQTT.js's connect() and its TLS handling, loaded only then.
import type { IClientOptions, MqttClient } from 'mqtt';
import { AgentError } from '../errors.js';
import type { LinkConnectOptions, LinkConnection, LinkHandlers, LinkTransport } from './link-transport.js';
import type { LinkFailure } from './reconnect-policy.js';

/** An error whose failure kind the transport knows (reconnect-policy.ts reads `linkFailure`). */
const failure = (message: string, linkFailure: LinkFailure): Error => Object.assign(new Error(message), { linkFailure });

async function newClient(url: string, options: IClientOptions): Promise<MqttClient> {
  const target = new URL(url);
  if (target.protocol !== 'mqtt:') {
    const { default: mqtt } = await import('mqtt');
    return mqtt.connect(url, options);
  }
  const [{ default: client }, { createConnection }] = await Promise.all([import('mqtt/lib/client'), import('node:net')]);
  const host = target.hostname;
  const port = target.port === '' ? 1883 : Number(target.port);
  const built = new client.default(() => createConnection({ host, port }), { ...options, protocol: 'mqtt', host, port });
  // As MQTT.js's connect() does: a second error while connecting (after `fail` below) must not be unhandled.
  built.on('error', () => undefined);
  return built;
}

async function connectClient(options: LinkConnectOptions): Promise<MqttClient> {
  const client = await newClient(options.url, {
    protocolVersion: 4,
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    // [MQTT-3.1.2-24]: the broker drops us after 1.5 × keepalive of silence; the hub refuses 0 and > 900 s.
    keepalive: options.keepaliveSec,
    clean: true,
    reconnectPeriod: 0,
    // Our own timer below ends the attempt first and says it was a timeout; MQTT.js's only closes the socket, which
    // would look like the broker closing it.
    connectTimeout: options.connectTimeoutMs + 1000,
    // MQTT.js otherwise pre-builds a Buffer for every packet id 0–65535: 6 MiB of the agent's heap (issue 8) to save
    // an allocation per publish, of which a device makes a few a minute.
    writeCache: false,
    will: { topic: options.will.topic, payload: options.will.payload, qos: options.will.qos, retain: options.will.retain },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(failure('no CONNACK within the connect timeout', 'timeout')), options.connectTimeoutMs);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      client.removeListener('connect', ok);
      client.removeListener('error', fail);
      client.removeListener('close', closed);
      client.end(true);
      reject(new AgentError('AGENT_ERR_LINK', err.message, { cause: err }));
    };
    const ok = (): void => {
      clearTimeout(timer);
      client.removeListener('error', fail);
      client.removeListener('close', closed);
      resolve(client);
    };
    const closed = (): void => fail(failure('connection closed before CONNACK', 'closed'));
    client.once('connect', ok);
    client.once('error', fail);
    client.once('close', closed);
  });
}

export const mqttTransport: LinkTransport = {
  async connect(options: LinkConnectOptions, handlers: LinkHandlers): Promise<LinkConnection> {
    const client = await connectClient(options);
    let closed = false;
    const whenClosed = new Promise<never>((_, reject) => {
      client.once('close', () => {
        closed = true;
        reject(new AgentError('AGENT_ERR_LINK', 'connection closed'));
        handlers.onClose();
      });
    });
    whenClosed.catch(() => undefined);
    // Errors after CONNACK end in 'close', which is where they are handled.
    client.on('error', () => undefined);
    client.on('message', (topic, payload) => handlers.onMessage(topic, payload));
    const guard = <T>(work: () => Promise<T>): Promise<T> => {
      if (closed) return Promise.reject(new AgentError('AGENT_ERR_LINK', 'not connected'));
      return Promise.race([work(), whenClosed]);
    };
    return {
      subscribe: (topics) =>
        guard(async () => {
          const granted = await client.subscribeAsync([...topics], { qos: 1 });
          // [MQTT-3.9.3-2]: 0x80 in SUBACK is a refusal (the hub's ACL).
          const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
          if (refused.length > 0) throw new AgentError('AGENT_ERR_LINK', `subscription refused: ${refused.join(', ')}`);
        }),
      publish: (topic, payload, opts) => guard(async () => void (await client.publishAsync(topic, payload, { qos: opts.qos, retain: opts.retain }))),
      end: async () => {
        if (!closed) await client.endAsync();
      },
    };
  },
};
