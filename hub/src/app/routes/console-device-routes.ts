// Read models the console's dashboard and device screens need beyond /api/devices: each device with its last
// heartbeat (volume, what is playing, amplifier, power, clock, cache — design.md §7) and the title of what it plays,
// and a device's presence history. Both limited to the caller's area subtree like every device read (Điều 9).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { subtree } from '../../areas/index.js';
import { SnapshotStore } from '../../devices/snapshot-store.js';
import { HubError } from '../../errors.js';
import type { HubDeps } from '../hub-deps.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 64 }) });
const HistoryQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }, { additionalProperties: false });

interface HealthRow {
  id: string;
  kind: string;
  area_code: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  location: string | null;
  state: string;
  online: number;
  last_seen_at: number | null;
  manifest_version: number;
  last_heartbeat: string | null;
}

function heartbeatOf(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function playingId(heartbeat: Record<string, unknown> | null): string | undefined {
  const playing = heartbeat?.playing as { bulletinId?: unknown } | null | undefined;
  return typeof playing?.bulletinId === 'string' ? playing.bulletinId : undefined;
}

export function consoleDeviceRoutes(deps: HubDeps) {
  const snapshots = new SnapshotStore(deps.db);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/console/devices', { config: { permission: 'device.read', docs: { summary: 'Devices of my area with their last heartbeat and what they play', tags: ['console'] } } }, async (req) => {
      const root = req.principal?.area ?? null;
      const codes = root === null ? undefined : subtree(await deps.areas.tree(), root);
      const rows = codes === undefined
        ? await deps.db.all<HealthRow>('SELECT * FROM devices ORDER BY area_code, name')
        : await deps.db.all<HealthRow>(`SELECT * FROM devices WHERE area_code IN (${codes.map(() => '?').join(',')}) ORDER BY area_code, name`, codes);
      const devices = rows.map((r) => ({
        id: r.id, kind: r.kind, areaCode: r.area_code, name: r.name, latitude: r.latitude, longitude: r.longitude, location: r.location,
        state: r.state, online: r.online === 1, lastSeenAt: r.last_seen_at, manifestVersion: r.manifest_version, heartbeat: heartbeatOf(r.last_heartbeat),
      }));
      const ids = [...new Set(devices.map((d) => playingId(d.heartbeat)).filter((x): x is string => x !== undefined))];
      const titles = ids.length === 0 ? [] : await deps.db.all<{ id: string; title: string }>(`SELECT id, title FROM bulletins WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
      return { devices, now: deps.now(), bulletinTitles: Object.fromEntries(titles.map((b) => [b.id, b.title])) };
    });

    app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof HistoryQuery> }>(
      '/api/console/devices/:id/history',
      {
        schema: { params: IdParams, querystring: HistoryQuery },
        config: { permission: 'device.read', target: { kind: 'device', param: 'id' }, docs: { summary: 'A device’s online/offline history, newest first, and whether it has a snapshot', tags: ['console'] } },
      },
      async (req) => {
        const device = await deps.devices.get(req.params.id);
        if (device === undefined) throw new HubError('HUB_ERR_DEVICE_UNKNOWN', req.params.id);
        const history = await deps.db.all<{ at: number; state: string; reason: string | null }>(
          'SELECT at, state, reason FROM device_status_history WHERE device_id = ? ORDER BY at DESC LIMIT ?', [req.params.id, req.query.limit]);
        const heartbeat = await deps.db.get<{ last_heartbeat: string | null }>('SELECT last_heartbeat FROM devices WHERE id = ?', [req.params.id]);
        // Whether an LED board has sent a "now showing" picture: the page asks for the PNG only when there is one.
        const snapshot = device.kind === 'led' ? await snapshots.get(device.id) : undefined;
        return {
          history, heartbeat: heartbeatOf(heartbeat?.last_heartbeat ?? null),
          snapshot: snapshot === undefined ? null : { takenAt: snapshot.takenAt, width: snapshot.width, height: snapshot.height },
        };
      },
    );
  };
}
