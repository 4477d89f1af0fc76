import type { Database, Reader, Transaction } from '../db/index.js';
import { HubError } from '../errors.js';
import { validateArea } from './area.js';
import type { Area } from './area.js';
import { parseAreaCsv } from './area-csv.js';
import { buildAreaTree } from './area-tree.js';
import type { AreaTree } from './area-tree.js';
import { validateCaps, type BroadcastCaps } from './broadcast-caps.js';
import { DEVICE_KINDS, isDeviceKind, validateWindows } from './operating-windows.js';
import type { DeviceKind, OperatingWindow } from './operating-windows.js';

export interface Clock {
  now(): Date;
}

const systemClock: Clock = { now: () => new Date() };

interface AreaRow {
  code: string;
  name: string;
  parent_code: string | null;
  time_zone: string;
  windows: string;
  caps: string;
}

// One statement, so areas, their windows and their caps come from the same snapshot.
const SELECT_AREAS = `SELECT a.code, a.name, a.parent_code, a.time_zone,
  (SELECT json_group_object(w.device_kind, json(w.windows)) FROM area_windows w WHERE w.area_code = a.code) AS windows,
  (SELECT json_group_object(c.device_kind, json(c.caps)) FROM area_caps c WHERE c.area_code = a.code) AS caps
  FROM areas a`;

function fromRow(row: AreaRow): Area {
  const area: Area = { code: row.code, name: row.name, parentCode: row.parent_code, timeZone: row.time_zone };
  const stored = JSON.parse(row.windows) as Record<string, OperatingWindow[]>;
  const windows = Object.fromEntries(Object.entries(stored).filter(([kind]) => isDeviceKind(kind)));
  const storedCaps = JSON.parse(row.caps) as Record<string, BroadcastCaps>;
  const caps = Object.fromEntries(Object.entries(storedCaps).filter(([kind]) => isDeviceKind(kind)));
  return {
    ...area,
    ...(Object.keys(windows).length === 0 ? {} : { windows }),
    ...(Object.keys(caps).length === 0 ? {} : { caps }),
  };
}

export interface AreaImportResult {
  readonly created: number;
  readonly updated: number;
}

/** Areas and their window and cap overrides in SQLite. Every write is one durable transaction. */
export class AreaRepository {
  readonly #db: Database;
  readonly #clock: Clock;

  constructor(db: Database, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(): Promise<Area[]> {
    return allAreas(this.#db);
  }

  async get(code: string): Promise<Area | undefined> {
    const row = await this.#db.get<AreaRow>(`${SELECT_AREAS} WHERE a.code = ?`, [code]);
    return row && fromRow(row);
  }

  async tree(): Promise<AreaTree> {
    return buildAreaTree(await this.list());
  }

  /**
   * Creates or updates one area. The tree with the change must still hold: known parent, no loop, not too deep
   * (buildAreaTree's errors). When `windows` (or `caps`) is given it replaces all of the area's overrides of that
   * sort; when absent they are left as they are.
   */
  async upsert(input: Area): Promise<Area> {
    const area = validateArea(input);
    return this.#db.transaction(async (tx) => {
      const merged = new Map((await allAreas(tx)).map((a) => [a.code, a]));
      merged.set(area.code, area);
      buildAreaTree([...merged.values()]);
      await this.#writeAreas(tx, [area]);
      if (area.windows !== undefined) {
        await tx.run('DELETE FROM area_windows WHERE area_code = ?', [area.code]);
        for (const kind of DEVICE_KINDS) {
          const list = area.windows[kind];
          if (list !== undefined) await this.#writeWindows(tx, area.code, kind, list);
        }
      }
      if (area.caps !== undefined) {
        await tx.run('DELETE FROM area_caps WHERE area_code = ?', [area.code]);
        for (const kind of DEVICE_KINDS) {
          const caps = area.caps[kind];
          if (caps !== undefined) await this.#writeCaps(tx, area.code, kind, caps);
        }
      }
      return area;
    });
  }

