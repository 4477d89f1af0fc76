// Raw MQTT devices spread over worker processes (raw-fleet-worker.ts), for the sizes real agents cannot reach on this
// machine. Devices are dealt round-robin; results come back in the fleet's order.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrustedKey } from '@tinnguon/protocol';

export interface RawDevice {
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  readonly topics: readonly string[];
  /** Root → leaf, as enrolment gave it: the recipient an envelope must target (with `verifyWith`). */
  readonly areaChain?: readonly string[];
}

export interface RawWorkerStart {
  readonly devices: readonly RawDevice[];
  readonly host: string;
  readonly port: number;
  readonly keepaliveSec: number;
  readonly localAddresses: readonly string[];
  /** Connects in flight at once per worker. */
  readonly concurrency: number;
  readonly httpBase: string;
  readonly httpSockets: number;
  /** On the first message after arm(), GET the media it names (an emergency's speech). */
  readonly fetchOnEmergency: boolean;
  /** Decode and verify each message as the agent does (codec, Ed25519, expiry, target) before its arrival counts. */
  readonly verifyWith?: readonly TrustedKey[];
}

export type ToRawWorker =
  | { readonly type: 'start'; readonly start: RawWorkerStart }
  | { readonly type: 'arm' | 'collect' | 'watchReconnect' | 'stop' }
  | { readonly type: 'freeze'; readonly indices: readonly number[] }
  | { readonly type: 'flood'; readonly indices: readonly number[]; readonly count: number }
  | { readonly type: 'end'; readonly indices: readonly number[] };

export type FromRawWorker =
  | { readonly type: 'connected'; readonly open: number; readonly refused: number; readonly ms: number }
  | { readonly type: 'armed' | 'watching' }
  | { readonly type: 'frozen' | 'flooded' | 'ended'; readonly count: number }
  | {
      readonly type: 'collected'; readonly open: number; readonly arrivals: (number | null)[]; readonly fetched: (number | null)[];
      readonly backAt: number[]; readonly resyncedAt: number[]; readonly sample?: string;
      readonly reconnectAttempts: number; readonly reconnectFailures: Readonly<Record<string, number>>; readonly refusedMessages: number;
    };

export interface Collected {
  readonly open: number;
  /** Per device: first arrival since arm() (NaN: none; frozen devices are left out). */
  readonly arrivals: number[];
  readonly fetched: number[];
  readonly backAt: number[];
  readonly resyncedAt: number[];
  readonly frozen: number;
  readonly sample?: Buffer;
  /** Connection attempts since watchReconnect(), and their failures by kind (reconnect-policy.ts). */
  readonly reconnectAttempts: number;
  readonly reconnectFailures: Readonly<Record<string, number>>;
  /** Messages that failed `verifyWith` (they never count as arrivals). */
  readonly refusedMessages: number;
}

const entry = fileURLToPath(new URL('./raw-fleet-worker.js', import.meta.url));

export class RawFleet {
  readonly #workers: ChildProcess[] = [];
  readonly #shares: number[][] = [];
  readonly #size: number;

  private constructor(size: number) {
    this.#size = size;
  }

  /** Worker processes the devices are spread over. */
  get workers(): number {
    return this.#workers.length;
  }

  get pids(): number[] {
    return this.#workers.map((w) => w.pid ?? -1);
  }

