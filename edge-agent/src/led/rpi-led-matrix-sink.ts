// The HUB75 LED matrix on a Raspberry Pi, through the optional native `rpi-led-matrix`. The native module lives in a
// child process (rpi-led-matrix-worker.ts) because it segfaults off a Pi and can crash on a wiring or timing fault on
// one (design.md §10): a crash there rejects the frame in flight with AGENT_ERR_LED_DRIVER and the agent — its
// loudspeaker path, its journal, its MQTT link — carries on. The next frame starts a fresh worker, up to
// `maxRestarts` times, so a loose connector does not end in an endless crash loop.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AgentError } from '../errors.js';
import { createFramebuffer, type Framebuffer } from './framebuffer.js';
import type { LedSink } from './led-sink.js';
import { encodePng } from './png-encode.js';
import { isRaspberryPi } from './raspberry-pi.js';
import { boardSize, parseFromWorker, type RpiMatrixConfig, type ToWorker } from './rpi-led-matrix-protocol.js';

export interface RpiLedMatrixSinkOptions {
  readonly matrix: RpiMatrixConfig;
  /** Injected for tests; the default reads /proc/device-tree/model. */
  readonly isRaspberryPi?: () => boolean;
  /** Script run in the child process; tests inject a crashing one. */
  readonly workerPath?: string;
  /** Worker (re)starts allowed after crashes before the sink gives up. Default 3. */
  readonly maxRestarts?: number;
  /** A frame not acknowledged in this time kills the worker (a hung native call). Default 5000 ms. */
  readonly ackTimeoutMs?: number;
}

interface Pending {
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const DEFAULT_WORKER = fileURLToPath(new URL('./rpi-led-matrix-worker.js', import.meta.url));

export class RpiLedMatrixSink implements LedSink {
  readonly width: number;
  readonly height: number;
  /** Workers that died without being asked to. */
  crashes = 0;
  framesShown = 0;

  private child: ChildProcess | undefined;
  private starting: Promise<ChildProcess> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private frame: Framebuffer | undefined;

  constructor(private readonly opts: RpiLedMatrixSinkOptions) {
    if (!(opts.isRaspberryPi ?? isRaspberryPi)()) {
      throw new AgentError('AGENT_ERR_LED_DRIVER', "rpi-led-matrix runs only on a Raspberry Pi (it crashes anywhere else); set the LED driver to 'png' on this machine");
    }
    ({ width: this.width, height: this.height } = boardSize(opts.matrix));
  }

  async show(fb: Framebuffer): Promise<void> {
    this.assertOpen();
    if (fb.width !== this.width || fb.height !== this.height) {
      throw new AgentError('AGENT_ERR_LED_DRIVER', `frame is ${fb.width}x${fb.height} but the board is ${this.width}x${this.height}`);
    }
    const pixels = fb.pixels.slice();
    await this.request((id) => ({ type: 'frame', id, width: fb.width, height: fb.height, pixels }));
    this.frame = { width: fb.width, height: fb.height, pixels };
    this.framesShown++;
  }

  async clear(): Promise<void> {
    this.assertOpen();
    await this.request((id) => ({ type: 'clear', id }));
    this.frame = createFramebuffer(this.width, this.height);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const child = this.child ?? (await this.starting?.catch(() => undefined));
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    send(child, { type: 'close' });
    await exited;
    clearTimeout(kill);
  }

  /** PNG of the frame last acknowledged by the panel ("now showing"). */
  snapshot(): Buffer | undefined {
    return this.frame === undefined ? undefined : encodePng(this.frame);
  }

  private assertOpen(): void {
    if (this.closed) throw new AgentError('AGENT_ERR_LED_DRIVER', 'the LED matrix sink is closed');
  }

  private async request(build: (id: number) => ToWorker): Promise<void> {
    const child = await this.worker();
    const id = this.nextId++;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AgentError('AGENT_ERR_LED_DRIVER', `the LED worker did not acknowledge a frame within ${this.ackTimeout()} ms; restarting it`));
        child.kill('SIGKILL');
      }, this.ackTimeout()).unref();
      this.pending.set(id, { resolve, reject, timer });
      send(child, build(id));
    });
  }

  private worker(): Promise<ChildProcess> {
    if (this.child !== undefined) return Promise.resolve(this.child);
    if (this.crashes > (this.opts.maxRestarts ?? 3)) {
      return Promise.reject(new AgentError('AGENT_ERR_LED_DRIVER', `the LED worker crashed ${this.crashes} times; giving up until the agent restarts`));
    }
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private start(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      // No inherited execArgv: the worker needs no loaders or debug flags, only the native module.
      const child = fork(this.opts.workerPath ?? DEFAULT_WORKER, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let ready = false;
      child.on('message', (raw) => {
        const msg = parseFromWorker(raw);
        if (msg === undefined) return;
        if (msg.type === 'ready' && !ready) {
          ready = true;
          if (msg.width !== this.width || msg.height !== this.height) {
            reject(new AgentError('AGENT_ERR_LED_DRIVER', `panel reports ${msg.width}x${msg.height}, configured ${this.width}x${this.height}`));
            child.kill('SIGKILL');
            return;
          }
          this.child = child;
          resolve(child);
        } else if (msg.type === 'error' && !ready) {
          reject(new AgentError('AGENT_ERR_LED_DRIVER', msg.message));
          child.kill('SIGKILL');
        } else if (msg.type === 'ack' || msg.type === 'error') {
          this.settle(msg.id, msg.type === 'error' ? new AgentError('AGENT_ERR_LED_DRIVER', msg.message) : undefined);
        }
      });
      child.on('error', (err) => reject(new AgentError('AGENT_ERR_LED_DRIVER', `cannot start the LED worker: ${err.message}`, { cause: err })));
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = undefined;
        const how = signal !== null ? `signal ${signal}` : `code ${code}`;
        if (!this.closed) this.crashes++;
        const err = new AgentError('AGENT_ERR_LED_DRIVER', `the LED worker exited (${how})`);
        if (!ready) reject(err);
        for (const id of [...this.pending.keys()]) this.settle(id, err);
      });
      send(child, { type: 'init', config: this.opts.matrix });
    });
  }

  private settle(id: number | undefined, err: Error | undefined): void {
    if (id === undefined) return;
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (err === undefined) p.resolve();
    else p.reject(err);
  }

  private ackTimeout(): number {
    return this.opts.ackTimeoutMs ?? 5000;
  }
}

function send(child: ChildProcess, msg: ToWorker): void {
  // A worker that just died has a closed channel; its exit handler rejects whatever was in flight.
  if (child.connected) child.send(msg, (err) => void err);
}
