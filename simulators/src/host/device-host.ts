// Many simulated devices sharing one event loop (issue 7: "many agents per worker, each with its own MQTT
// connection"). The host loads each device's enrolment from its state directory, starts the agents at a steady
// rate (a province's devices do not all power up in the same millisecond, and the broker answers "server
// unavailable" past its limit of concurrent credential checks), carries out fault actions and counts what it sees.
import { loadEnrolment, type AgentEvent, type Enrolment } from '@tinnguon/edge-agent';
import type { PlaybackLog } from '@tinnguon/protocol';
import type { DeviceReport } from '../device/device-record.js';
import { SimDevice } from '../device/sim-device.js';
import { SimError } from '../errors.js';
import type { FaultAction } from '../faults/fault-plan.js';
import { seededRandom } from '../faults/fault-plan.js';
import { FaultProxy } from '../faults/fault-proxy.js';
import { SimClock } from '../faults/sim-clock.js';
import { countSnapshots, type FleetCounts } from '../fleet/fleet-counts.js';

export interface HostDevice {
  /** Index in the whole fleet (fault plans name devices by it). */
  readonly index: number;
  readonly stateDir: string;
}

export interface DeviceHostOptions {
  readonly devices: readonly HostDevice[];
  /** Override the addresses enrolment stored. */
  readonly hubUrl?: string;
  readonly mqttUrl?: string;
  /** Route MQTT through a FaultProxy (needed for drop, freeze and latency). */
  readonly proxy: boolean;
  /** Wall-clock offset for every device (see SimClock). */
  readonly clockOffsetMs: number;
  readonly trustWallClock: boolean;
  readonly realtime: boolean;
  /** Agent starts per second. */
  readonly rampPerSec: number;
  readonly agentConfig?: Readonly<Record<string, unknown>>;
  readonly logHistory?: number;
  readonly seed: number;
  readonly onEvent?: (device: SimDevice, event: AgentEvent) => void;
  readonly onLogsSent?: (device: SimDevice, entries: readonly PlaybackLog[]) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function loadFrom(stateDir: string): Promise<Enrolment> {
  try {
    return await loadEnrolment(stateDir);
  } catch (err) {
    throw new SimError('SIM_ERR_STATE_DIR', `${stateDir}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export class DeviceHost {
  readonly #o: DeviceHostOptions;
  readonly #devices = new Map<number, SimDevice>();
  readonly #ids = new Map<number, string>();
  readonly #byDeviceId = new Map<string, SimDevice>();
  #proxy: FaultProxy | undefined;
  #starting: Promise<void> | undefined;
  #stopped = false;
  #random: () => number;

  constructor(options: DeviceHostOptions) {
    this.#o = options;
    this.#random = seededRandom(options.seed);
  }

  get devices(): readonly SimDevice[] {
    return [...this.#devices.values()];
  }

  device(index: number): SimDevice {
    const device = this.#devices.get(index);
    if (device === undefined) throw new SimError('SIM_ERR_DEVICE_UNKNOWN', String(index));
    return device;
  }

  /** Loads every enrolment (a bad state directory fails here, before anything connects), then starts the agents at
   *  the ramp rate. Resolves once all have been started (or have failed to, which the counts show as errors). */
  async start(): Promise<void> {
    const o = this.#o;
    const loaded = await Promise.all(o.devices.map(async (d) => ({ d, enrolment: await loadFrom(d.stateDir) })));
    let mqttUrl = o.mqttUrl;
    if (o.proxy && loaded.length > 0) {
      const upstream = o.mqttUrl ?? loaded[0]?.enrolment.mqttUrl ?? '';
      this.#proxy = new FaultProxy({ upstreamUrl: upstream, stateOf: (id) => this.#byId(id)?.link ?? { dropped: false, frozen: false, latencyMs: 0 } });
      mqttUrl = await this.#proxy.start();
    }
    for (const { d, enrolment } of loaded) {
      this.#ids.set(d.index, enrolment.deviceId);
      const device = new SimDevice({
        index: d.index, stateDir: d.stateDir, enrolment, clock: new SimClock(o.clockOffsetMs), trustWallClock: o.trustWallClock, realtime: o.realtime,
        ...(o.hubUrl === undefined ? {} : { hubUrl: o.hubUrl }),
        ...(mqttUrl === undefined ? {} : { mqttUrl }),
        ...(o.agentConfig === undefined ? {} : { agentConfig: o.agentConfig }),
        ...(o.logHistory === undefined ? {} : { logHistory: o.logHistory }),
        ...(o.onEvent === undefined ? {} : { onEvent: o.onEvent }),
        ...(o.onLogsSent === undefined ? {} : { onLogsSent: o.onLogsSent }),
      });
      this.#devices.set(d.index, device);
      this.#byDeviceId.set(enrolment.deviceId, device);
    }
    this.#starting = this.#ramp();
    await this.#starting;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#starting?.catch(() => undefined);
    await Promise.all(this.devices.map((d) => d.stop().catch(() => undefined)));
    await this.#proxy?.stop();
  }

  counts(): FleetCounts {
    return countSnapshots(this.devices.map((d) => d.snapshot()), (i) => this.#ids.get(i) ?? String(i));
  }

  reports(): DeviceReport[] {
    return this.devices.map((d) => d.report());
  }

  /** Carries out one device action of a fault plan; devices this host does not run are someone else's. */
  async apply(action: FaultAction): Promise<void> {
    if (action.op !== 'begin' && action.op !== 'heal') return;
    const mine = action.devices.map((i) => this.#devices.get(i)).filter((d): d is SimDevice => d !== undefined);
    await Promise.all(
      mine.map(async (d) => {
        if (action.op === 'heal') d.heal(action.kind);
        else await d.begin(action.kind, action.byMs, action.overMs, (n) => Math.floor(this.#random() * n)).catch((err: unknown) => d.record.error(`fault ${action.kind}: ${String(err)}`));
        if (action.kind === 'drop' && action.op === 'begin') this.#proxy?.drop(d.deviceId);
        if (action.kind === 'freeze') this.#proxy?.refreeze(d.deviceId);
      }),
    );
  }

  async #ramp(): Promise<void> {
    const sleep = this.#o.sleep ?? realSleep;
    const gapMs = 1000 / Math.max(0.001, this.#o.rampPerSec);
    const starts: Promise<void>[] = [];
    let due = performance.now();
    for (const device of this.#devices.values()) {
      if (this.#stopped) break;
      starts.push(device.start().catch((err: unknown) => device.record.error(`start: ${err instanceof Error ? err.message : String(err)}`)));
      due += gapMs;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
    }
    await Promise.all(starts);
  }

  #byId(deviceId: string): SimDevice | undefined {
    return this.#byDeviceId.get(deviceId);
  }
}