  /**
   * Imports a CSV (see parseAreaCsv) all-or-nothing: with any error nothing is written and HUB_ERR_AREA_CSV is
   * thrown with `details.errors` listing every line. Existing codes are updated; windows are never touched.
   */
  async importCsv(text: string): Promise<AreaImportResult> {
    return this.#db.transaction(async (tx) => {
      const existing = await allAreas(tx);
      const { areas, errors } = parseAreaCsv(text, existing);
      if (errors.length > 0) throw new HubError('HUB_ERR_AREA_CSV', `${errors.length} problem(s)`, { errors });
      // Re-parenting can push areas that are not in the file too deep; check the tree as it will be.
      const merged = new Map(existing.map((a) => [a.code, a]));
      for (const a of areas) merged.set(a.code, { ...merged.get(a.code), ...a });
      buildAreaTree([...merged.values()]);
      await this.#writeAreas(tx, areas);
      const known = new Set(existing.map((a) => a.code));
      const created = areas.filter((a) => !known.has(a.code)).length;
      return { created, updated: areas.length - created };
    });
  }

  /** Sets an area's own windows for one kind of device; `null` removes the override so it inherits again. */
  async setWindows(code: string, kind: DeviceKind, windows: readonly OperatingWindow[] | null): Promise<void> {
    if (!isDeviceKind(kind)) throw new HubError('HUB_ERR_WINDOW_INVALID', `unknown device kind ${JSON.stringify(kind)}`);
    const valid = windows === null ? null : validateWindows(windows);
    await this.#db.transaction(async (tx) => {
      if (!(await tx.get('SELECT 1 AS found FROM areas WHERE code = ?', [code]))) {
        throw new HubError('HUB_ERR_AREA_UNKNOWN', code);
      }
      if (valid === null) await tx.run('DELETE FROM area_windows WHERE area_code = ? AND device_kind = ?', [code, kind]);
      else await this.#writeWindows(tx, code, kind, valid);
    });
  }

  /**
   * Sets an area's own caps for one kind of device (issue 6, e.g. Hà Nội); `null` removes them so it inherits again,
   * `{}` stops its subtree being capped. Throws HUB_ERR_CAPS_INVALID or HUB_ERR_AREA_UNKNOWN.
   */
  async setCaps(code: string, kind: DeviceKind, caps: BroadcastCaps | null): Promise<void> {
    if (!isDeviceKind(kind)) throw new HubError('HUB_ERR_CAPS_INVALID', `unknown device kind ${JSON.stringify(kind)}`);
    const valid = caps === null ? null : validateCaps(caps);
    await this.#db.transaction(async (tx) => {
      if (!(await tx.get('SELECT 1 AS found FROM areas WHERE code = ?', [code]))) {
        throw new HubError('HUB_ERR_AREA_UNKNOWN', code);
      }
      if (valid === null) await tx.run('DELETE FROM area_caps WHERE area_code = ? AND device_kind = ?', [code, kind]);
      else await this.#writeCaps(tx, code, kind, valid);
    });
  }

  /** Writes `areas` (validated as a whole tree) only if there are no areas yet; returns whether it did. */
  async seedIfEmpty(areas: readonly Area[]): Promise<boolean> {
    const tree = buildAreaTree(areas);
    return this.#db.transaction(async (tx) => {
      if (await tx.get('SELECT 1 AS found FROM areas LIMIT 1')) return false;
      const valid = [...tree.nodes.values()].map((n) => n.area);
      await this.#writeAreas(tx, valid);
      for (const area of valid) {
        for (const kind of DEVICE_KINDS) {
          const list = area.windows?.[kind];
          if (list !== undefined) await this.#writeWindows(tx, area.code, kind, list);
          const caps = area.caps?.[kind];
          if (caps !== undefined) await this.#writeCaps(tx, area.code, kind, caps);
        }
      }
      return true;
    });
  }

  async #writeAreas(tx: Transaction, areas: readonly Area[]): Promise<void> {
    const now = this.#clock.now().toISOString();
    await tx.insertMany(
      'areas',
      ['code', 'name', 'parent_code', 'time_zone', 'created_at', 'updated_at'],
      areas.map((a) => [a.code, a.name, a.parentCode, a.timeZone, now, now]),
      { onConflict: { target: ['code'], update: ['name', 'parent_code', 'time_zone', 'updated_at'] } },
    );
  }

  async #writeWindows(tx: Transaction, code: string, kind: DeviceKind, windows: readonly OperatingWindow[]): Promise<void> {
    const json = JSON.stringify(windows.map((w) => ({ start: w.start, end: w.end })));
    await tx.run(
      `INSERT INTO area_windows (area_code, device_kind, windows, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (area_code, device_kind) DO UPDATE SET windows = excluded.windows, updated_at = excluded.updated_at`,
      [code, kind, json, this.#clock.now().toISOString()],
    );
  }

  async #writeCaps(tx: Transaction, code: string, kind: DeviceKind, caps: BroadcastCaps): Promise<void> {
    // Only the known fields, in one order, so the stored text is the same whatever the caller sent.
    const json = JSON.stringify({ sessionsPerDay: caps.sessionsPerDay, minutesPerSession: caps.minutesPerSession });
    await tx.run(
      `INSERT INTO area_caps (area_code, device_kind, caps, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (area_code, device_kind) DO UPDATE SET caps = excluded.caps, updated_at = excluded.updated_at`,
      [code, kind, json, this.#clock.now().toISOString()],
    );
  }
}

async function allAreas(from: Reader): Promise<Area[]> {
  return (await from.all<AreaRow>(`${SELECT_AREAS} ORDER BY a.code`)).map(fromRow);
}
