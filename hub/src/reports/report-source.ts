// The reads behind reports: SQLite does the counting (GROUP BY over playback_logs, indexed by time), so a month of
// a province's logs comes back as a few thousand groups, not a million rows. Area lists travel as one JSON parameter
// (json_each) to stay clear of the bound-parameter limit on a large province.
import type { Reader } from '../db/index.js';
import type { PresenceChange, PresenceDevice } from './availability.js';
import type { CountRow } from './event-counts.js';
import type { PlaybackGroups, ReportBulletin, ReportDevice } from './playback-report.js';
import { dayIndexSql, type ReportRange } from './report-range.js';

const IN_AREAS = 'SELECT id FROM devices WHERE area_code IN (SELECT value FROM json_each(?))';

export class ReportSource {
  readonly #db: Reader;

  constructor(db: Reader) {
    this.#db = db;
  }

  async playbackGroups(areaCodes: readonly string[], range: ReportRange, bulletinId: string | null): Promise<PlaybackGroups> {
    const where = [`l.device_id IN (${IN_AREAS})`, 'l.at >= ?', 'l.at < ?'];
    const params: (string | number)[] = [JSON.stringify(areaCodes), range.fromMs, range.toMs];
    if (bulletinId !== null) {
      where.push('l.bulletin_id = ?');
      params.push(bulletinId);
    }
    const filter = `FROM playback_logs l WHERE ${where.join(' AND ')}`;
    const grouped = (key: string) =>
      this.#db.all<CountRow>(`SELECT ${key} AS key, l.event AS event, COUNT(*) AS count, SUM(l.played_ms) AS playedMs ${filter} GROUP BY 1, 2`, params);
    const [byDevice, byBulletin, byDay, reach] = await Promise.all([
      grouped('l.device_id'),
      grouped('l.bulletin_id'),
      grouped(dayIndexSql(range, 'l.at')),
      this.#db.all<{ bulletinId: string; devices: number }>(
        `SELECT l.bulletin_id AS bulletinId, COUNT(DISTINCT l.device_id) AS devices ${filter} AND l.event = 'played' AND l.bulletin_id IS NOT NULL GROUP BY 1`,
        params,
      ),
    ]);
    return { byDevice, byBulletin, byDay, reach };
  }

  /** Devices of the areas that are not revoked, plus revoked ones that logged something in the range. */
  async devices(areaCodes: readonly string[], range: ReportRange): Promise<ReportDevice[]> {
    return this.#db.all<ReportDevice>(
      `SELECT d.id, d.name, d.kind, d.area_code AS areaCode, d.state FROM devices d
       WHERE d.area_code IN (SELECT value FROM json_each(?))
         AND (d.state <> 'revoked' OR EXISTS (SELECT 1 FROM playback_logs l WHERE l.device_id = d.id AND l.at >= ? AND l.at < ?))
       ORDER BY d.area_code, d.name, d.id`,
      [JSON.stringify(areaCodes), range.fromMs, range.toMs],
    );
  }

  async bulletins(ids: readonly string[]): Promise<ReportBulletin[]> {
    if (ids.length === 0) return [];
    return this.#db.all<ReportBulletin>('SELECT id, title, priority, mode FROM bulletins WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
  }

  /**
   * Active devices of the areas with their first presence record and their state just before the range, and the
   * records inside it. Pending devices were never installed and revoked ones are gone: neither is "unavailable".
   */
  async presence(areaCodes: readonly string[], range: ReportRange): Promise<{ devices: PresenceDevice[]; changes: PresenceChange[] }> {
    const areas = JSON.stringify(areaCodes);
    const devices = await this.#db.all<PresenceDevice>(
      `SELECT d.id, d.name, d.kind, d.area_code AS areaCode,
              (SELECT MIN(h.at) FROM device_status_history h WHERE h.device_id = d.id) AS firstSeenAt,
              (SELECT h.state FROM device_status_history h WHERE h.device_id = d.id AND h.at < ? ORDER BY h.at DESC, h.rowid DESC LIMIT 1) AS stateBefore
       FROM devices d WHERE d.state = 'active' AND d.area_code IN (SELECT value FROM json_each(?))
       ORDER BY d.area_code, d.name, d.id`,
      [range.fromMs, areas],
    );
    const changes = await this.#db.all<PresenceChange>(
      `SELECT h.device_id AS deviceId, h.at, h.state FROM device_status_history h
       WHERE h.device_id IN (SELECT id FROM devices WHERE state = 'active' AND area_code IN (SELECT value FROM json_each(?))) AND h.at >= ? AND h.at < ?
       ORDER BY h.device_id, h.at, h.rowid`,
      [areas, range.fromMs, range.toMs],
    );
    return { devices, changes };
  }
}
