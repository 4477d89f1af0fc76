// Devices: creation with a one-time enrolment code, enrolment, authentication for the broker, revoke and rotate.
import type { DeviceKind } from '@tinnguon/protocol';
import type { Database } from '../db/index.js';
import { HubError } from '../errors.js';
import { BatchedLookup } from './batched-lookup.js';
import { hashToken, newDeviceId, newDeviceSecret, newEnrolmentCode, tokenMatches } from './credentials.js';

export interface Device {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly areaCode: string;
  readonly name: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly location: string | null;
  readonly state: 'pending' | 'active' | 'revoked';
  readonly online: boolean;
  readonly lastSeenAt: number | null;
  readonly manifestVersion: number;
}

export interface PresenceChange {
  readonly deviceId: string;
  readonly state: 'online' | 'offline';
  readonly reason?: string;
}

export interface NewDevice {
  readonly kind: DeviceKind;
  readonly areaCode: string;
  readonly name: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly location?: string;
}

interface DeviceRow {
  id: string;
  kind: DeviceKind;
  area_code: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  location: string | null;
  state: Device['state'];
  online: number;
  last_seen_at: number | null;
  manifest_version: number;
  secret_hash: string | null;
  enrol_expires_at: number | null;
}

const ENROLMENT_TTL_MS = 7 * 24 * 3600_000;

/** Ids per device read: one JSON parameter, so the statement text (and the driver's work) stays the same. */
const READ_MAX_IDS = 512;

/** A Device and its credential hash: without the heartbeat blob and the enrolment code. */
const ROW_COLUMNS = 'id, kind, area_code, name, latitude, longitude, location, state, online, last_seen_at, manifest_version, secret_hash';

type CredentialRow = Omit<DeviceRow, 'enrol_expires_at'>;

function toDevice(r: CredentialRow): Device {
  return {
    id: r.id,
    kind: r.kind,
    areaCode: r.area_code,
    name: r.name,
    latitude: r.latitude,
    longitude: r.longitude,
    location: r.location,
    state: r.state,
    online: r.online === 1,
    lastSeenAt: r.last_seen_at,
    manifestVersion: r.manifest_version,
  };
}

