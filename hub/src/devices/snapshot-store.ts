// The latest "now showing" picture of each LED board (issue 5), one row per device, replaced on every upload.
import type { Database } from '../db/index.js';

export interface DeviceSnapshot {
  readonly deviceId: string;
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  readonly takenAt: number;
}

interface Row {
  device_id: string;
  png: Buffer;
  width: number;
  height: number;
  taken_at: number;
}

export class SnapshotStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async put(s: DeviceSnapshot): Promise<void> {
    // Not durable: a snapshot lost in a power cut is asked for again; it must not cost an fsync per upload.
    await this.#db.run(
      `INSERT INTO device_snapshots (device_id, png, width, height, taken_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET png = excluded.png, width = excluded.width, height = excluded.height, taken_at = excluded.taken_at`,
      [s.deviceId, s.png, s.width, s.height, s.takenAt],
      { durable: false },
    );
  }

  async get(deviceId: string): Promise<DeviceSnapshot | undefined> {
    const r = await this.#db.get<Row>('SELECT * FROM device_snapshots WHERE device_id = ?', [deviceId]);
    return r === undefined ? undefined : { deviceId: r.device_id, png: r.png, width: r.width, height: r.height, takenAt: r.taken_at };
  }
}
