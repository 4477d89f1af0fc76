// A minimal MQTT 3.1.1 client for holding tens of thousands of connections in a few processes: CONNECT, SUBSCRIBE,
// PUBLISH (QoS 0/1), PUBACK, PINGREQ, DISCONNECT, and a streaming parser for what comes back. No store, no reconnect,
// no QoS 2: the caller decides. A "device" made of this speaks the hub's protocol on the wire but runs none of the
// agent's code, and the benchmarks that use it say so.
import { connect, type Socket } from 'node:net';

export interface RawMqttOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  readonly keepaliveSec: number;
  /** A loopback source address (127.0.0.x): one address has only ~28,000 ephemeral ports toward one port. */
  readonly localAddress?: string;
}

export interface RawMqttHandlers {
  /** `at` is performance.timeOrigin + performance.now() when the packet was parsed. */
  onPublish(topic: string, payload: Buffer, at: number): void;
  onClose(): void;
}

const str = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
};

function remainingLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

const packet = (first: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([first]), remainingLength(body.length), body]);

export function connectPacket(o: RawMqttOptions): Buffer {
  const flags = 0x02 | (o.username !== undefined ? 0x80 : 0) | (o.password !== undefined ? 0x40 : 0);
  const keepalive = Buffer.alloc(2);
  keepalive.writeUInt16BE(o.keepaliveSec);
  const payload = [str(o.clientId), ...(o.username !== undefined ? [str(o.username)] : []), ...(o.password !== undefined ? [str(o.password)] : [])];
  return packet(0x10, Buffer.concat([str('MQTT'), Buffer.from([4, flags]), keepalive, ...payload]));
}

export function publishPacket(topic: string, payload: Buffer, qos: 0 | 1, id = 1): Buffer {
  const pid = Buffer.alloc(2);
  pid.writeUInt16BE(id);
  return packet(qos === 1 ? 0x32 : 0x30, Buffer.concat([str(topic), ...(qos === 1 ? [pid] : []), payload]));
}

function subscribePacket(topics: readonly string[], id: number): Buffer {
  const pid = Buffer.alloc(2);
  pid.writeUInt16BE(id);
  return packet(0x82, Buffer.concat([pid, ...topics.flatMap((t) => [str(t), Buffer.from([1])])]));
}

export const PINGREQ = Buffer.from([0xc0, 0x00]);
const DISCONNECT = Buffer.from([0xe0, 0x00]);

export class RawMqttClient {
  readonly #o: RawMqttOptions;
  readonly #h: RawMqttHandlers;
  #socket: Socket | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #connack: ((rc: number) => void) | undefined;
  #suback: ((codes: number[]) => void) | undefined;
  #puback: (() => void) | undefined;
  #open = false;

  constructor(options: RawMqttOptions, handlers: RawMqttHandlers) {
    this.#o = options;
    this.#h = handlers;
  }

  get open(): boolean {
    return this.#open;
  }

  /**
   * Resolves with the CONNACK return code (0 accepted); rejects if the socket fails first: with the socket's error
   * (its `code`, e.g. ECONNREFUSED), or with `linkFailure` 'timeout' or 'closed' (the agent's reconnect-policy kinds).
   */
  connect(timeoutMs = 15_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.#o.host, port: this.#o.port, ...(this.#o.localAddress === undefined ? {} : { localAddress: this.#o.localAddress }) });
      this.#socket = socket;
      socket.setNoDelay(true);
      const timer = setTimeout(() => fail(Object.assign(new Error('CONNACK timeout'), { linkFailure: 'timeout' })), timeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        this.#connack = undefined;
        socket.destroy();
        reject(err);
      };
      this.#connack = (rc) => {
        clearTimeout(timer);
        this.#open = rc === 0;
        if (rc !== 0) socket.destroy();
        resolve(rc);
      };
      socket.once('error', fail);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        const was = this.#open;
        this.#open = false;
        if (this.#connack !== undefined) fail(Object.assign(new Error('closed before CONNACK'), { linkFailure: 'closed' }));
        if (was) this.#h.onClose();
      });
      socket.on('data', (chunk: Buffer) => this.#read(chunk));
      socket.write(connectPacket(this.#o));
    });
  }

  subscribe(topics: readonly string[]): Promise<number[]> {
    return new Promise((resolve) => {
      this.#suback = resolve;
      this.#socket?.write(subscribePacket(topics, 1));
    });
  }

  /** QoS 1 resolves on PUBACK (one in flight at a time), QoS 0 once written. */
  publish(topic: string, payload: Buffer, qos: 0 | 1): Promise<void> {
    return new Promise((resolve) => {
      if (qos === 1) this.#puback = resolve;
      this.#socket?.write(publishPacket(topic, payload, qos, 7), () => {
        if (qos === 0) resolve();
      });
    });
  }

  ping(): void {
    if (this.#open) this.#socket?.write(PINGREQ);
  }

  /** Stops reading the socket: what a frozen device does; the broker's writes back up. */
  freeze(): void {
    this.#socket?.pause();
  }

  end(): void {
    if (this.#open) this.#socket?.end(DISCONNECT);
    else this.#socket?.destroy();
  }

  destroy(): void {
    this.#socket?.destroy();
  }

  #read(chunk: Buffer): void {
    const at = performance.timeOrigin + performance.now();
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const buf = this.#buffer;
      if (buf.length < 2) return;
      let length = 0;
      let multiplier = 1;
      let i = 1;
      for (; i < 5; i++) {
        if (i >= buf.length) return;
        const byte = buf[i]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) break;
      }
      const start = i + 1;
      if (buf.length < start + length) return;
      this.#packet(buf[0]!, buf.subarray(start, start + length), at);
      this.#buffer = buf.subarray(start + length);
    }
  }

  #packet(first: number, body: Buffer, at: number): void {
    switch (first >> 4) {
      case 2:
        this.#connack?.(body[1] ?? 255);
        this.#connack = undefined;
        return;
      case 3: {
        const qos = (first >> 1) & 3;
        const topicLength = body.readUInt16BE(0);
        const topic = body.toString('utf8', 2, 2 + topicLength);
        let at2 = 2 + topicLength;
        if (qos > 0) {
          // [MQTT-4.3.2-2]: PUBACK with the same packet id.
          this.#socket?.write(Buffer.from([0x40, 0x02, body[at2]!, body[at2 + 1]!]));
          at2 += 2;
        }
        this.#h.onPublish(topic, body.subarray(at2), at);
        return;
      }
      case 4:
        this.#puback?.();
        this.#puback = undefined;
        return;
      case 9:
        this.#suback?.([...body.subarray(2)]);
        this.#suback = undefined;
        return;
      default:
        return;
    }
  }
}