  /** Forks `workers` processes and connects every device; resolves once all have tried. */
  static async start(options: Omit<RawWorkerStart, 'devices'> & { readonly devices: readonly RawDevice[]; readonly workers: number }): Promise<{ fleet: RawFleet; open: number; refused: number; ms: number }> {
    const fleet = new RawFleet(options.devices.length);
    const n = Math.max(1, Math.min(options.workers, options.devices.length));
    for (let w = 0; w < n; w++) fleet.#shares.push([]);
    options.devices.forEach((_, i) => fleet.#shares[i % n]!.push(i));
    const started = await Promise.all(fleet.#shares.map((share) => {
      const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      fleet.#workers.push(child);
      const { workers: _w, ...rest } = options;
      void _w;
      return fleet.#ask(child, { type: 'start', start: { ...rest, devices: share.map((i) => options.devices[i]!) } }, 'connected');
    }));
    const open = started.reduce((s, m) => s + (m.type === 'connected' ? m.open : 0), 0);
    const refused = started.reduce((s, m) => s + (m.type === 'connected' ? m.refused : 0), 0);
    const ms = Math.max(...started.map((m) => (m.type === 'connected' ? m.ms : 0)));
    return { fleet, open, refused, ms };
  }

  async arm(): Promise<void> {
    await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'arm' }, 'armed')));
  }

  async watchReconnect(): Promise<void> {
    await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'watchReconnect' }, 'watching')));
  }

  /** Stops reading on these devices (fleet indices). */
  async freeze(indices: readonly number[]): Promise<void> {
    const wanted = new Set(indices);
    await Promise.all(this.#workers.map((w, k) => this.#ask(w, { type: 'freeze', indices: this.#shares[k]!.flatMap((i, local) => (wanted.has(i) ? [local] : [])) }, 'frozen')));
  }

  /** These devices (fleet indices) each publish `count` time requests at once, QoS 0: the hub answers each on the
   *  device's own topic, so a frozen device's socket fills from the hub's side. */
  async flood(indices: readonly number[], count: number): Promise<void> {
    const wanted = new Set(indices);
    await Promise.all(this.#workers.map((w, k) => this.#ask(w, { type: 'flood', count, indices: this.#shares[k]!.flatMap((i, local) => (wanted.has(i) ? [local] : [])) }, 'flooded')));
  }

  /** Disconnects these devices (fleet indices) cleanly. */
  async end(indices: readonly number[]): Promise<void> {
    const wanted = new Set(indices);
    await Promise.all(this.#workers.map((w, k) => this.#ask(w, { type: 'end', indices: this.#shares[k]!.flatMap((i, local) => (wanted.has(i) ? [local] : [])) }, 'ended')));
  }

  async collect(): Promise<Collected> {
    const parts = await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'collect' }, 'collected')));
    const out: Collected = { open: 0, arrivals: new Array<number>(this.#size).fill(NaN), fetched: new Array<number>(this.#size).fill(NaN), backAt: new Array<number>(this.#size).fill(NaN), resyncedAt: new Array<number>(this.#size).fill(NaN), frozen: 0, reconnectAttempts: 0, reconnectFailures: {}, refusedMessages: 0 };
    let sample: Buffer | undefined;
    parts.forEach((m, k) => {
      if (m.type !== 'collected') return;
      (out as { open: number }).open += m.open;
      (out as { reconnectAttempts: number }).reconnectAttempts += m.reconnectAttempts;
      (out as { refusedMessages: number }).refusedMessages += m.refusedMessages;
      const failures = out.reconnectFailures as Record<string, number>;
      for (const [kind, n] of Object.entries(m.reconnectFailures)) failures[kind] = (failures[kind] ?? 0) + n;
      sample ??= m.sample === undefined ? undefined : Buffer.from(m.sample, 'base64');
      this.#shares[k]!.forEach((i, local) => {
        const a = m.arrivals[local];
        if (a === null) (out as { frozen: number }).frozen++;
        out.arrivals[i] = a ?? NaN;
        out.fetched[i] = m.fetched[local] ?? NaN;
        out.backAt[i] = m.backAt[local] ?? NaN;
        out.resyncedAt[i] = m.resyncedAt[local] ?? NaN;
      });
    });
    return sample === undefined ? out : { ...out, sample };
  }

  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((w) => new Promise<void>((resolve) => {
      if (w.exitCode !== null || w.signalCode !== null) return resolve();
      const timer = setTimeout(() => w.kill('SIGKILL'), 10_000);
      w.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      w.send({ type: 'stop' } satisfies ToRawWorker);
    })));
  }

  #ask(worker: ChildProcess, message: ToRawWorker, reply: FromRawWorker['type']): Promise<FromRawWorker> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromRawWorker): void => {
        if (m.type !== reply) return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null): void => reject(new Error(`raw MQTT worker exited (${code}) while waiting for '${reply}'`));
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.send(message);
    });
  }
}
