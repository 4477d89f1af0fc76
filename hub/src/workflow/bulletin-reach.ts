// "A live count of devices reached and playing" (issue 9, emergency panel): for one bulletin, the active devices of
// its target areas, which are online, which report it playing in their latest heartbeat, and what each last logged
// for it (playback logs, design.md §8). Read-only, one query; the console polls it and refreshes on live events.
import type { BulletinRecord } from '../bulletins/index.js';
import { subtree, type AreaTree } from '../areas/index.js';
import type { Database } from '../db/index.js';

export interface ReachDevice {
  readonly id: string;
  readonly name: string;
  readonly kind: 'loudspeaker' | 'led';
  readonly areaCode: string;
  readonly online: boolean;
  /** Its latest heartbeat names this bulletin as playing (and the device is still online). */
  readonly playing: boolean;
  /** The latest playback-log event for this bulletin, if any: played, interrupted, stopped, missed, rejected, fault. */
  readonly lastEvent?: string;
  readonly lastEventAt?: number;
}

export interface BulletinReach {
  readonly bulletinId: string;
  readonly mode: 'live' | 'test';
  readonly at: number;
  /** Active devices in the target areas. */
  readonly total: number;
  readonly online: number;
  readonly playing: number;
  /** Playing now, or logged anything for this bulletin: the alert got there. */
  readonly reached: number;
  readonly played: number;
  readonly stopped: number;
  /** missed, rejected or fault: reached, but not heard as intended. */
  readonly failed: number;
  readonly devices: readonly ReachDevice[];
}

interface Row {
  id: string;
  name: string;
  kind: 'loudspeaker' | 'led';
  area_code: string;
  online: number;
  playing: number;
  last_event: string | null;
  last_at: number | null;
}

const LISTED = 500;
const FAILED = new Set(['missed', 'rejected', 'fault']);
const STOPPED = new Set(['stopped', 'interrupted']);

function reachedOf(d: ReachDevice): boolean {
  return d.playing || d.lastEvent !== undefined;
}

export async function bulletinReach(db: Database, tree: AreaTree, b: BulletinRecord, now: number): Promise<BulletinReach> {
  const codes = [...new Set(b.targetAreas.filter((a) => tree.nodes.has(a)).flatMap((a) => subtree(tree, a)))];
  const rows = codes.length === 0 ? [] : await db.all<Row>(
    `SELECT d.id, d.name, d.kind, d.area_code, d.online,
            (d.online = 1 AND json_extract(d.last_heartbeat, '$.playing.bulletinId') = ?) AS playing,
            l.event AS last_event, l.at AS last_at
     FROM devices d
     LEFT JOIN playback_logs l ON l.device_id = d.id AND l.seq = (
       SELECT MAX(seq) FROM playback_logs x WHERE x.device_id = d.id AND x.bulletin_id = ?)
     WHERE d.state = 'active' AND d.area_code IN (${codes.map(() => '?').join(',')})
     ORDER BY d.area_code, d.name`,
    [b.id, b.id, ...codes],
  );
  const devices: ReachDevice[] = rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, areaCode: r.area_code, online: r.online === 1, playing: r.playing === 1,
    ...(r.last_event === null ? {} : { lastEvent: r.last_event }),
    ...(r.last_at === null ? {} : { lastEventAt: r.last_at }),
  }));
  const count = (pick: (d: ReachDevice) => boolean) => devices.filter(pick).length;
  return {
    bulletinId: b.id, mode: b.mode, at: now, total: devices.length,
    online: count((d) => d.online),
    playing: count((d) => d.playing),
    reached: count(reachedOf),
    played: count((d) => d.lastEvent === 'played'),
    stopped: count((d) => d.lastEvent !== undefined && STOPPED.has(d.lastEvent)),
    failed: count((d) => d.lastEvent !== undefined && FAILED.has(d.lastEvent)),
    // Not reached first: on a province-wide alert the list is for finding the devices the alert did not get to.
    devices: [...devices].sort((a, b) => Number(reachedOf(a)) - Number(reachedOf(b))).slice(0, LISTED),
  };
}
