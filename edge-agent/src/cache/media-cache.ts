// The content-addressed media cache: `<dir>/<sha256>`, verified before use (design.md §6). A thin executor around
// planCache: it reads the directory and the free space, asks the planner, and carries the steps out.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, stat, statfs, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaRef } from '@tinnguon/protocol';
import type { DecodedAudio } from '../audio/decoded-audio.js';
import { AgentError, isAgentError, type AgentErrorCode } from '../errors.js';
import { downloadMedia, type FetchLike } from './download-media.js';
import { IN_MEMORY_MEDIA_BYTES } from './fetch-to-memory.js';
import { planCache, type CachePlan, type NeededMedia, type PartialFile, type PresentFile, type RefusedStep } from './plan-cache.js';

const SHA = /^[0-9a-f]{64}$/;

/** A cached medium that hashed to its SHA-256 just now; `bytes` are those hashed bytes when they were kept. */
export interface VerifiedMedia {
  readonly path: string;
  readonly bytes?: Buffer;
  /** Those bytes decoded, for the pinned attention tone that MediaGate holds. */
  readonly decoded?: DecodedAudio;
}

export interface FsStats {
  readonly bavail: number | bigint;
  readonly bsize: number | bigint;
}

export interface MediaCacheOptions {
  readonly dir: string;
  /** Where the hub serves a media object, e.g. hubUrl + HTTP_PATHS.media(sha256). */
  readonly urlFor: (sha256: string) => string;
  /** HTTP Basic credentials and the like (protocol/src/http.ts). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: FetchLike;
  readonly statfs?: (path: string) => Promise<FsStats>;
  /** Free space left to the rest of the device; default 64 MiB. */
  readonly reserveBytes?: number;
  /** Tries per download, each resuming the last; default 3. */
  readonly attempts?: number;
  readonly clock?: { now(): number };
}

export interface CacheWants {
  readonly needed: readonly NeededMedia[];
  readonly pinned: readonly MediaRef[];
  readonly playing: readonly string[];
}

export interface ReconcileReport {
  readonly plan: CachePlan;
  readonly downloaded: string[];
  readonly failed: { readonly sha256: string; readonly code: AgentErrorCode }[];
  readonly evicted: string[];
  readonly refused: RefusedStep[];
}

export interface CacheContents {
  readonly present: PresentFile[];
  readonly partial: PartialFile[];
}

export class MediaCache {
  readonly #dir: string;
  readonly #urlFor: (sha256: string) => string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #fetch: FetchLike;
  readonly #statfs: (path: string) => Promise<FsStats>;
  readonly #reserveBytes: number;
  readonly #attempts: number;
  readonly #clock: { now(): number };
  #dirMade: Promise<void> | undefined;

  constructor(options: MediaCacheOptions) {
    this.#dir = options.dir;
    this.#urlFor = options.urlFor;
    this.#headers = options.headers ?? {};
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#statfs = options.statfs ?? ((path) => statfs(path));
    this.#reserveBytes = options.reserveBytes ?? 64 * 1024 * 1024;
    this.#attempts = options.attempts ?? 3;
    this.#clock = options.clock ?? { now: () => Date.now() };
  }

