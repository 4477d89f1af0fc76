// One edge agent (issue 5): the parts built by createAgent, started and stopped symmetrically (style.md §7), and the
// reactions that tie them together — what the link delivers, what a new manifest changes, when the clock becomes
// trustworthy. Decisions live in the parts' pure functions; this class only routes.
import { mkdir } from 'node:fs/promises';
import { deviceSubscriptions, parseTopic, type Decoded, type Heartbeat, type Manifest, type ProtocolError } from '@tinnguon/protocol';
import { statePath } from '../config/state-dir.js';
import { AgentError } from '../errors.js';
import type { NowPlaying } from '../queue/playback-executor.js';
import { buildHeartbeat } from '../status/build-heartbeat.js';
import type { SyncOutcome } from '../sync/manifest-sync.js';
import type { AgentItem } from './agent-item.js';
import { REBOOT_EXIT_CODE, type AgentParts, type AgentStatus } from './agent-types.js';
import { runMaintenance, type Maintenance } from './maintenance.js';
import { reconcileCache } from './reconcile-cache.js';

export { REBOOT_EXIT_CODE } from './agent-types.js';
export type { AgentEvent, AgentLedSink, AgentParts, AgentStatus } from './agent-types.js';

export class Agent {
  readonly #p: AgentParts;
  #volumeOverride: number | undefined;
  #startedMono = 0;
  #trusted = false;
  #maintenance: Maintenance | undefined;
  #started = false;
  #stopping: Promise<void> | undefined;
  readonly #cacheFaults = new Set<string>();
  #chainAtLastManifest: string | undefined;
  #lastVolumeSetting: number | undefined;

  constructor(parts: AgentParts) {
    this.#p = parts;
  }

  get deviceId(): string {
    return this.#p.enrolment.deviceId;
  }

  /** The parts, for tests and simulators that look inside (executor snapshot, journal stats, sinks). */
  get parts(): AgentParts {
    return this.#p;
  }

  get manifest(): Manifest | undefined {
    return this.#p.sync.manifest;
  }

  get areaChain(): readonly string[] {
    return this.manifest?.areaChain ?? this.#p.enrolment.areaChain;
  }

  get volume(): number {
    return this.#volumeOverride ?? this.manifest?.settings.volume ?? 80;
  }

