// The runner's side of one worker process: fork it, hand it its devices, ask it things, SIGKILL it (a power cut for
// every device it runs) and start it again on the same state directories.
import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceReport } from '../device/device-record.js';
import { SimError } from '../errors.js';
import type { FaultAction } from '../faults/fault-plan.js';
import { NO_DEVICES, type FleetCounts } from './fleet-counts.js';
import { fromWorker, type FromWorker, type RequestOp, type ToWorker, type WorkerStart } from './worker-protocol.js';

/** The worker's entry, next to this file: worker-main.ts under tap's TypeScript loader, worker-main.js when built. */
export const WORKER_ENTRY = fileURLToPath(new URL(`./worker-main${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export interface WorkerHandleOptions {
  readonly id: number;
  readonly start: WorkerStart;
  /** Node flags for the child; by default this process's own (so a TypeScript loader carries over). */
  readonly execArgv?: readonly string[];
  readonly entry?: string;
  /** A worker ended without being asked to (crash, or killed from outside). */
  readonly onUnexpectedExit?: (id: number, code: number | null, signal: NodeJS.Signals | null) => void;
  readonly onFailed?: (id: number, error: string) => void;
  readonly stopTimeoutMs?: number;
  /** How long a worker that sent its reports may take to exit by itself before it is killed (default 5 s). */
  readonly exitGraceMs?: number;
}

export class WorkerHandle {
  readonly #o: WorkerHandleOptions;
  #child: ChildProcess | undefined;
  #counts: FleetCounts = NO_DEVICES;
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #expectExit = false;
  #exited: Promise<void> = Promise.resolve();
  #stopped: ((reports: readonly DeviceReport[]) => void) | undefined;
  incarnations = 0;

  constructor(options: WorkerHandleOptions) {
    this.#o = options;
  }

  get id(): number {
    return this.#o.id;
  }

  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }

  get devices(): WorkerStart['devices'] {
    return this.#o.start.devices;
  }

  /** The devices' counts as last reported; a dead worker's devices count as not started. */
  get counts(): FleetCounts {
    return this.pid === undefined ? { ...NO_DEVICES, devices: this.devices.length } : this.#counts;
  }

  /** Forks the worker and resolves once all its agents have started. */
  spawn(): Promise<void> {
    this.incarnations++;
    this.#expectExit = false;
    this.#counts = { ...NO_DEVICES, devices: this.devices.length };
    const child = fork(this.#o.entry ?? WORKER_ENTRY, [], { execArgv: [...(this.#o.execArgv ?? process.execArgv)], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    return new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        for (const w of this.#waiting.values()) w.reject(new SimError('SIM_ERR_WORKER', `worker ${this.id} exited`));
        this.#waiting.clear();
        reject(new SimError('SIM_ERR_WORKER', `worker ${this.id} exited before its devices started (code ${code}, signal ${signal})`));
        if (!this.#expectExit) this.#o.onUnexpectedExit?.(this.id, code, signal);
      };
      child.once('exit', onExit);
      child.on('message', (raw: unknown) => {
        const message = fromWorker(raw);
        if (message === undefined) {
          this.#o.onFailed?.(this.id, `[SIM_ERR_WORKER_MESSAGE] ${JSON.stringify(raw).slice(0, 200)}`);
          return;
        }
        if (message.type === 'started') resolve();
        this.#receive(message);
      });
      this.#send({ type: 'start', start: this.#o.start });
    });
  }

  fault(action: FaultAction): void {
    this.#send({ type: 'fault', action });
  }

  request(op: RequestOp, index?: number): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.pid === undefined) {
        reject(new SimError('SIM_ERR_WORKER', `worker ${this.id} is not running`));
        return;
      }
      this.#waiting.set(id, { resolve, reject });
      this.#send({ type: 'request', id, op, ...(index === undefined ? {} : { index }) });
    });
  }

  /** SIGKILL: no goodbye, no flush, the Last Will of every device it ran. */
  async kill(): Promise<void> {
    this.#expectExit = true;
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }

  /** Asks the worker to stop its devices cleanly; resolves with their reports (SIGKILL after the timeout). */
  async stop(): Promise<readonly DeviceReport[]> {
    if (this.pid === undefined) return [];
    this.#expectExit = true;
    let reported = false;
    const reports = new Promise<readonly DeviceReport[]>((resolve) => (this.#stopped = resolve)).then((r) => ((reported = true), r));
    const timeout = new Promise<readonly DeviceReport[]>((resolve) => setTimeout(() => resolve([]), this.#o.stopTimeoutMs ?? 20_000).unref());
    this.#send({ type: 'stop' });
    const result = await Promise.race([reports, timeout, this.#exited.then(() => [] as readonly DeviceReport[])]);
    // A worker that sent its reports exits by itself once it disconnects; let it, for a few seconds, so what it writes
    // at exit (a --cpu-prof profile) is not lost to the SIGKILL meant for a stuck one.
    if (reported) await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, this.#o.exitGraceMs ?? 5000).unref())]);
    if (this.pid !== undefined) this.#child?.kill('SIGKILL');
    await this.#exited;
    return result;
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'counts':
        this.#counts = message.counts;
        return;
      case 'response': {
        const waiting = this.#waiting.get(message.id);
        this.#waiting.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(new SimError('SIM_ERR_WORKER', message.error));
        return;
      }
      case 'stopped':
        this.#stopped?.(message.reports);
        return;
      case 'failed':
        this.#o.onFailed?.(this.id, message.error);
        return;
      case 'started':
        return;
    }
  }

  #send(message: ToWorker): void {
    if (this.#child?.connected === true) this.#child.send(message);
  }
}
