// Runs a fleet over W worker processes (devices dealt round-robin, so every worker holds a mix of kinds and areas
// and killing one is a scattered power cut, not one commune going dark), plays the fault plan on its timeline, and
// adds up what the workers report.
import type { DeviceReport } from '../device/device-record.js';
import { SimError } from '../errors.js';
import type { FaultAction } from '../faults/fault-plan.js';
import type { HostDevice } from '../host/device-host.js';
import { mergeCounts, type FleetCounts } from './fleet-counts.js';
import { ResourceMonitor, type RoleUsage } from './resource-monitor.js';
import { WorkerHandle } from './worker-handle.js';
import type { DeviceInspection, WorkerStart } from './worker-protocol.js';

export interface FleetRunnerOptions {
  readonly devices: readonly HostDevice[];
  readonly workers: number;
  readonly host: Omit<WorkerStart, 'devices'>;
  readonly faults?: readonly FaultAction[];
  /** Start the fault timeline by hand (startFaults), e.g. at the moment a test publishes; default: once started. */
  readonly holdFaults?: boolean;
  readonly execArgv?: readonly string[];
  readonly entry?: string;
  /** The hub's pid, to measure it too. */
  readonly hubPid?: number;
  /** One line per thing worth telling the operator: a fault carried out, a worker that died. */
  readonly onNotice?: (line: string) => void;
  readonly monitor?: ResourceMonitor;
}

/** Deals devices round-robin to `workers` workers (never more workers than devices). */
export function dealDevices<T>(devices: readonly T[], workers: number): T[][] {
  const n = Math.max(1, Math.min(workers, devices.length));
  const out: T[][] = Array.from({ length: n }, () => []);
  devices.forEach((d, i) => out[i % n]?.push(d));
  return out;
}

export class FleetRunner {
  readonly #o: FleetRunnerOptions;
  readonly #handles: WorkerHandle[] = [];
  readonly #owner = new Map<number, WorkerHandle>();
  readonly #monitor: ResourceMonitor;
  #startedAt: number | undefined;
  #faultsFrom: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sampler: NodeJS.Timeout | undefined;
  #nextFault = 0;
  #faultsDone = 0;
  #restarts: Promise<void>[] = [];
  #stopping = false;
  readonly #problems: string[] = [];

  constructor(options: FleetRunnerOptions) {
    this.#o = options;
    this.#monitor = options.monitor ?? new ResourceMonitor();
  }

  get workers(): readonly WorkerHandle[] {
    return this.#handles;
  }

  get elapsedMs(): number {
    return this.#startedAt === undefined ? 0 : performance.now() - this.#startedAt;
  }

  get faultsDone(): number {
    return this.#faultsDone;
  }

  get faultsPlanned(): number {
    return this.#o.faults?.length ?? 0;
  }

  /** Worker deaths and failures seen so far. */
  get problems(): readonly string[] {
    return this.#problems;
  }

