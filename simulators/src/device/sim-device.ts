// One simulated device: the real edge agent (createAgent) with virtual outputs — a VirtualSink loudspeaker that
// records what played and when, a PngSnapshotSink LED board — and with its effects routed through the simulator's
// fault seams: clock (SimClock), HTTP (faultyFetch), MQTT (the agent's own transport, via the fault proxy and a log
// tap), disk (statfs and probes). Nothing here decides what to play: that is the agent's code, unchanged.
import {
  createAgent, mqttTransport, PngSnapshotSink, resolveAgentConfig, statePath, VirtualAmplifier, VirtualSink,
  type Agent, type AgentEvent, type AgentLogger, type Enrolment, type FetchLike, type LinkTransport,
} from '@tinnguon/edge-agent';
import type { DeviceKind, PlaybackLog } from '@tinnguon/protocol';
import { corruptCachedFile, faultyStatfs, simProbes, type DiskFaultState } from '../faults/disk-faults.js';
import type { DeviceFaultKind } from '../faults/fault-spec.js';
import { faultyFetch, healthyLink, type LinkFaultState } from '../faults/link-faults.js';
import type { SimClock } from '../faults/sim-clock.js';
import { DeviceRecord, type DeviceReport, type DeviceSnapshot } from './device-record.js';
import { logTapTransport } from './log-tap-transport.js';

export interface SimDeviceOptions {
  readonly index: number;
  readonly stateDir: string;
  readonly enrolment: Enrolment;
  readonly clock: SimClock;
  /** Where the agent reaches the hub, when not what enrolment stored (a fault proxy, another address). */
  readonly hubUrl?: string;
  readonly mqttUrl?: string;
  /**
   * The wall clock is set on purpose (a fleet started "at 16:59:30"): trust it as an OS clock synchronised by NTP
   * and skip the hub's time exchange, which would pull it back to the real time.
   */
  readonly trustWallClock?: boolean;
  /** Play audio at the real rate (a 3-minute bulletin takes 3 minutes), as an observer expects; off in fast tests. */
  readonly realtime?: boolean;
  /** Extra agent settings (AgentConfigSchema), e.g. { link: { keepaliveSec: 10 } }. */
  readonly agentConfig?: Readonly<Record<string, unknown>>;
  /** Playback logs kept for technician mode. */
  readonly logHistory?: number;
  readonly transport?: LinkTransport;
  readonly fetch?: FetchLike;
  readonly onEvent?: (device: SimDevice, event: AgentEvent) => void;
  readonly onLogsSent?: (device: SimDevice, entries: readonly PlaybackLog[]) => void;
}

/** Sim defaults: the agent's own, except reconnects capped at a minute so a fleet run recovers within its length. */
const SIM_DEFAULTS = { logLevel: 'silent', link: { backoffBaseMs: 1000, backoffMaxMs: 60_000 } } as const;

