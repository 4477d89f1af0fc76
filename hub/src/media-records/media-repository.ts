// Media metadata in SQLite, and the one path by which bytes enter the store: sniff, probe, then store and record.
import type { MediaRef } from '@tinnguon/protocol';
import type { Database } from '../db/index.js';
import { checkDeclared, probeMedia, sniffMedia, type MediaStore } from '../media/index.js';

export interface StoredMediaRecord extends MediaRef {
  readonly width?: number;
  readonly height?: number;
  readonly origin: 'upload' | 'tts' | 'system';
  readonly createdAt: number;
}

interface Row {
  sha256: string;
  mime: MediaRef['mime'];
  bytes: number;
  duration_ms: number | null;
  width: number | null;
  height: number | null;
  origin: StoredMediaRecord['origin'];
  created_at: number;
}

function fromRow(r: Row): StoredMediaRecord {
  return {
    sha256: r.sha256,
    mime: r.mime,
    bytes: r.bytes,
    ...(r.duration_ms === null ? {} : { durationMs: r.duration_ms }),
    ...(r.width === null ? {} : { width: r.width }),
    ...(r.height === null ? {} : { height: r.height }),
    origin: r.origin,
    createdAt: r.created_at,
  };
}

/**
 * Records held in memory. A media row is written once (ON CONFLICT DO NOTHING) and never updated or deleted, and
 * its key is its content's hash, so a held record cannot go stale: only found records are held, since a missing one
 * may be uploaded a moment later. The bound keeps memory flat however many files a hub accumulates (~200 B each).
 */
const MAX_HELD_RECORDS = 4096;

export class MediaRepository {
  readonly #db: Database;
  readonly #store: MediaStore;
  readonly #now: () => number;
  /** Every device of a fleet asks for the same few files: one query per file, not per download (issue 8). */
  readonly #held = new Map<string, StoredMediaRecord>();

  constructor(db: Database, store: MediaStore, now: () => number = Date.now) {
    this.#db = db;
    this.#store = store;
    this.#now = now;
  }

  async get(sha256: string): Promise<StoredMediaRecord | undefined> {
    const held = this.#held.get(sha256);
    if (held !== undefined) return held;
    const row = await this.#db.get<Row>('SELECT * FROM media WHERE sha256 = ?', [sha256]);
    if (row === undefined) return undefined;
    // Frozen: every caller now shares the one object.
    const record = Object.freeze(fromRow(row));
    const oldest = this.#held.keys().next();
    if (this.#held.size >= MAX_HELD_RECORDS && oldest.done !== true) this.#held.delete(oldest.value);
    this.#held.set(sha256, record);
    return record;
  }

  /**
   * Accepts bytes whose declared type matches their content, probes them by decoding, stores them and records them.
   * A refused file never reaches the disk (see hub/src/media/index.ts).
   */
  async ingest(bytes: Uint8Array, declaredMime: string | undefined, origin: StoredMediaRecord['origin'], maxBytes: number): Promise<StoredMediaRecord> {
    const sniffed = sniffMedia(bytes);
    checkDeclared(declaredMime, sniffed);
    const probe = await probeMedia(bytes);
    const stored = await this.#store.put(bytes, { maxBytes });
    await this.#db.run(
      `INSERT INTO media (sha256, mime, bytes, duration_ms, width, height, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO NOTHING`,
      [stored.sha256, probe.mime, stored.bytes, probe.durationMs ?? null, probe.width ?? null, probe.height ?? null, origin, this.#now()],
      { durable: true },
    );
    return (await this.get(stored.sha256))!;
  }
}

export function mediaRef(record: StoredMediaRecord): MediaRef {
  return { sha256: record.sha256, bytes: record.bytes, mime: record.mime, ...(record.durationMs === undefined ? {} : { durationMs: record.durationMs }) };
}
