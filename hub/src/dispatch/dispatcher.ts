// Carries dispatch decisions out: computes and signs manifests, rings doorbells when a device's desired state
// changes, and fans urgent messages out with one publish per target area (design.md §4–5).
import { randomUUID } from 'node:crypto';
import {
  areaTopic,
  deviceTopic,
  encode,
  signEnvelope,
  type Bulletin,
  type Command,
  type CommandResult,
  type DeviceSettings,
  type MediaRef,
  type ProgrammeSelection,
  type SignedEnvelope,
  type StopOrder,
} from '@tinnguon/protocol';
import type { AreaRepository, AreaTree } from '../areas/index.js';
import type { Database } from '../db/index.js';
import type { DeviceRepository } from '../devices/device-repository.js';
import { HubError } from '../errors.js';
import type { Keyring } from '../keys/keyring.js';
import { computeManifest, manifestFingerprint } from './compute-manifest.js';
import { BatchedWrite } from './batched-write.js';
import { SharedRead } from './shared-read.js';

/** What dispatch needs from the bulletin store. */
export interface BulletinSource {
  published(): Promise<readonly Bulletin[]>;
  recalledIds(): Promise<readonly string[]>;
  selections(): Promise<ReadonlyMap<string, readonly ProgrammeSelection[]>>;
}