  /** Opens the stores, restores the last manifest, starts the programme and the link. Rejects on a start-up failure
   *  (a state directory that cannot be written), which is fatal for the process. */
  async start(): Promise<void> {
    const p = this.#p;
    this.#startedMono = p.clock.monotonic();
    await mkdir(statePath(p.config.stateDir, 'cache'), { recursive: true });
    await p.journal.open();
    await p.replay.open();
    p.ledger.restore(p.journal.pending(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
    p.clock.detectJump();
    this.#trusted = p.clock.trusted;
    await p.sync.load();
    p.scheduler.start();
    p.uploader.start();
    p.heartbeat.start();
    p.link.start();
    // Not awaited: the link and the programme need none of it; a play that comes first waits for the same load.
    p.prepareOutputs().catch((err: unknown) => this.#error(err, 'prepare outputs'));
    this.#maintenance = runMaintenance({
      timers: p.timers,
      resyncMs: p.config.clock.resyncMin * 60_000,
      detectJump: () => p.clock.detectJump(),
      onJump: (step) => this.#clockJumped(step),
      resyncClock: () => void this.#syncClock(),
      compact: () => void p.replay.compact().catch((err: unknown) => this.#error(err, 'replay compact')),
    });
    this.#started = true;
    p.log.info({ deviceId: this.deviceId, kind: p.kind, manifest: this.manifest?.version ?? null, trusted: this.#trusted }, 'agent started');
  }

  /** Stops in reverse order. What plays is silenced without a log entry (it resumes at its offset after a restart),
   *  the hub is told 'offline', the journal is flushed. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const p = this.#p;
    if (!this.#started) return;
    this.#maintenance?.stop();
    p.heartbeat.stop();
    p.uploader.stop();
    p.scheduler.stop();
    p.timeSync.cancel();
    await p.sync.stop();
    p.ledger.quiet();
    await p.executor.stop();
    await p.executor.idle();
    await p.amplifier.shutdown();
    await p.link.stop();
    await p.journal.close();
    await p.replay.close();
    p.log.info({ deviceId: this.deviceId }, 'agent stopped');
  }

  status(): AgentStatus {
    const p = this.#p;
    const snap = p.executor.snapshot();
    return {
      deviceId: this.deviceId, kind: p.kind, version: p.version, connected: p.link.connected, manifestVersion: this.manifest?.version ?? null,
      clock: p.clock.status(), volume: this.volume, amplifier: p.amplifier.state, playing: this.#playing(snap.playing, snap.current),
      queued: snap.queued.length, pendingLogs: p.journal.pendingCount, journal: p.journal.stats(), uploads: p.uploader.stats(),
      link: p.link.stats(), cache: p.media.state, heartbeatsSent: p.heartbeat.sent,
    };
  }

  /** Fetches the manifest now (also what a doorbell, a reconnect and the resync command do). */
  sync(): Promise<SyncOutcome> {
    return this.#p.sync.sync();
  }

  async collectHeartbeat(): Promise<Heartbeat> {
    const p = this.#p;
    const snap = p.executor.snapshot();
    const [disk, temperatureC, power] = await Promise.all([p.probes.disk(), p.probes.temperatureC(), p.probes.power()]);
    return buildHeartbeat({
      at: p.clock.now(), version: p.version, uptimeMs: p.clock.monotonic() - this.#startedMono, volume: this.volume, amplifier: p.amplifier.state,
      power, playing: this.#playing(snap.playing, snap.current), queued: snap.queued.length, manifestVersion: this.manifest?.version ?? 0,
      clock: p.clock.status(), cache: p.media.state, disk, temperatureC, pendingLogs: p.journal.pendingCount,
    });
  }

  // ---- reactions (called by the parts createAgent wired) ----

  offer(item: AgentItem): void {
    try {
      const decision = this.#p.executor.offer(item);
      if (decision.action === 'drop') this.#p.log.debug({ bulletinId: item.bulletinId, reason: decision.reason }, 'item dropped');
    } catch (err) {
      this.#error(err, 'offer');
    }
  }

  firstFrame(item: AgentItem, at: number, fromMs = item.startOffsetMs ?? 0): void {
    this.#p.onEvent({ type: 'firstFrame', bulletinId: item.bulletinId, priority: item.priority, kind: item.kind, at, mono: this.#p.clock.monotonic(), slotAt: item.slotAt, startOffsetMs: fromMs });
  }

  logWritten(): void {
    this.#p.uploader.kick();
  }

  subscriptions(): string[] {
    return deviceSubscriptions(this.deviceId, this.areaChain);
  }

  linkUp(): void {
    const p = this.#p;
    p.onEvent({ type: 'connected' });
    p.uploader.connected();
    // The console gets a heartbeat as soon as the manifest and the clock are settled, not a stale one before.
    void Promise.allSettled([this.sync(), this.#syncClock()]).then(() => p.heartbeat.beat());
  }

  linkDown(): void {
    this.#p.onEvent({ type: 'disconnected' });
    this.#p.timeSync.cancel();
  }

  receive(message: Decoded): void {
    const p = this.#p;
    switch (message.name) {
      case 'doorbell':
        p.sync.doorbell();
        return;
      case 'logAck':
        void p.uploader.acknowledged(message.message);
        return;
      case 'timeResponse':
        p.timeSync.receive(message.message);
        return;
      case 'command': {
        const envelope = p.intake.accept(message.message, 'command', 'MQTT');
        if (envelope !== undefined) void p.commands.handle(envelope);
        return;
      }
      case 'emergency': {
        p.onEvent({ type: 'urgent', name: 'emergency', mono: p.clock.monotonic() });
        const envelope = p.intake.accept(message.message, 'bulletin', `khẩn cấp, khu vực ${message.areaCode}`);
        if (envelope === undefined) return;
        if (envelope.payload.priority !== 'emergency') {
          p.log.warn({ bulletinId: envelope.payload.bulletinId }, 'non-emergency bulletin on the urgent topic ignored');
          return;
        }
        p.urgent.emergency(envelope.payload, 'urgent');
        return;
      }
      case 'stop': {
        p.onEvent({ type: 'urgent', name: 'stop', mono: p.clock.monotonic() });
        const envelope = p.intake.accept(message.message, 'stop', `lệnh dừng, khu vực ${message.areaCode}`);
        if (envelope !== undefined) void p.urgent.stop(envelope.payload).catch((err: unknown) => this.#error(err, 'stop'));
        return;
      }
      default:
        p.log.debug({ topic: message.name }, 'message on an unexpected topic ignored');
    }
  }

  undecodable(topic: string, error: ProtocolError): void {
    const parsed = parseTopic(topic);
    const type = parsed?.name === 'emergency' ? 'bulletin' : parsed?.name === 'stop' ? 'stop' : parsed?.name === 'command' ? 'command' : undefined;
    if (type === undefined) {
      this.#p.log.warn({ topic, code: error.code }, 'undecodable message dropped');
      return;
    }
    this.#p.intake.reject(type, 'MQTT', error);
  }

  manifestChanged(manifest: Manifest): void {
    const p = this.#p;
    const chainBefore = this.#chainAtLastManifest;
    // An official changed the volume on the hub: that setting wins over an earlier remote command.
    if (this.#lastVolumeSetting !== undefined && manifest.settings.volume !== this.#lastVolumeSetting) this.#volumeOverride = undefined;
    this.#lastVolumeSetting = manifest.settings.volume;
    this.#chainAtLastManifest = manifest.areaChain.join('/');
    p.onEvent({ type: 'manifest', version: manifest.version });
    p.scheduler.setManifest(manifest);
    p.urgent.fromManifest(manifest);
    if (chainBefore !== undefined && chainBefore !== this.#chainAtLastManifest) void p.link.resubscribe().catch((err: unknown) => this.#error(err, 'resubscribe'));
  }

  reconcile(manifest: Manifest, signal: AbortSignal): Promise<void> {
    const p = this.#p;
    const snap = p.executor.snapshot();
    const inUse = [snap.current, snap.paused, ...snap.queued].flatMap((item) => (item === null ? [] : p.mediaOfItem(item)));
    return reconcileCache(
      {
        manifest, slots: p.scheduler.slots().map((s) => s.slot), now: p.clock.now(), inUse, recalled: p.scheduler.recalled, media: p.media,
        journal: p.ledger, logged: this.#cacheFaults, onError: (err, context) => this.#error(err, context),
      },
      signal,
    );
  }

  // ---- commands ----

  setVolume(level: number): void {
    this.#volumeOverride = level;
  }

  amplifierCommand(on: boolean): Promise<void> {
    return this.#p.amplifier.command(on);
  }

  async playbackCommand(op: 'stop' | 'next' | 'pause' | 'resume'): Promise<void> {
    const e = this.#p.executor;
    if (op === 'stop') await e.stop();
    else if (op === 'next') await e.next();
    else if (op === 'pause') await e.pause();
    else e.resume();
  }

  async resync(): Promise<string> {
    const [outcome] = await Promise.all([this.sync(), this.#syncClock()]);
    return `manifest ${outcome}, ${this.manifest?.version ?? 0}`;
  }

  /** "Now showing" as PNG (issue 5): sent to the hub, which shows it on the device's page. */
  async snapshot(): Promise<string> {
    const png = this.#p.ledSink()?.snapshot?.();
    if (this.#p.kind !== 'led' || png === undefined) throw new AgentError('AGENT_ERR_COMMAND_UNSUPPORTED', this.#p.kind === 'led' ? 'chưa hiển thị gì' : 'cụm loa không có màn hình');
    await this.#p.uploadSnapshot(png);
    return `Đã gửi ảnh PNG ${png.length} byte`;
  }

  /** The result goes out first; reboot() then stops, which flushes the journal, before the exit. */
  async prepareReboot(): Promise<void> {}

  reboot(): void {
    this.#p.onEvent({ type: 'reboot' });
    void this.stop().finally(() => this.#p.exit(REBOOT_EXIT_CODE));
  }

  // ---- internals ----

  async #syncClock(): Promise<void> {
    const p = this.#p;
    if (p.config.clock.syncWithHub && p.link.connected) await p.timeSync.sync();
    this.#checkTrust();
  }

  #checkTrust(): void {
    const trusted = this.#p.clock.trusted;
    if (trusted === this.#trusted) return;
    this.#trusted = trusted;
    this.#p.onEvent({ type: 'trusted', trusted });
    this.#p.log.info({ trusted, clock: this.#p.clock.status() }, 'clock trust changed');
    this.#p.scheduler.replan();
    const manifest = this.manifest;
    if (trusted && manifest !== undefined) this.#p.urgent.fromManifest(manifest);
  }

  #clockJumped(stepMs: number): void {
    const p = this.#p;
    p.onEvent({ type: 'clockJump', stepMs });
    p.ledger
      .append({ at: p.clock.now(), event: 'fault', reason: 'AGENT_ERR_CLOCK_JUMP', detail: `Đồng hồ hệ thống nhảy ${Math.round(stepMs / 1000)} giây; lịch được tính lại theo giờ máy chủ` })
      .catch((err: unknown) => this.#error(err, 'journal (clock)'));
    void this.#syncClock().then(() => p.scheduler.replan());
  }

  #playing(playing: NowPlaying | null, current: AgentItem | null): NowPlaying | null {
    // The LED loop is not a bulletin of its own.
    return current?.loop !== undefined ? null : playing;
  }

  #error(err: unknown, context: string): void {
    this.#p.log.warn({ err: err instanceof Error ? err.message : String(err), context }, 'agent error');
  }
}
