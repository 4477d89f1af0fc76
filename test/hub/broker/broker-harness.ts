// Shared by the broker tests: a real broker on port 0, real mqtt.js clients, an in-memory device registry that keeps
// only hashes (as the real one does), and a few hand-built MQTT packets for clients mqtt.js refuses to be.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { createBroker, type BrokerLimits, type DeviceAuthenticator, type DeviceBroker, type DeviceIdentity } from '../../../hub/src/broker/index.js';

/** The one thing these helpers need from a tap test. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

interface Credential {
  readonly hash: Buffer;
  readonly identity: DeviceIdentity;
  revoked: boolean;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Username = device id; stores SHA-256 of the secret, compares in constant time. */
export class MemoryAuthenticator implements DeviceAuthenticator {
  readonly #devices = new Map<string, Credential>();
  lookups = 0;

  add(deviceId: string, areaChain: readonly string[]): string {
    const secret = randomBytes(32).toString('base64url');
    this.#devices.set(deviceId, { hash: sha256(secret), identity: { deviceId, areaChain }, revoked: false });
    return secret;
  }

  revoke(deviceId: string): void {
    const device = this.#devices.get(deviceId);
    if (device === undefined) throw new Error(`no such device ${deviceId}`);
    device.revoked = true;
  }

  async authenticateDevice(username: string, password: string): Promise<DeviceIdentity | null> {
    this.lookups += 1;
    const device = this.#devices.get(username);
    if (device === undefined || device.revoked) return null;
    return timingSafeEqual(sha256(password), device.hash) ? device.identity : null;
  }
}

export interface TestBroker<A extends DeviceAuthenticator> {
  readonly broker: DeviceBroker;
  readonly auth: A;
  readonly port: number;
}

export async function startTestBroker(t: Teardown, limits?: Partial<BrokerLimits>): Promise<TestBroker<MemoryAuthenticator>>;
export async function startTestBroker<A extends DeviceAuthenticator>(t: Teardown, limits: Partial<BrokerLimits>, auth: A): Promise<TestBroker<A>>;
export async function startTestBroker(t: Teardown, limits: Partial<BrokerLimits> = {}, auth: DeviceAuthenticator = new MemoryAuthenticator()): Promise<TestBroker<DeviceAuthenticator>> {
  const broker = createBroker({ authenticator: auth, limits });
  const { tcpPort } = await broker.start({ tcpPort: 0, host: '127.0.0.1' });
  t.teardown(() => broker.stop());
  return { broker, auth, port: tcpPort! };
}

export interface DeviceLogin {
  readonly deviceId: string;
  readonly secret: string;
}

export function deviceOptions(login: DeviceLogin, extra: Partial<IClientOptions> = {}): IClientOptions {
  return {
    protocolVersion: 4,
    clientId: login.deviceId,
    username: login.deviceId,
    password: login.secret,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...extra,
  };
}

/** A connected mqtt.js client, force-closed at teardown. */
export async function connectClient(t: Teardown, url: string, options: IClientOptions): Promise<MqttClient> {
  const client = await connectAsync(url, options, false);
  t.teardown(() => client.endAsync(true));
  return client;
}

/** The CONNACK return code of a refused connection, or 0 if it was accepted (then closed again). */
export async function connectReturnCode(url: string, options: IClientOptions): Promise<number> {
  try {
    const client = await connectAsync(url, options, false);
    await client.endAsync(true);
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'number') throw err;
    return code;
  }
}

// ---- Raw MQTT 3.1.1 packets ([MQTT-2.2], [MQTT-3.1], [MQTT-3.3], [MQTT-3.8]) ----

export function remainingLength(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes);
}

function utf8Field(s: string | Buffer): Buffer {
  const body = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return Buffer.concat([len, body]);
}

function frame(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), remainingLength(body.length), body]);
}

export function connectPacket(login: DeviceLogin, keepaliveSec = 60): Buffer {
  const flags = 0x80 | 0x40 | 0x02; // username, password, clean session
  const variable = Buffer.concat([utf8Field('MQTT'), Buffer.from([4, flags, keepaliveSec >> 8, keepaliveSec & 0xff])]);
  return frame(0x10, Buffer.concat([variable, utf8Field(login.deviceId), utf8Field(login.deviceId), utf8Field(login.secret)]));
}

export function subscribePacket(messageId: number, topics: readonly string[], qos = 0): Buffer {
  const id = Buffer.from([messageId >> 8, messageId & 0xff]);
  return frame(0x82, Buffer.concat([id, ...topics.map((topic) => Buffer.concat([utf8Field(topic), Buffer.from([qos])]))]));
}

export function publishPacket(topic: string, payload: Buffer): Buffer {
  return frame(0x30, Buffer.concat([utf8Field(topic), payload]));
}

/** A raw TCP connection to the broker. */
export async function rawSocket(t: Teardown, port: number): Promise<Socket> {
  const socket = tcpConnect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  t.teardown(() => socket.destroy());
  await once(socket, 'connect');
  return socket;
}

/** Reads until `n` bytes have arrived, then leaves the socket paused; rejects if it closes first. */
export function readBytes(socket: Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      total += chunk.length;
      if (total < n) return;
      socket.pause();
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(Buffer.concat(chunks));
    };
    const onClose = (): void => reject(new Error(`socket closed after ${total} of ${n} bytes`));
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

export function closed(socket: Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Resolves with the next message on `client` whose topic satisfies `match`. */
export function nextMessage(client: MqttClient, match: (topic: string) => boolean): Promise<{ topic: string; payload: Buffer }> {
  return new Promise((resolve) => {
    const onMessage = (topic: string, payload: Buffer): void => {
      if (!match(topic)) return;
      client.off('message', onMessage);
      resolve({ topic, payload });
    };
    client.on('message', onMessage);
  });
}

/** Resolves when the client's connection closes (unlike `once`, an 'error' such as ECONNRESET does not reject). */
export function clientClosed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.once('close', () => resolve()));
}