  pathFor(sha256: string): string {
    if (!SHA.test(sha256)) throw new AgentError('AGENT_ERR_CACHE', `not a SHA-256: ${sha256.slice(0, 80)}`);
    return join(this.#dir, sha256);
  }

  async freeBytes(): Promise<number> {
    const s = await this.#statfs(this.#dir);
    return Number(s.bavail) * Number(s.bsize);
  }

  /** Cached files (last use = mtime, see markUsed) and interrupted downloads; anything else is not ours. */
  async scan(): Promise<CacheContents> {
    await mkdir(this.#dir, { recursive: true });
    const present = new Map<string, PresentFile>();
    const partial: PartialFile[] = [];
    for (const name of await readdir(this.#dir)) {
      const isPart = name.endsWith('.part');
      const sha = isPart ? name.slice(0, -5) : name;
      if (!SHA.test(sha)) continue;
      // A download in flight may rename its part into place (or an eviction remove a file) between the listing and
      // this look: the part then counts as the finished file it became, and a vanished file as absent.
      const part = isPart ? await statIfThere(join(this.#dir, name)) : undefined;
      if (part !== undefined) {
        partial.push({ sha256: sha, bytes: part.size });
        continue;
      }
      const file = await statIfThere(join(this.#dir, sha));
      if (file !== undefined) present.set(sha, { sha256: sha, bytes: file.size, lastUsedAt: file.mtimeMs });
    }
    return { present: [...present.values()], partial };
  }

  async plan(wants: CacheWants): Promise<CachePlan> {
    const { present, partial } = await this.scan();
    return planCache({ ...wants, present, partial, freeBytes: await this.freeBytes(), reserveBytes: this.#reserveBytes });
  }

  /** Brings the cache to what the manifest needs: evictions first, then downloads, most needed first. One failed
   *  download does not stop the others; each is reported with its code. */
  async reconcile(wants: CacheWants, signal?: AbortSignal): Promise<ReconcileReport> {
    const plan = await this.plan(wants);
    const evicted: string[] = [];
    for (const step of plan.evict) {
      await removeIfThere(step.partial ? `${this.pathFor(step.sha256)}.part` : this.pathFor(step.sha256));
      if (!step.partial) evicted.push(step.sha256);
    }
    const downloaded: string[] = [];
    const failed: { sha256: string; code: AgentErrorCode }[] = [];
    for (const step of plan.download) {
      if (signal?.aborted === true) break;
      try {
        await this.download(step.media, signal);
        downloaded.push(step.media.sha256);
      } catch (err) {
        failed.push({ sha256: step.media.sha256, code: isAgentError(err) ? err.code : 'AGENT_ERR_DOWNLOAD' });
      }
    }
    return { plan, downloaded, failed, evicted, refused: plan.refused };
  }

  /** Fetches one media object into the cache (resuming a part); resolves with its path. See downloadMedia, also for
   *  `onVerified`. */
  async download(media: MediaRef, signal?: AbortSignal, onVerified?: (bytes: Buffer) => void): Promise<string> {
    const path = this.pathFor(media.sha256);
    // Once per cache: each trip through the thread pool is time an emergency new to the device waits (issue 8).
    this.#dirMade ??= mkdir(this.#dir, { recursive: true }).then(
      () => undefined,
      (err: unknown) => {
        this.#dirMade = undefined;
        throw err;
      },
    );
    await this.#dirMade;
    return downloadMedia({
      media,
      path,
      url: this.#urlFor(media.sha256),
      headers: this.#headers,
      fetch: this.#fetch,
      freeBytes: () => this.freeBytes(),
      reserveBytes: this.#reserveBytes,
      attempts: this.#attempts,
      ...(signal === undefined ? {} : { signal }),
      ...(onVerified === undefined ? {} : { onVerified }),
    });
  }

  /**
   * Re-hashes a cached file right before use (SD cards rot). Resolves with its path; a corrupt file is evicted and
   * rejects AGENT_ERR_HASH_MISMATCH; a missing one rejects AGENT_ERR_MEDIA_MISSING.
   */
  async verifyCached(sha256: string): Promise<string> {
    const path = this.pathFor(sha256);
    let digest: string;
    try {
      digest = await hashFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AgentError('AGENT_ERR_MEDIA_MISSING', sha256, { cause: err });
      throw new AgentError('AGENT_ERR_CACHE', `${sha256}: ${(err as Error).message}`, { cause: err });
    }
    if (digest !== sha256) {
      await removeIfThere(path);
      throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${sha256}: cached file hashes to ${digest}; evicted`);
    }
    return path;
  }

  /**
   * verifyCached for a play: media up to IN_MEMORY_MEDIA_BYTES is read whole (the size the signed MediaRef states),
   * hashed, and returned with its bytes — one read instead of a hashing pass and a second pass to play, and what
   * plays is exactly what was hashed. Larger media as verifyCached. Same errors and eviction.
   */
  async loadVerified(media: MediaRef): Promise<VerifiedMedia> {
    if (media.bytes > IN_MEMORY_MEDIA_BYTES) return { path: await this.verifyCached(media.sha256) };
    const path = this.pathFor(media.sha256);
    let bytes: Buffer;
    try {
      // One byte more than stated, so a file that grew is seen as the wrong file it is.
      bytes = media.bytes < SYNC_READ_BYTES ? readUpTo(path, media.bytes + 1) : await readUpToAsync(path, media.bytes + 1);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AgentError('AGENT_ERR_MEDIA_MISSING', media.sha256, { cause: err });
      throw new AgentError('AGENT_ERR_CACHE', `${media.sha256}: ${(err as Error).message}`, { cause: err });
    }
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== media.sha256) {
      await removeIfThere(path);
      throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${media.sha256}: cached file (${bytes.length} bytes) hashes to ${digest}; evicted`);
    }
    return { path, bytes };
  }

  /** Records a use (mtime), which the planner reads as last-used. One metadata write per play, not per read. */
  async markUsed(sha256: string): Promise<void> {
    const now = new Date(this.#clock.now());
    await utimes(this.pathFor(sha256), now, now);
  }

  async evict(sha256: string): Promise<void> {
    await removeIfThere(this.pathFor(sha256));
  }
}

async function removeIfThere(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/**
 * Media below this size is read synchronously (readUpTo): an emergency's speech at the hub's 32 kbps is under a
 * minute. A larger read from a card whose page cache has dropped the file (~20 MB/s) would hold the event loop — and
 * with it the next emergency's preemption (design.md §9) — for tens of ms, so it goes through the thread pool.
 */
const SYNC_READ_BYTES = 256 * 1024;

/**
 * The first `limit` bytes of a file (fewer at its end), read synchronously: at most SYNC_READ_BYTES, from a file
 * the page cache usually holds (it was written or played recently), so the read takes tens of microseconds, where
 * the same open and read through libuv's four threads waited up to 10 ms behind other fsyncs (journal, replay store,
 * a download) in the preempt benchmark — the moment an emergency arrives (issue 8).
 */
function readUpTo(path: string, limit: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(limit);
    let at = 0;
    while (at < limit) {
      const read = readSync(fd, buffer, at, limit - at, at);
      if (read === 0) break;
      at += read;
    }
    return buffer.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** readUpTo through libuv's thread pool, for media too large to read on the event loop. */
async function readUpToAsync(path: string, limit: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(limit);
    let at = 0;
    while (at < limit) {
      const { bytesRead } = await file.read(buffer, at, limit - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return buffer.subarray(0, at);
  } finally {
    await file.close();
  }
}

/** Bytes per read when hashing a cached file: a read stream's default, for large media. */
const HASH_READ_BYTES = 64 * 1024;

/**
 * SHA-256 of a file, read through one buffer no larger than the file. A read stream allocated a fresh 64 KiB for
 * each read, two of them for an 18 KiB speech file; with a thousand agents in one simulator process verifying their
 * downloads that was 90 MB a second of short-lived buffers, and V8 collected garbage back to back (issue 8).
 */
async function hashFile(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(size, HASH_READ_BYTES)));
    const hash = createHash('sha256');
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await file.close();
  }
}

/** The file's size and mtime, or undefined when it is not there (ENOENT). */
async function statIfThere(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