  /** Forks the workers, waits for every agent to start, then starts the fault timeline. */
  async start(): Promise<void> {
    const notice = this.#o.onNotice ?? (() => undefined);
    for (const [id, devices] of dealDevices(this.#o.devices, this.#o.workers).entries()) {
      const handle = new WorkerHandle({
        id, start: { ...this.#o.host, devices },
        ...(this.#o.execArgv === undefined ? {} : { execArgv: this.#o.execArgv }),
        ...(this.#o.entry === undefined ? {} : { entry: this.#o.entry }),
        onUnexpectedExit: (w, code, signal) => this.#problem(`tiến trình ${w} dừng bất thường / worker ${w} exited (code ${code}, signal ${signal})`),
        onFailed: (w, error) => this.#problem(`tiến trình ${w} / worker ${w}: ${error}`),
      });
      this.#handles.push(handle);
      for (const d of devices) this.#owner.set(d.index, handle);
    }
    this.#sampler = setInterval(() => void this.sampleResources(), 2000);
    await this.sampleResources();
    await Promise.all(this.#handles.map((h) => h.spawn()));
    this.#startedAt = performance.now();
    notice(`${this.#o.devices.length} thiết bị đã khởi động trong ${this.#handles.length} tiến trình / devices started in ${this.#handles.length} workers`);
    if (this.#o.holdFaults !== true) this.startFaults();
  }

  /** Starts the fault timeline now: the plan's times count from here. */
  startFaults(): void {
    if (this.#faultsFrom !== undefined) return;
    this.#faultsFrom = performance.now();
    this.#schedule();
  }

  /** The workers' latest periodic counts (every `countsEveryMs`): cheap, for a live display, but up to that old. */
  counts(): FleetCounts {
    return mergeCounts(this.#handles.map((h) => h.counts));
  }

  /**
   * Counts each running worker takes on being asked, so they reflect everything that happened before this call. A
   * wait for "every journal empty" must use these: a periodic count taken just before a device journaled its last
   * log still says 0 pending once the hub already holds that log. A worker that is not running counts its devices as
   * not started.
   */
  async countsNow(): Promise<FleetCounts> {
    const parts = await Promise.all(this.#handles.map((h) => (h.request('counts') as Promise<FleetCounts>).catch(() => h.counts)));
    return mergeCounts(parts);
  }

  async sampleResources(): Promise<void> {
    const pids = new Map<string, { pid: number | undefined; fromStart: boolean }>([['runner', { pid: process.pid, fromStart: false }]]);
    if (this.#o.hubPid !== undefined) pids.set('hub', { pid: this.#o.hubPid, fromStart: false });
    for (const h of this.#handles) pids.set(`worker ${h.id}`, { pid: h.pid, fromStart: true });
    await this.#monitor.sample(pids);
  }

  resources(): RoleUsage[] {
    return this.#monitor.usage();
  }

  inspect(index: number): Promise<DeviceInspection> {
    return this.#ownerOf(index).request('inspect', index) as Promise<DeviceInspection>;
  }

  resync(index: number): Promise<unknown> {
    return this.#ownerOf(index).request('resync', index);
  }

  /** Carries out one action now: the timeline's, or a technician's by hand. */
  async apply(action: FaultAction): Promise<void> {
    const notice = this.#o.onNotice ?? (() => undefined);
    if (action.op === 'kill' || action.op === 'restart') {
      const handle = this.#handles[action.worker];
      if (handle === undefined) throw new SimError('SIM_ERR_DEVICE_UNKNOWN', `worker ${action.worker}`);
      if (action.op === 'kill') {
        notice(`SIGKILL tiến trình ${handle.id} (${handle.devices.length} thiết bị mất điện) / worker ${handle.id} killed`);
        await handle.kill();
        return;
      }
      if (handle.pid !== undefined || this.#stopping) return;
      notice(`khởi động lại tiến trình ${handle.id} / worker ${handle.id} restarting`);
      const restart = handle.spawn().catch((err: unknown) => this.#problem(`restart ${handle.id}: ${err instanceof Error ? err.message : String(err)}`));
      this.#restarts.push(restart);
      await restart;
      return;
    }
    notice(`${action.op === 'begin' ? 'gây lỗi / fault' : 'hết lỗi / healed'} ${action.kind}: ${action.devices.length} thiết bị / devices`);
    for (const h of this.#handles) {
      const mine = new Set(h.devices.map((d) => d.index));
      const devices = action.devices.filter((i) => mine.has(i));
      if (devices.length > 0) h.fault({ ...action, devices });
    }
  }

  /** Stops the timeline, waits for restarts in progress, stops every worker cleanly; resolves with every device's report. */
  async stop(): Promise<DeviceReport[]> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    await Promise.all(this.#restarts);
    await this.sampleResources();
    clearInterval(this.#sampler);
    const reports = await Promise.all(this.#handles.map((h) => h.stop()));
    return reports.flat().sort((a, b) => a.index - b.index);
  }

  #ownerOf(index: number): WorkerHandle {
    const handle = this.#owner.get(index);
    if (handle === undefined) throw new SimError('SIM_ERR_DEVICE_UNKNOWN', String(index));
    return handle;
  }

  #problem(line: string): void {
    this.#problems.push(line);
    this.#o.onNotice?.(line);
  }

  #schedule(): void {
    const faults = this.#o.faults ?? [];
    const next = faults[this.#nextFault];
    if (next === undefined || this.#stopping) return;
    this.#timer = setTimeout(() => {
      this.#nextFault++;
      this.apply(next)
        .catch((err: unknown) => this.#problem(`fault ${next.op}: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => this.#faultsDone++);
      this.#schedule();
    }, Math.max(0, next.atMs - (performance.now() - (this.#faultsFrom ?? 0))));
  }
}