export class DeviceRepository {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #rows: BatchedLookup<CredentialRow>;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#rows = new BatchedLookup((ids) => this.#readRows(ids), READ_MAX_IDS);
  }

  async list(areaCodes?: readonly string[]): Promise<Device[]> {
    const rows =
      areaCodes === undefined
        ? await this.#db.all<DeviceRow>('SELECT * FROM devices ORDER BY area_code, name')
        : await this.#db.all<DeviceRow>(
            `SELECT * FROM devices WHERE area_code IN (${areaCodes.map(() => '?').join(',') || 'NULL'}) ORDER BY area_code, name`,
            [...areaCodes],
          );
    return rows.map(toDevice);
  }

  /** Reads made together share one SELECT (batched-lookup.ts); each sees every write committed before it asked. */
  async get(id: string): Promise<Device | undefined> {
    const row = await this.#rows.get(id);
    return row === undefined ? undefined : toDevice(row);
  }

  /** Creates a device and its one-time enrolment code; the code is shown once and stored only as a hash. */
  async create(input: NewDevice, id = newDeviceId(input.kind, input.areaCode)): Promise<{ device: Device; enrolmentCode: string }> {
    const area = await this.#db.get<{ code: string }>('SELECT code FROM areas WHERE code = ?', [input.areaCode]);
    if (area === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', input.areaCode);
    const code = newEnrolmentCode();
    const now = this.#now();
    await this.#db.run(
      `INSERT INTO devices (id, kind, area_code, name, latitude, longitude, location, enrol_code_hash, enrol_expires_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.kind, input.areaCode, input.name, input.latitude ?? null, input.longitude ?? null, input.location ?? null, hashToken(code), now + ENROLMENT_TTL_MS, now, now],
      { durable: true },
    );
    return { device: (await this.get(id))!, enrolmentCode: code };
  }

  /** Exchanges a one-time code for a fresh secret. The code is consumed in the same durable write. */
  async enrol(code: string): Promise<{ device: Device; secret: string }> {
    const now = this.#now();
    const secret = newDeviceSecret();
    const id = await this.#db.transaction(async (tx) => {
      const row = await tx.get<DeviceRow>('SELECT * FROM devices WHERE enrol_code_hash = ?', [hashToken(code)]);
      if (row === undefined || row.state === 'revoked' || (row.enrol_expires_at ?? 0) < now) {
        throw new HubError('HUB_ERR_ENROLMENT_CODE');
      }
      await tx.run(
        `UPDATE devices SET state = 'active', secret_hash = ?, enrol_code_hash = NULL, enrol_expires_at = NULL, updated_at = ? WHERE id = ?`,
        [hashToken(secret), now, row.id],
      );
      return row.id;
    });
    return { device: (await this.get(id))!, secret };
  }

  /**
   * For the broker and device HTTP routes: the device behind a username and password, or undefined. Each call reads
   * the credential afresh (checks made in the same turn share one SELECT, batched-lookup.ts), so a revoke or a
   * rotation committed before the call is always seen; nothing about a successful login is remembered.
   */
  async authenticate(deviceId: string, secret: string): Promise<Device | undefined> {
    const row = await this.#rows.get(deviceId);
    if (row === undefined || row.state !== 'active' || row.secret_hash === null) return undefined;
    return tokenMatches(secret, row.secret_hash) ? toDevice(row) : undefined;
  }

  /** Revoked devices can neither connect nor enrol again; their sessions are cut by the caller. */
  async revoke(id: string): Promise<void> {
    const r = await this.#db.run(
      `UPDATE devices SET state = 'revoked', secret_hash = NULL, enrol_code_hash = NULL, updated_at = ? WHERE id = ?`,
      [this.#now(), id],
      { durable: true },
    );
    if (r.changes === 0) throw new HubError('HUB_ERR_DEVICE_UNKNOWN', id);
  }

  /** Issues a new enrolment code; the old secret keeps working until the device enrols with the new code. */
  async rotate(id: string): Promise<string> {
    const code = newEnrolmentCode();
    const now = this.#now();
    const r = await this.#db.run(
      `UPDATE devices SET enrol_code_hash = ?, enrol_expires_at = ?, updated_at = ? WHERE id = ? AND state <> 'revoked'`,
      [hashToken(code), now + ENROLMENT_TTL_MS, now, id],
      { durable: true },
    );
    if (r.changes === 0) throw new HubError('HUB_ERR_DEVICE_UNKNOWN', id);
    return code;
  }

  /** Presence from the Last Will and connects (design.md §7); history is kept for availability reports. */
  async setPresence(id: string, state: 'online' | 'offline', reason?: string): Promise<void> {
    await this.setPresenceMany([{ deviceId: id, state, ...(reason === undefined ? {} : { reason }) }]);
  }

  /**
   * Several presence changes in one transaction of three statements, whatever their number: a fleet reconnecting
   * reports 10,000 of them within seconds (issue 8, bench `reconnect`). They apply in the order given: a device's
   * last change is its state, and each is a row of history. A device unknown here (none can connect) is skipped.
   */
  async setPresenceMany(changes: readonly PresenceChange[]): Promise<void> {
    if (changes.length === 0) return;
    const now = this.#now();
    const last = new Map<string, PresenceChange['state']>();
    for (const c of changes) last.set(c.deviceId, c.state);
    const ids = (state: PresenceChange['state']): string => JSON.stringify([...last].filter(([, s]) => s === state).map(([id]) => id));
    const history = JSON.stringify(changes.map((c) => [c.deviceId, c.state, c.reason ?? null]));
    await this.#db.transaction(
      async (tx) => {
        await tx.run('UPDATE devices SET online = 1, last_seen_at = ? WHERE id IN (SELECT value FROM json_each(?))', [now, ids('online')]);
        await tx.run('UPDATE devices SET online = 0, last_seen_at = ? WHERE id IN (SELECT value FROM json_each(?))', [now, ids('offline')]);
        await tx.run(
          `INSERT INTO device_status_history (device_id, at, state, reason)
           SELECT c.value ->> 0, ?, c.value ->> 1, c.value ->> 2 FROM json_each(?) AS c
           WHERE c.value ->> 0 IN (SELECT id FROM devices) ORDER BY c.key`,
          [now, history],
        );
      },
      { durable: false },
    );
  }

  async #readRows(ids: readonly string[]): Promise<Map<string, CredentialRow>> {
    // One id alone is the cheaper plain lookup (json_each costs about as much again per statement).
    const rows =
      ids.length === 1
        ? await this.#db.all<CredentialRow>(`SELECT ${ROW_COLUMNS} FROM devices WHERE id = ?`, [ids[0]!])
        : await this.#db.all<CredentialRow>(`SELECT ${ROW_COLUMNS} FROM devices WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Heartbeats are frequent and replaceable, so they are written without a full fsync. */
  async recordHeartbeat(id: string, heartbeat: unknown): Promise<void> {
    await this.#db.run('UPDATE devices SET last_heartbeat = ?, last_seen_at = ? WHERE id = ?', [JSON.stringify(heartbeat), this.#now(), id], {
      durable: false,
    });
  }
}