function merge(base: Record<string, unknown>, extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const prior = out[key];
    const bothObjects = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof prior === 'object' && prior !== null;
    out[key] = bothObjects ? merge(prior as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

export class SimDevice {
  readonly #o: SimDeviceOptions;
  readonly record: DeviceRecord;
  readonly link: LinkFaultState = healthyLink();
  readonly disk: DiskFaultState = { full: false };
  #agent: Agent | undefined;
  #sink: VirtualSink | undefined;
  #led: PngSnapshotSink | undefined;
  #restarting: Promise<void> | undefined;

  constructor(options: SimDeviceOptions) {
    this.#o = options;
    this.record = new DeviceRecord(options.index, options.enrolment, options.logHistory ?? 5);
  }

  get index(): number {
    return this.#o.index;
  }

  get deviceId(): string {
    return this.#o.enrolment.deviceId;
  }

  get kind(): DeviceKind {
    return this.#o.enrolment.kind;
  }

  get clock(): SimClock {
    return this.#o.clock;
  }

  get stateDir(): string {
    return this.#o.stateDir;
  }

  /** The running agent (technician mode looks inside: manifest, journal, scheduler). */
  get agent(): Agent | undefined {
    return this.#agent;
  }

  get sink(): VirtualSink | undefined {
    return this.#sink;
  }

  async start(): Promise<void> {
    if (this.#agent !== undefined) return;
    const o = this.#o;
    const config = resolveAgentConfig(
      merge(
        merge(SIM_DEFAULTS, {
          stateDir: o.stateDir,
          link: { ...(o.hubUrl === undefined ? {} : { hubUrl: o.hubUrl }), ...(o.mqttUrl === undefined ? {} : { mqttUrl: o.mqttUrl }) },
          clock: o.trustWallClock === true ? { syncWithHub: false, trustSystemNtp: true } : {},
        }),
        o.agentConfig ?? {},
      ),
      {},
    );
    const now = { now: () => o.clock.now() };
    // Timing only: the fleet reads when audio started and how long it ran, never a checksum of every sample.
    this.#sink = new VirtualSink({ clock: now, realtime: o.realtime ?? false, maxPlaybacks: 8, maxRecordedWrites: 64, fingerprint: false });
    this.#led = new PngSnapshotSink();
    const agent = createAgent({
      config,
      enrolment: o.enrolment,
      clock: o.clock,
      ...(o.trustWallClock === true ? { systemNtpSynced: () => true } : {}),
      audioSink: this.#sink,
      amplifier: new VirtualAmplifier({ clock: now }),
      ledSink: this.#led,
      transport: logTapTransport(o.transport ?? mqttTransport, {
        onConnect: () => this.record.connected(),
        onLogsSent: (entries) => {
          this.record.logsSent(entries);
          o.onLogsSent?.(this, entries);
        },
      }),
      fetch: faultyFetch(() => this.link, o.fetch),
      statfs: faultyStatfs(() => this.disk),
      probes: simProbes(() => this.disk),
      logger: this.#logger(),
      onEvent: (event) => {
        this.record.event(event);
        o.onEvent?.(this, event);
      },
      // A reboot command restarts the agent on the same state directory, as systemd would.
      exit: () => void this.#restart(),
    });
    this.#agent = agent;
    await agent.start();
  }

  /** A graceful stop: the agent says 'offline', flushes its journal. */
  async stop(): Promise<void> {
    await this.#restarting;
    const agent = this.#agent;
    this.#agent = undefined;
    await agent?.stop();
    await this.#led?.close();
  }

  snapshot(): DeviceSnapshot {
    return this.record.snapshot(this.#agent?.status());
  }

  report(): DeviceReport {
    return this.record.report(this.#agent?.status());
  }

  /** PNG of what the LED board shows now. */
  ledFrame(): Buffer | undefined {
    return this.#led?.snapshot();
  }

  /** Starts a device fault. Link faults also need the proxy to act on open connections (DeviceHost does that). */
  async begin(kind: DeviceFaultKind, byMs: number, overMs: number, pick?: (n: number) => number): Promise<void> {
    this.record.fault(kind);
    switch (kind) {
      case 'drop':
        this.link.dropped = true;
        return;
      case 'freeze':
        this.link.frozen = true;
        return;
      case 'latency':
        this.link.latencyMs = byMs;
        return;
      case 'skew':
        this.#o.clock.skew(byMs, overMs);
        return;
      case 'jump':
        this.#o.clock.jump(byMs);
        return;
      case 'fill-disk':
        this.disk.full = true;
        return;
      case 'corrupt':
        await corruptCachedFile(statePath(this.#o.stateDir, 'cache'), pick);
        return;
    }
  }

  heal(kind: DeviceFaultKind): void {
    if (kind === 'drop') this.link.dropped = false;
    else if (kind === 'freeze') this.link.frozen = false;
    else if (kind === 'latency') this.link.latencyMs = 0;
    else if (kind === 'fill-disk') this.disk.full = false;
  }

  #restart(): Promise<void> {
    this.#restarting ??= (async () => {
      this.#agent = undefined;
      await this.#led?.close();
      this.record.rebooted();
      await this.start();
    })()
      .catch((err: unknown) => this.record.error(`restart: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (this.#restarting = undefined));
    return this.#restarting;
  }

  #logger(): AgentLogger {
    const problem = (obj: object, msg: string): void => {
      const err = (obj as { err?: unknown; context?: unknown }).err;
      const context = (obj as { context?: unknown }).context;
      this.record.error([msg, typeof context === 'string' ? context : undefined, typeof err === 'string' ? err : undefined].filter((s) => s !== undefined).join(': '));
    };
    const quiet = (): void => undefined;
    return { debug: quiet, info: quiet, warn: problem, error: problem };
  }
}
