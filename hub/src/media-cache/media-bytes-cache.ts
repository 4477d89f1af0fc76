// Media bytes kept in memory by SHA-256, for the download route (issue 8, benchmark `media`: a fleet fetching one
// bulletin at once). Streaming the file per request cost a file open, ~17 thread-pool reads and a close for each
// device; from memory the response is one socket write of a Buffer (or a zero-copy slice of it for Range).
//
// Content addressing makes the cache simple and safe: bytes named by their hash never change, so an entry is never
// stale and nothing has to invalidate it. Bytes are hashed once when loaded, so damaged bytes on disk are refused
// rather than served to a whole fleet from memory. Bounded by total bytes (least recently used entries leave first)
// and per file; a file above the per-file bound is not cached and is streamed as before.
// A file removed from the store stays servable from here until evicted: whatever deletes media (nothing does today)
// must forget it here too.
import { createHash } from 'node:crypto';
import { HubError } from '../errors.js';

/** Where the cache loads from: the media store (MediaStore.read). */
export interface MediaBytesSource {
  read(sha256: string, maxBytes: number): Promise<Buffer>;
}

export interface MediaBytesCacheOptions {
  readonly source: MediaBytesSource;
  /** All entries together; the least recently used leave when a new one would pass it. */
  readonly maxTotalBytes: number;
  /** Larger files are never held (the caller streams them). At most maxTotalBytes. */
  readonly maxFileBytes: number;
}

export interface MediaBytesCacheStats {
  readonly entries: number;
  readonly totalBytes: number;
  readonly hits: number;
  readonly loads: number;
}

/** 256 MiB: hundreds of bulletins' speech and music, a small part of a hub machine's memory. */
export const DEFAULT_MEDIA_CACHE_TOTAL_BYTES = 256 * 1024 * 1024;
/** 32 MiB: any audio bulletin; large LED videos stream from disk instead of pushing a whole fleet's audio out. */
export const DEFAULT_MEDIA_CACHE_FILE_BYTES = 32 * 1024 * 1024;

export class MediaBytesCache {
  readonly #source: MediaBytesSource;
  readonly #maxTotal: number;
  readonly #maxFile: number;
  /** Map order is recency order: a hit moves its entry to the end, eviction takes from the front. */
  readonly #entries = new Map<string, Buffer>();
  /** One disk read per file however many devices ask for it while it loads. */
  readonly #loading = new Map<string, Promise<Buffer>>();
  #total = 0;
  #hits = 0;
  #loads = 0;

  constructor(options: MediaBytesCacheOptions) {
    this.#source = options.source;
    this.#maxTotal = options.maxTotalBytes;
    this.#maxFile = Math.min(options.maxFileBytes, options.maxTotalBytes);
  }

  /**
   * The whole file as recorded (`bytes` from its media record), or undefined when it is too large to hold: the
   * caller streams it instead. HUB_ERR_MEDIA_NOT_FOUND when the file is missing; HUB_ERR_MEDIA_DAMAGED when the
   * bytes on disk are not those the name promises.
   */
  async get(sha256: string, bytes: number): Promise<Buffer | undefined> {
    if (bytes > this.#maxFile) return undefined;
    const held = this.#entries.get(sha256);
    if (held !== undefined) {
      this.#hits++;
      this.#entries.delete(sha256);
      this.#entries.set(sha256, held);
      return held;
    }
    let loading = this.#loading.get(sha256);
    if (loading === undefined) {
      loading = this.#load(sha256, bytes);
      this.#loading.set(sha256, loading);
      const forget = () => this.#loading.delete(sha256);
      void loading.then(forget, forget);
    }
    return loading;
  }

  stats(): MediaBytesCacheStats {
    return { entries: this.#entries.size, totalBytes: this.#total, hits: this.#hits, loads: this.#loads };
  }

  async #load(sha256: string, bytes: number): Promise<Buffer> {
    this.#loads++;
    // One byte past the record's size is enough to tell a longer (damaged) file without reading all of it.
    const data = await this.#source.read(sha256, bytes + 1);
    if (data.length !== bytes || createHash('sha256').update(data).digest('hex') !== sha256) {
      throw new HubError('HUB_ERR_MEDIA_DAMAGED', `${sha256}: ${data.length} bytes on disk, ${bytes} recorded`);
    }
    this.#admit(sha256, data);
    return data;
  }

  #admit(sha256: string, data: Buffer): void {
    for (const [key, old] of this.#entries) {
      if (this.#total + data.length <= this.#maxTotal) break;
      this.#entries.delete(key);
      this.#total -= old.length;
    }
    this.#entries.set(sha256, data);
    this.#total += data.length;
  }
}
