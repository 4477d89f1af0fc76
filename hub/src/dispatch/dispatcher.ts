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
import type { AreaRepository } from '../areas/index.js';
import type { Database } from '../db/index.js';
import type { DeviceRepository } from '../devices/device-repository.js';
import { HubError } from '../errors.js';
import type { Keyring } from '../keys/keyring.js';
import { computeManifest, manifestFingerprint } from './compute-manifest.js';

/** What dispatch needs from the bulletin store. */
export interface BulletinSource {
  published(): Promise<readonly Bulletin[]>;
  recalledIds(): Promise<readonly string[]>;
  selections(): Promise<ReadonlyMap<string, readonly ProgrammeSelection[]>>;
}

export interface Publisher {
  publish(topic: string, payload: Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void>;
}

export interface DispatcherDeps {
  readonly db: Database;
  readonly areas: AreaRepository;
  readonly devices: DeviceRepository;
  readonly bulletins: BulletinSource;
  readonly keyring: Keyring;
  readonly publisher: Publisher;
  readonly horizonMs: number;
  readonly settings: DeviceSettings;
  readonly attentionTone?: MediaRef;
  readonly now?: () => number;
}

interface Cached {
  readonly fingerprint: string;
  readonly envelope: SignedEnvelope<'manifest'>;
}

const URGENT_TTL_MS = 6 * 3600_000;
// A command that could not be delivered in five minutes should not act later by surprise.
const COMMAND_TTL_MS = 5 * 60_000;

export class Dispatcher {
  readonly #deps: DispatcherDeps;
  readonly #now: () => number;
  readonly #cache = new Map<string, Cached>();

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** The signed manifest a device should hold now; its version rises only when its content changes. */
  async manifestFor(deviceId: string): Promise<SignedEnvelope<'manifest'>> {
    const [result] = await this.#build([deviceId]);
    if (result === undefined) throw new HubError('HUB_ERR_DEVICE_UNKNOWN', deviceId);
    return result.envelope;
  }

  /** Recomputes manifests (all active devices by default) and rings the doorbell of each device whose changed. */
  async refresh(deviceIds?: readonly string[]): Promise<number> {
    const results = await this.#build(deviceIds);
    const changed = results.filter((r) => r.changed);
    await Promise.all(
      changed.map((r) =>
        this.#deps.publisher.publish(deviceTopic('doorbell', r.envelope.payload.deviceId), encode('doorbell', { manifestVersion: r.envelope.payload.version, at: this.#now() }), { qos: 1, retain: false }),
      ),
    );
    return changed.length;
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

  async #build(deviceIds?: readonly string[]): Promise<{ envelope: SignedEnvelope<'manifest'>; changed: boolean }[]> {
    const { devices, areas, bulletins, keyring } = this.#deps;
    // One device's manifest reads that device, not the fleet: a fleet reconnecting asks for thousands at once.
    const chosen = deviceIds === undefined ? await devices.list() : await Promise.all(deviceIds.map((id) => devices.get(id)));
    const all = chosen.filter((d): d is NonNullable<typeof d> => d !== undefined && d.state === 'active');
    if (all.length === 0) return [];
    const [tree, published, recalled, selections] = await Promise.all([areas.tree(), bulletins.published(), bulletins.recalledIds(), bulletins.selections()]);
    const now = this.#now();
    const results: { envelope: SignedEnvelope<'manifest'>; changed: boolean }[] = [];
    const bumped: [number, string][] = [];
    for (const device of all) {
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
      bumped.push([version, device.id]);
      results.push({ envelope, changed: true });
    }
    if (bumped.length > 0) {
      await this.#deps.db.transaction(async (tx) => {
        for (const [version, id] of bumped) await tx.run('UPDATE devices SET manifest_version = ? WHERE id = ?', [version, id]);
      });
    }
    return results;
  }
}
