// Assembles one agent from its effects (style.md §1, §5): configuration, enrolment, transport, fetch, drivers, clock
// and timers come in; the parts are built and wired here; nothing is opened, connected or scheduled until start().
// Defaults are the virtual ones — what simulators run by the thousand — and main.ts passes the real drivers.
import { buildProgramme, HTTP_PATHS, mediaOf, type Manifest } from '@tinnguon/protocol';
import { VirtualAmplifier, type Amplifier } from '../audio/amplifier.js';
import type { AudioSink } from '../audio/audio-sink.js';
import { VirtualSink } from '../audio/virtual-sink.js';
import type { FetchLike, FsStats } from '../cache/index.js';
import { MediaCache } from '../cache/media-cache.js';
import { HubClock, type AgentClock } from '../clock/hub-clock.js';
import { TimeSync } from '../clock/time-sync.js';
import type { AgentConfig } from '../config/agent-config.js';
import { statePath, type Enrolment } from '../config/state-dir.js';
import { isAgentError } from '../errors.js';
import { Journal } from '../journal/journal.js';
import { DeviceLink } from '../link/device-link.js';
import type { LinkTransport } from '../link/link-transport.js';
import { mqttTransport } from '../link/mqtt-transport.js';
import { nodeHttpFetch } from '../link/node-http-fetch.js';
import { SignedIntake } from '../link/signed-intake.js';
import { PlaybackExecutor } from '../queue/playback-executor.js';
import { ReplayStore } from '../replay/replay-store.js';
import { HeartbeatReporter } from '../status/heartbeat-reporter.js';
import { virtualProbes, type SystemProbes } from '../status/system-probes.js';
import { basicAuthHeader, fetchManifest } from '../sync/fetch-manifest.js';
import { ManifestStore } from '../sync/manifest-store.js';
import { ManifestSync } from '../sync/manifest-sync.js';
import { uploadSnapshot } from '../sync/upload-snapshot.js';
import { Agent } from './agent.js';
import type { AgentEvent, AgentLedSink, AgentParts } from './agent-types.js';
import type { AgentItem } from './agent-item.js';
import { silentLogger, type AgentLogger } from './agent-logger.js';
import { systemTimers, type AgentTimers } from './agent-timers.js';
import { agentVersion } from './agent-version.js';
import { AmplifierControl } from './amplifier-control.js';
import { CommandHandler } from './command-handler.js';
import { lazyRun } from './lazy-run.js';
import { LogUploader } from './log-uploader.js';
import { MediaGate } from './media-gate.js';
import type { BuildProgramme } from './programme-port.js';
import { Scheduler } from './scheduler.js';
import { SlotLedger } from './slot-ledger.js';
import { UrgentHandler } from './urgent-handler.js';


export interface AgentDeps {
  readonly config: AgentConfig;
  readonly enrolment: Enrolment;
  /** The programme function; default the protocol's buildProgramme, the same one the hub's calendar runs. */
  readonly buildProgramme?: BuildProgramme;
  readonly transport?: LinkTransport;
  readonly fetch?: FetchLike;
  readonly audioSink?: AudioSink;
  readonly amplifier?: Amplifier;
  readonly ledSink?: AgentLedSink;
  /** LED board size when the sink does not say (PNG). */
  readonly ledSize?: { readonly width: number; readonly height: number };
  readonly clock?: AgentClock;
  readonly timers?: AgentTimers;
  readonly random?: () => number;
  readonly probes?: SystemProbes;
  readonly statfs?: (path: string) => Promise<FsStats>;
  readonly systemNtpSynced?: () => boolean;
  readonly logger?: AgentLogger;
  /** Reboot command: exit with this code after stop(); default process.exit. */
  readonly exit?: (code: number) => void;
  readonly onEvent?: (event: AgentEvent) => void;
  readonly version?: string;
}

export { REBOOT_EXIT_CODE } from './agent-types.js';

