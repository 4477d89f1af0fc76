// Reads what changed since the last look from SQLite — the source of truth (design.md §4) — and turns it into live
// events: presence (device_status_history rowids), heartbeats (devices.last_seen_at), recent playback logs
// (received_at, bounded by the `at` index), command results and bulletin transitions. Polling the database keeps the
// feed decoupled from the broker and from whichever process wrote the row; one poll serves every open console.
import type { Reader } from '../db/index.js';
import type { LiveEvent } from './live-events.js';

/** Logs and command results older than this are history, not news: the bound keeps each query on an index range. */
const RECENT_MS = 15 * 60_000;
const BATCH = 1000;

interface Cursors {
  statusRowid: number;
  seenAt: number;
  logReceivedAt: number;
  commandAt: number;
  bulletinAt: number;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export class LivePoller {
  readonly #db: Reader;
  readonly #now: () => number;
  #cursors: Cursors | undefined;

  constructor(db: Reader, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** Starts from "now": a console that connects sees changes from here on, having loaded the present by REST. */
  async reset(): Promise<void> {
    const now = this.#now();
    const status = await this.#db.get<{ r: number | null }>('SELECT max(rowid) AS r FROM device_status_history');
    const seen = await this.#db.get<{ s: number | null }>('SELECT max(last_seen_at) AS s FROM devices');
    this.#cursors = { statusRowid: status?.r ?? 0, seenAt: seen?.s ?? 0, logReceivedAt: now, commandAt: now, bulletinAt: now };
  }

  async poll(): Promise<LiveEvent[]> {
    if (this.#cursors === undefined) await this.reset();
    const c = this.#cursors!;
    const recent = this.#now() - RECENT_MS;
    const events: LiveEvent[] = [];

    const statuses = await this.#db.all<{ rid: number; device_id: string; at: number; state: string; reason: string | null; area_code: string }>(
      `SELECT h.rowid AS rid, h.device_id, h.at, h.state, h.reason, d.area_code FROM device_status_history h JOIN devices d ON d.id = h.device_id
       WHERE h.rowid > ? ORDER BY h.rowid LIMIT ${BATCH}`, [c.statusRowid]);
    for (const s of statuses) {
      c.statusRowid = Math.max(c.statusRowid, s.rid);
      events.push({ type: 'device.status', deviceId: s.device_id, areaCode: s.area_code, online: s.state === 'online', at: s.at, reason: s.reason });
    }

    const seen = await this.#db.all<{ id: string; area_code: string; online: number; last_seen_at: number; last_heartbeat: string | null }>(
      `SELECT id, area_code, online, last_seen_at, last_heartbeat FROM devices WHERE last_seen_at > ? ORDER BY last_seen_at LIMIT ${BATCH}`, [c.seenAt]);
    for (const d of seen) {
      c.seenAt = Math.max(c.seenAt, d.last_seen_at);
      events.push({ type: 'device.heartbeat', deviceId: d.id, areaCode: d.area_code, online: d.online === 1, lastSeenAt: d.last_seen_at, heartbeat: parseJson(d.last_heartbeat) });
    }

    const logs = await this.#db.all<{
      device_id: string; area_code: string; seq: number; at: number; event: string; bulletin_id: string | null; priority: string | null;
      mode: string | null; reason: string | null; played_ms: number | null; received_at: number;
    }>(
      `SELECT l.device_id, d.area_code, l.seq, l.at, l.event, l.bulletin_id, l.priority, l.mode, l.reason, l.played_ms, l.received_at
       FROM playback_logs l JOIN devices d ON d.id = l.device_id WHERE l.at >= ? AND l.received_at > ? ORDER BY l.received_at LIMIT ${BATCH}`,
      [recent, c.logReceivedAt]);
    for (const l of logs) {
      c.logReceivedAt = Math.max(c.logReceivedAt, l.received_at);
      events.push({
        type: 'playback.log', deviceId: l.device_id, areaCode: l.area_code, seq: l.seq, at: l.at, event: l.event, bulletinId: l.bulletin_id,
        priority: l.priority, mode: l.mode, reason: l.reason, playedMs: l.played_ms,
      });
    }

    const commands = await this.#db.all<{ id: string; device_id: string; area_code: string; result_ok: number; result_code: string | null; result_detail: string | null; result_at: number }>(
      `SELECT c.id, c.device_id, d.area_code, c.result_ok, c.result_code, c.result_detail, c.result_at FROM device_commands c JOIN devices d ON d.id = c.device_id
       WHERE c.issued_at >= ? AND c.result_at > ? ORDER BY c.result_at LIMIT ${BATCH}`, [recent - RECENT_MS, c.commandAt]);
    for (const r of commands) {
      c.commandAt = Math.max(c.commandAt, r.result_at);
      events.push({ type: 'command.result', deviceId: r.device_id, areaCode: r.area_code, commandId: r.id, ok: r.result_ok === 1, code: r.result_code, detail: r.result_detail, at: r.result_at });
    }

    const bulletins = await this.#db.all<{ id: string; state: string; priority: string; mode: string; origin_area: string; target_areas: string; updated_at: number }>(
      `SELECT id, state, priority, mode, origin_area, target_areas, updated_at FROM bulletins WHERE updated_at > ? ORDER BY updated_at LIMIT ${BATCH}`, [c.bulletinAt]);
    for (const b of bulletins) {
      c.bulletinAt = Math.max(c.bulletinAt, b.updated_at);
      const targets = parseJson(b.target_areas);
      events.push({
        type: 'bulletin.changed', bulletinId: b.id, state: b.state, priority: b.priority, mode: b.mode, originArea: b.origin_area,
        targetAreas: Array.isArray(targets) ? targets.filter((x): x is string => typeof x === 'string') : [], at: b.updated_at,
      });
    }
    return events;
  }
}