export interface Publisher {
  publish(topic: string, payload: Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void>;
}

/** Where failures of work nobody awaits go (pino's shape). */
export interface DispatchLogger {
  error(obj: object, msg: string): void;
}

export interface DispatcherDeps {
  readonly db: Database;
  readonly areas: Pick<AreaRepository, 'tree'>;
  readonly devices: DeviceRepository;
  readonly bulletins: BulletinSource;
  readonly keyring: Keyring;
  readonly publisher: Publisher;
  readonly horizonMs: number;
  readonly settings: DeviceSettings;
  readonly attentionTone?: MediaRef;
  readonly now?: () => number;
  /** Defaults to stderr. */
  readonly log?: DispatchLogger;
  /** Lets other work run between slices of a fleet refresh; defaults to one turn of the event loop (setImmediate). */
  readonly yieldToLoop?: () => Promise<void>;
  /** How long the fleet refresh after an emergency waits (refreshLater); defaults to AFTER_EMERGENCY_REFRESH_MS. */
  readonly refreshLaterMs?: number;
}

interface Cached {
  readonly fingerprint: string;
  readonly envelope: SignedEnvelope<'manifest'>;
}

const URGENT_TTL_MS = 6 * 3600_000;
// Signing is ~0.3 ms a manifest here: a slice holds the event loop for a few ms, so the media requests an emergency
// sets off, CONNACKs and an urgent publish keep most of each turn, and wait at most that long behind a fleet refresh
// instead of seconds (issue 8, bench `emergency`). The refresh takes longer; its doorbells are not urgent.
const MANIFESTS_PER_SLICE = 10;
// After an emergency every device fetches its speech while the attention tone plays (2 s). A fleet refresh begun at
// once signs every manifest (~1 s of CPU at 10,000 devices) and its doorbells send every device for its manifest, all
// beside those downloads. The new manifests matter only to devices that missed the urgent message, and those compute
// theirs afresh when they come back; so the refresh waits until the downloads are done.
const AFTER_EMERGENCY_REFRESH_MS = 5000;
// Each doorbell is its own publish; ringing 10,000 in one turn would queue every other delivery behind them.
const DOORBELLS_PER_SLICE = 100;
const stderrLog: DispatchLogger = { error: (obj, msg) => console.error(msg, obj) };
// Rows per UPDATE of manifest versions: two bound values each, far under SQLite's limit of 32,766.
const VERSIONS_PER_STATEMENT = 500;
// A command that could not be delivered in five minutes should not act later by surprise.
const COMMAND_TTL_MS = 5 * 60_000;

export class Dispatcher {
  readonly #deps: DispatcherDeps;
  readonly #now: () => number;
  readonly #cache = new Map<string, Cached>();
  readonly #log: DispatchLogger;
  readonly #yield: () => Promise<void>;
  /** Refresh runs, one after another: two interleaved runs could sign one version twice with different content. */
  #queue: Promise<unknown> = Promise.resolve();
  /** A whole-fleet run that is queued and not started yet: a new request joins it, since it will read the newest state. */
  #queuedFleetRun: Promise<number> | undefined;
  /** The timer of a refresh after an emergency (refreshLater), until it starts. */
  #later: NodeJS.Timeout | undefined;
  /** New manifest versions, durable before their manifests leave the hub; concurrent requests share a commit. */
  readonly #versions: BatchedWrite<readonly [version: number, deviceId: string]>;
  /** What every manifest is computed from besides the device; thousands of manifest requests share each read. */
  readonly #inputs: SharedRead<readonly [AreaTree, readonly Bulletin[], readonly string[], ReadonlyMap<string, readonly ProgrammeSelection[]>]>;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#log = deps.log ?? stderrLog;
    this.#yield = deps.yieldToLoop ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    const { areas, bulletins, db } = deps;
    this.#versions = new BatchedWrite((rows) => db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += VERSIONS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + VERSIONS_PER_STATEMENT);
        // One statement per chunk: a statement per row is 10–30× slower with this driver (design.md §12).
        await tx.run(
          `WITH v(id, version) AS (VALUES ${chunk.map(() => '(?, ?)').join(', ')}) UPDATE devices SET manifest_version = (SELECT version FROM v WHERE v.id = devices.id) WHERE id IN (SELECT id FROM v)`,
          chunk.flatMap(([version, id]) => [id, version]),
        );
      }
    }));
    this.#inputs = new SharedRead(() => Promise.all([areas.tree(), bulletins.published(), bulletins.recalledIds(), bulletins.selections()] as const));
  }

  /** The signed manifest a device should hold now; its version rises only when its content changes. */
  async manifestFor(deviceId: string): Promise<SignedEnvelope<'manifest'>> {
    const [result] = await this.#build([deviceId]);
    if (result === undefined) throw new HubError('HUB_ERR_DEVICE_UNKNOWN', deviceId);
    return result.envelope;
  }

  /**
   * Recomputes manifests (all active devices by default) and rings the doorbell of each device whose changed; resolves
   * with how many rang. Runs queue behind each other and signing yields to the event loop between slices.
   */
  refresh(deviceIds?: readonly string[]): Promise<number> {
    if (deviceIds === undefined && this.#queuedFleetRun !== undefined) return this.#queuedFleetRun;
    const run = this.#queue.then(() => {
      if (deviceIds === undefined) this.#queuedFleetRun = undefined;
      return this.#refreshNow(deviceIds);
    });
    if (deviceIds === undefined) this.#queuedFleetRun = run;
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Refreshes the whole fleet without anyone waiting, once the emergency's downloads are done: after an emergency is
   * out, its doorbells follow (Điều 8.1: the urgent message must not wait for them). Another emergency meanwhile joins
   * the pending run. A failure is logged; devices then catch up at their next doorbell or reconnect, since every
   * manifest request is computed afresh.
   */
  refreshLater(): void {
    this.#later ??= setTimeout(() => this.#startLater(), this.#deps.refreshLaterMs ?? AFTER_EMERGENCY_REFRESH_MS);
  }

  #startLater(): void {
    clearTimeout(this.#later);
    this.#later = undefined;
    this.refresh().catch((err: unknown) => this.#log.error({ err }, 'manifest refresh failed; devices catch up at their next doorbell or reconnect'));
  }

  /** Starts a pending refreshLater() now and resolves once no refresh is running or queued (the hub's stop(), tests). */
  async idle(): Promise<void> {
    if (this.#later !== undefined) this.#startLater();
    for (let seen = this.#queue; ; seen = this.#queue) {
      await seen;
      if (seen === this.#queue) return;
    }
  }

  /** Khẩn cấp (Điều 8.1): one signed publish per target area carries the bulletin itself. */
  async sendEmergency(bulletin: Bulletin): Promise<SignedEnvelope<'bulletin'>> {
    const now = this.#now();
    const envelope = signEnvelope(this.#deps.keyring.active, {
      type: 'bulletin',
      id: `em-${randomUUID()}`,
      issuedAt: now,
      expiresAt: Math.min(bulletin.validUntil, now + URGENT_TTL_MS),
      mode: bulletin.mode,
      targets: { areas: bulletin.targetAreas, devices: [] },
      payload: bulletin,
    });
    await this.#publishToAreas('emergency', bulletin.targetAreas, encode('emergency', envelope));
    return envelope;
  }

  /** STOP or recall, by the urgent path, then manifests catch up. */
  async sendStop(order: StopOrder, areas: readonly string[], mode: 'live' | 'test' = 'live'): Promise<SignedEnvelope<'stop'>> {
    const now = this.#now();
    const envelope = signEnvelope(this.#deps.keyring.active, {
      type: 'stop',
      id: `stop-${randomUUID()}`,
      issuedAt: now,
      expiresAt: now + URGENT_TTL_MS,
      mode,
      targets: { areas: [...areas], devices: [] },
      payload: order,
    });
    await this.#publishToAreas('stop', areas, encode('stop', envelope));
    return envelope;
  }

  /** A signed command to one device (design.md §6); its result arrives on the device's command-result topic. */
  async sendCommand(deviceId: string, command: Command): Promise<SignedEnvelope<'command'>> {
    const now = this.#now();
    const envelope = signEnvelope(this.#deps.keyring.active, {
      type: 'command',
      id: `cmd-${randomUUID()}`,
      issuedAt: now,
      expiresAt: now + COMMAND_TTL_MS,
      mode: 'live',
      targets: { areas: [], devices: [deviceId] },
      payload: command,
    });
    await this.#deps.db.run('INSERT INTO device_commands (id, device_id, command, issued_at) VALUES (?, ?, ?, ?)', [envelope.id, deviceId, JSON.stringify(command), now], { durable: true });
    await this.#deps.publisher.publish(deviceTopic('command', deviceId), encode('command', envelope), { qos: 1, retain: false });
    return envelope;
  }

  /** Records a device's report; a result for a command it was never sent is ignored. */
  async recordCommandResult(deviceId: string, result: CommandResult): Promise<boolean> {
    const r = await this.#deps.db.run(
      'UPDATE device_commands SET result_ok = ?, result_code = ?, result_detail = ?, result_at = ? WHERE id = ? AND device_id = ?',
      [result.ok ? 1 : 0, result.code ?? null, result.detail ?? null, result.at, result.commandId, deviceId],
      { durable: true },
    );
    return r.changes > 0;
  }

  async #publishToAreas(name: 'emergency' | 'stop', areas: readonly string[], payload: Buffer): Promise<void> {
    await Promise.all(areas.map((area) => this.#deps.publisher.publish(areaTopic(name, area), payload, { qos: 1, retain: false })));
  }

  async #refreshNow(deviceIds: readonly string[] | undefined): Promise<number> {
    const changed = (await this.#build(deviceIds, this.#yield)).filter((r) => r.changed);
    let failure: { readonly err: unknown } | undefined;
    const rung: Promise<void>[] = [];
    for (const [i, r] of changed.entries()) {
      if (i > 0 && i % DOORBELLS_PER_SLICE === 0) await this.#yield();
      const doorbell = encode('doorbell', { manifestVersion: r.envelope.payload.version, at: this.#now() });
      // Handled at once: a rejection must not sit unobserved while this loop yields. Not awaited one by one, so a
      // device that stopped reading (its write waits for the drain timeout) holds up no one else's doorbell.
      rung.push(this.#deps.publisher.publish(deviceTopic('doorbell', r.envelope.payload.deviceId), doorbell, { qos: 1, retain: false }).catch((err: unknown) => void (failure ??= { err })));
    }
    await Promise.all(rung);
    if (failure !== undefined) throw failure.err;
    return changed.length;
  }

  /** Manifests of the chosen (or all) active devices; with `pause`, other work runs between slices of signing. */
  async #build(deviceIds?: readonly string[], pause?: () => Promise<void>): Promise<{ envelope: SignedEnvelope<'manifest'>; changed: boolean }[]> {
    const { devices, keyring } = this.#deps;
    // One device's manifest reads that device, not the fleet: a fleet reconnecting asks for thousands at once.
    const chosen = deviceIds === undefined ? await devices.list() : await Promise.all(deviceIds.map((id) => devices.get(id)));
    const all = chosen.filter((d): d is NonNullable<typeof d> => d !== undefined && d.state === 'active');
    if (all.length === 0) return [];
    const [tree, published, recalled, selections] = await this.#inputs.read();
    const now = this.#now();
    const results: { envelope: SignedEnvelope<'manifest'>; changed: boolean }[] = [];
    const bumped: (readonly [number, string])[] = [];
    for (const [i, device] of all.entries()) {
      if (pause !== undefined && i % MANIFESTS_PER_SLICE === 0) await pause();
      const draft = computeManifest({
        device, tree, bulletins: published, selections, recalled, settings: this.#deps.settings, version: device.manifestVersion || 1, now,
        horizonMs: this.#deps.horizonMs, ...(this.#deps.attentionTone ? { attentionTone: this.#deps.attentionTone } : {}),
      });
      const fingerprint = manifestFingerprint(draft);
      const cached = this.#cache.get(device.id);
      if (cached !== undefined && cached.fingerprint === fingerprint) {
        results.push({ envelope: cached.envelope, changed: false });
        continue;
      }
      const version = device.manifestVersion + 1;
      const envelope = signEnvelope(keyring.active, {
        type: 'manifest',
        id: `mf-${device.id}-${version}`,
        issuedAt: now,
        expiresAt: now + this.#deps.horizonMs,
        mode: 'live',
        targets: { areas: [], devices: [device.id] },
        payload: { ...draft, version },
      });
      this.#cache.set(device.id, { fingerprint, envelope });
      bumped.push([version, device.id] as const);
      results.push({ envelope, changed: true });
    }
    if (bumped.length > 0) await this.#versions.write(bumped);
    return results;
  }
}