export function createAgent(deps: AgentDeps): Agent {
  const { config, enrolment } = deps;
  const log = deps.logger ?? silentLogger;
  const timers = deps.timers ?? systemTimers;
  const version = deps.version ?? agentVersion();
  const kind = enrolment.kind;
  const onError = (err: unknown, context: string): void =>
    log.warn({ err: err instanceof Error ? err.message : String(err), ...(isAgentError(err) ? { code: err.code } : {}), context }, 'agent error');
  const hubUrl = config.link.hubUrl ?? enrolment.hubUrl;
  const auth = basicAuthHeader(enrolment.mqttUsername, enrolment.mqttPassword);
  const doFetch: FetchLike = deps.fetch ?? nodeHttpFetch;
  // Parts call back into the agent, which is built last from them.
  const ref: { agent?: Agent } = {};
  const self = (): Agent => {
    if (ref.agent === undefined) throw new Error('agent used before it was created');
    return ref.agent;
  };

  const clock = new HubClock({
    notBefore: config.clock.notBefore,
    trustSystemNtp: config.clock.trustSystemNtp,
    jumpThresholdMs: config.clock.jumpThresholdMs,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    ...(deps.systemNtpSynced === undefined ? {} : { systemNtpSynced: deps.systemNtpSynced }),
  });
  const now = (): number => clock.now();
  const journal = new Journal({ dir: statePath(config.stateDir, 'journal'), maxSegments: config.journal.maxSegments, segmentEntries: config.journal.segmentEntries, clock: { now } });
  const replay = new ReplayStore({ file: statePath(config.stateDir, 'replay'), clock: { now } });
  const ledger = new SlotLedger({ journal, store: replay, onError, onDurable: () => self().logWritten() });
  const cache = new MediaCache({
    dir: statePath(config.stateDir, 'cache'),
    urlFor: (sha) => new URL(HTTP_PATHS.media(sha), hubUrl).toString(),
    headers: auth,
    fetch: doFetch,
    reserveBytes: config.cache.reserveBytes,
    clock: { now },
    ...(deps.statfs === undefined ? {} : { statfs: deps.statfs }),
  });
  const media = new MediaGate(cache, undefined, onError);
  const amplifier = new AmplifierControl({ amplifier: deps.amplifier ?? new VirtualAmplifier({ clock: { now } }), timers, offDelayMs: config.amplifier.offDelayMs, onError });
  const audioSink = deps.audioSink ?? new VirtualSink({ clock: { now } });
  // An LED board without a sink of its own gets the PNG board, made when its run is loaded.
  let ledSink: AgentLedSink | undefined = deps.ledSink;
  const ledSize = deps.ledSize ?? { width: config.led.width, height: config.led.height };

  const scheduler = new Scheduler({
    clock,
    timers,
    build: deps.buildProgramme ?? buildProgramme,
    offer: (item) => self().offer(item),
    ledger,
    kind,
    lookbackMs: config.schedule.lookbackMin * 60_000,
    horizonMs: config.schedule.horizonHours * 3600_000,
    onError,
  });
  const device = lazyRun(async () => {
    if (kind === 'loudspeaker') {
      const { loudspeakerRun } = await import('./loudspeaker-run.js');
      return loudspeakerRun({ cache: media, sink: audioSink, amplifier, volume: () => self().volume, clock, onFirstFrame: (item, at, fromMs) => self().firstFrame(item, at, fromMs), onError });
    }
    const [{ ledRun }, { sleeper }] = await Promise.all([import('./led-run.js'), import('./show-slides.js')]);
    ledSink ??= new (await import('../led/png-snapshot-sink.js')).PngSnapshotSink();
    return ledRun({
      sink: ledSink, size: ledSize, cache: media, clock, sleep: sleeper(timers), loop: scheduler, ledger, onError,
      idleSlide: () => self().manifest?.settings.idleSlide,
    });
  });
  const executor = new PlaybackExecutor<AgentItem>({
    journal: ledger,
    clock: { now },
    onError,
    run: async (item, signal) => {
      // For LED boards the first frame is the start; loudspeakers report it from the sink.
      if (kind === 'led') self().firstFrame(item, now());
      return device.run(item, signal);
    },
  });
  const intake = new SignedIntake({
    trustedKeys: () => enrolment.trustedKeys,
    recipient: () => ({ deviceId: enrolment.deviceId, areaChain: self().areaChain }),
    replay,
    clock,
    notBefore: config.clock.notBefore,
    journal: ledger,
    onError,
  });
  const link = new DeviceLink({
    transport: deps.transport ?? mqttTransport,
    url: config.link.mqttUrl ?? enrolment.mqttUrl,
    deviceId: enrolment.deviceId,
    username: enrolment.mqttUsername,
    password: enrolment.mqttPassword,
    keepaliveSec: config.link.keepaliveSec,
    connectTimeoutMs: config.link.connectTimeoutMs,
    backoff: { baseMs: config.link.backoffBaseMs, maxMs: config.link.backoffMaxMs, refusedRetryMs: config.link.refusedRetryMs, refusedWindowMs: config.link.refusedWindowMs },
    timers,
    ...(deps.random === undefined ? {} : { random: deps.random }),
    version,
    now,
    subscriptions: () => self().subscriptions(),
    onConnected: () => self().linkUp(),
    onDisconnected: () => self().linkDown(),
    onMessage: (message) => self().receive(message),
    onUndecodable: (topic, error) => self().undecodable(topic, error),
    log,
  });
  const sync = new ManifestSync({
    deviceId: enrolment.deviceId,
    fetch: (signal) => fetchManifest({ hubUrl, headers: auth, fetch: doFetch, signal }),
    intake,
    store: new ManifestStore({ path: statePath(config.stateDir, 'manifest'), deviceId: enrolment.deviceId, trustedKeys: () => enrolment.trustedKeys }),
    journal: ledger,
    now,
    onManifest: (manifest: Manifest) => self().manifestChanged(manifest),
    reconcile: (manifest, signal) => self().reconcile(manifest, signal),
    onError,
    doorbellJitterMs: config.link.doorbellJitterMs,
    retry: { baseMs: config.link.backoffBaseMs, maxMs: config.link.backoffMaxMs },
    timers,
    ...(deps.random === undefined ? {} : { random: deps.random }),
  });
  const timeSync = new TimeSync({ clock, timers, samples: config.clock.samples, send: (request) => link.publish('timeRequest', request) });
  const urgent = new UrgentHandler({
    kind,
    clock,
    offer: (item) => self().offer(item),
    stop: (bulletinId) => executor.stop(bulletinId),
    recall: (bulletinId) => scheduler.recall(bulletinId),
    ledger,
    tone: () => self().manifest?.attentionTone,
    prefetch: (m) => void media.prefetch(m).catch((err: unknown) => onError(err, `prefetch ${m.sha256}`)),
    log,
  });
  const commands = new CommandHandler({ target: { ...commandTarget(self) }, now, report: (result) => link.publish('commandResult', result), onError });
  const uploader = new LogUploader({
    journal,
    publish: (batch) => link.publish('logBatch', batch),
    connected: () => link.connected,
    timers,
    ackTimeoutMs: config.journal.ackTimeoutMs,
    backoff: { baseMs: config.link.backoffBaseMs, maxMs: Math.min(config.link.backoffMaxMs, 120_000) },
    ...(deps.random === undefined ? {} : { random: deps.random }),
    onError,
  });
  const heartbeat = new HeartbeatReporter({
    timers,
    intervalSec: () => self().manifest?.settings.heartbeatSec ?? 30,
    connected: () => link.connected,
    collect: () => self().collectHeartbeat(),
    send: (hb) => link.publish('heartbeat', hb),
    onError,
  });

  const parts: AgentParts = {
    config, enrolment, version, kind, log, timers, clock, journal, replay, ledger, media, amplifier, audioSink, ledSink: () => ledSink, scheduler, executor,
    intake, link, sync, timeSync, urgent, commands, uploader, heartbeat, probes: deps.probes ?? virtualProbes,
    exit: deps.exit ?? ((code) => process.exit(code)),
    onEvent: deps.onEvent ?? (() => undefined),
    mediaOfItem: (item) => mediaOf(item.content).map((m) => m.sha256),
    uploadSnapshot: (png) => uploadSnapshot({ hubUrl, headers: auth, fetch: doFetch }, png),
    prepareOutputs: async () => {
      await device.prepare();
      // The first decoder of a process compiles the WASM (tens of ms): done now, not when the first emergency comes.
      if (kind === 'loudspeaker') await (await import('../audio/mp3-decoder.js')).warmMp3Decoding();
    },
  };
  ref.agent = new Agent(parts);
  return ref.agent;
}

/** The command handler acts on the agent; bound late because the agent is built last. */
function commandTarget(self: () => Agent) {
  return {
    setVolume: (level: number) => self().setVolume(level),
    amplifier: (on: boolean) => self().amplifierCommand(on),
    playback: (op: 'stop' | 'next' | 'pause' | 'resume') => self().playbackCommand(op),
    resync: () => self().resync(),
    snapshot: () => self().snapshot(),
    prepareReboot: () => self().prepareReboot(),
    reboot: () => self().reboot(),
  };
}
