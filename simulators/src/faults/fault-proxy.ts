// A TCP proxy between simulated devices and the hub's MQTT port that breaks the network on demand, one device at a
// time. The agent's own MQTT transport runs unchanged through it (the agent is only told another mqttUrl), so what
// is tested is the real client against real TCP trouble:
//   drop    — both sockets reset (RST); new connections reset until healed; the broker publishes the Last Will;
//   freeze  — the device stops reading: nothing from the hub is delivered, TCP back-pressure reaches the broker,
//             whose drainTimeout must cut this client loose without stalling the others (style.md anti-patterns);
//   latency — every chunk in both directions is delayed, in order.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { LinkFaultState } from './link-faults.js';
import { peekConnect } from './mqtt-connect.js';

export interface FaultProxyOptions {
  /** The hub's MQTT address, e.g. mqtt://127.0.0.1:1883. */
  readonly upstreamUrl: string;
  readonly stateOf: (clientId: string) => LinkFaultState;
  readonly host?: string;
}

export interface FaultProxyStats {
  readonly open: number;
  readonly accepted: number;
  readonly refused: number;
}

/** One direction of a proxied connection: ordered, optionally delayed, paused while frozen or back-pressured. */
class Lane {
  readonly #queue: { due: number; chunk: Buffer }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #frozen = false;
  #blocked = false;

  constructor(
    readonly from: Socket,
    readonly to: Socket,
    readonly latencyMs: () => number,
  ) {
    from.on('data', (chunk: Buffer) => this.#push(chunk));
    to.on('drain', () => {
      this.#blocked = false;
      this.#flow();
    });
  }

  freeze(frozen: boolean): void {
    this.#frozen = frozen;
    this.#flow();
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#queue.length = 0;
  }

  #push(chunk: Buffer): void {
    const latency = this.latencyMs();
    if (latency <= 0 && this.#queue.length === 0 && !this.#frozen && !this.#blocked) {
      this.#write(chunk);
      return;
    }
    this.#queue.push({ due: performance.now() + latency, chunk });
    this.#drainQueue();
  }

  #write(chunk: Buffer): void {
    if (this.to.destroyed) return;
    if (!this.to.write(chunk)) {
      this.#blocked = true;
      this.#flow();
    }
  }

  /** Reading stops while frozen or while the other side cannot take more; it resumes when both clear. */
  #flow(): void {
    if (this.#frozen || this.#blocked) this.from.pause();
    else {
      this.from.resume();
      this.#drainQueue();
    }
  }

  #drainQueue(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#queue.length > 0 && !this.#frozen && !this.#blocked) {
      const head = this.#queue[0];
      if (head === undefined) break;
      const wait = head.due - performance.now();
      if (wait > 0) {
        this.#timer = setTimeout(() => this.#drainQueue(), wait);
        return;
      }
      this.#queue.shift();
      this.#write(head.chunk);
    }
  }
}

interface Proxied {
  readonly device: Socket;
  readonly hub: Socket;
  readonly down: Lane;
  readonly up: Lane;
}

export class FaultProxy {
  readonly #o: FaultProxyOptions;
  readonly #byClient = new Map<string, Set<Proxied>>();
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #accepted = 0;
  #refused = 0;

  constructor(options: FaultProxyOptions) {
    this.#o = options;
  }

  /** Listens on a free port; resolves with the mqtt:// URL devices should use. */
  async start(): Promise<string> {
    const server = createServer((socket) => this.#accept(socket));
    this.#server = server;
    const host = this.#o.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return `mqtt://${host}:${port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stats(): FaultProxyStats {
    let open = 0;
    for (const set of this.#byClient.values()) open += set.size;
    return { open, accepted: this.#accepted, refused: this.#refused };
  }

  /** Resets every connection of this device now (new ones are refused while its state says dropped). */
  drop(clientId: string): void {
    for (const p of this.#byClient.get(clientId) ?? []) this.#reset(p);
  }

  /** Applies the device's current frozen flag to its open connections. */
  refreeze(clientId: string): void {
    const frozen = this.#o.stateOf(clientId).frozen;
    for (const p of this.#byClient.get(clientId) ?? []) p.down.freeze(frozen);
  }

  #accept(device: Socket): void {
    this.#track(device);
    device.setNoDelay(true);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const peek = peekConnect(head);
      if (peek.state === 'incomplete') return;
      device.off('data', onData);
      device.pause();
      if (peek.state === 'invalid' || this.#o.stateOf(peek.clientId).dropped) {
        this.#refused++;
        device.resetAndDestroy();
        return;
      }
      this.#open(device, peek.clientId, head);
    };
    device.on('data', onData);
  }

  #open(device: Socket, clientId: string, head: Buffer): void {
    const url = new URL(this.#o.upstreamUrl);
    const hub = connect({ host: url.hostname, port: Number(url.port || 1883) });
    this.#track(hub);
    hub.setNoDelay(true);
    this.#accepted++;
    const latency = () => this.#o.stateOf(clientId).latencyMs;
    const p: Proxied = { device, hub, down: new Lane(hub, device, latency), up: new Lane(device, hub, latency) };
    const set = this.#byClient.get(clientId) ?? new Set<Proxied>();
    set.add(p);
    this.#byClient.set(clientId, set);
    const close = (): void => {
      p.down.close();
      p.up.close();
      device.destroy();
      hub.destroy();
      set.delete(p);
      if (set.size === 0 && this.#byClient.get(clientId) === set) this.#byClient.delete(clientId);
    };
    device.once('close', close);
    hub.once('close', close);
    // The CONNECT already read goes first, through the same (possibly delayed) lane as everything after it.
    device.unshift(head);
    p.down.freeze(this.#o.stateOf(clientId).frozen);
    device.resume();
  }

  #reset(p: Proxied): void {
    p.device.resetAndDestroy();
    p.hub.resetAndDestroy();
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('error', () => undefined); // resets are what this proxy is for
    socket.once('close', () => this.#sockets.delete(socket));
  }
}
