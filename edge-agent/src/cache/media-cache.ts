// The content-addressed media cache: `<dir>/<sha256>`, verified before use (design.md §6). A thin executor around
// planCache: it reads the directory and the free space, asks the planner, and carries the steps out.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, statfs, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaRef } from '@tinnguon/protocol';
import { AgentError, isAgentError, type AgentErrorCode } from '../errors.js';
import { downloadMedia, type FetchLike } from './download-media.js';
import { planCache, type CachePlan, type NeededMedia, type PartialFile, type PresentFile, type RefusedStep } from './plan-cache.js';

const SHA = /^[0-9a-f]{64}$/;

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
    const present: PresentFile[] = [];
    const partial: PartialFile[] = [];
    for (const name of await readdir(this.#dir)) {
      const isPart = name.endsWith('.part');
      const sha = isPart ? name.slice(0, -5) : name;
      if (!SHA.test(sha)) continue;
      const s = await stat(join(this.#dir, name));
      if (isPart) partial.push({ sha256: sha, bytes: s.size });
      else present.push({ sha256: sha, bytes: s.size, lastUsedAt: s.mtimeMs });
    }
    return { present, partial };
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

  /** Fetches one media object into the cache (resuming a part); resolves with its path. See downloadMedia. */
  async download(media: MediaRef, signal?: AbortSignal): Promise<string> {
    const path = this.pathFor(media.sha256);
    await mkdir(this.#dir, { recursive: true });
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
    });
  }

  /**
   * Re-hashes a cached file right before use (SD cards rot). Resolves with its path; a corrupt file is evicted and
   * rejects AGENT_ERR_HASH_MISMATCH; a missing one rejects AGENT_ERR_MEDIA_MISSING.
   */
  async verifyCached(sha256: string): Promise<string> {
    const path = this.pathFor(sha256);
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AgentError('AGENT_ERR_MEDIA_MISSING', sha256, { cause: err });
      throw new AgentError('AGENT_ERR_CACHE', `${sha256}: ${(err as Error).message}`, { cause: err });
    }
    const digest = hash.digest('hex');
    if (digest !== sha256) {
      await removeIfThere(path);
      throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${sha256}: cached file hashes to ${digest}; evicted`);
    }
    return path;
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
