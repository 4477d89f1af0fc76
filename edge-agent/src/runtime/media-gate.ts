// The one way the agent touches its media cache. Downloads of one SHA-256 are shared (an emergency's prefetch, its
// play and a reconcile must not write the same `.part` at once), every download is re-hashed before it is handed to
// a player, and the reconcile executes MediaCache's plan through the same shared downloads.
import { unlink } from 'node:fs/promises';
import type { MediaRef } from '@tinnguon/protocol';
import type { CacheWants, MediaCache } from '../cache/media-cache.js';
import { isAgentError, type AgentErrorCode } from '../errors.js';

export interface CacheState {
  readonly files: number;
  readonly bytes: number;
  readonly missing: number;
}

export interface GateReport {
  readonly downloaded: readonly string[];
  readonly failed: readonly { readonly sha256: string; readonly code: AgentErrorCode }[];
  readonly evicted: readonly string[];
  readonly refused: readonly { readonly sha256: string; readonly shortBytes: number }[];
}

export class MediaGate {
  readonly #cache: MediaCache;
  readonly #timeoutMs: number;
  readonly #inflight = new Map<string, Promise<string>>();
  #state: CacheState = { files: 0, bytes: 0, missing: 0 };

  /** `timeoutMs` bounds one shared download (all its resumed attempts): a hub that stops answering mid-file must not
   *  hold every later play of that medium; the part stays for the next try. */
  constructor(cache: MediaCache, timeoutMs = 10 * 60_000) {
    this.#cache = cache;
    this.#timeoutMs = timeoutMs;
  }

  get state(): CacheState {
    return this.#state;
  }

  pathFor(sha256: string): string {
    return this.#cache.pathFor(sha256);
  }

  verifyCached(sha256: string): Promise<string> {
    return this.#cache.verifyCached(sha256);
  }

  markUsed(sha256: string): Promise<void> {
    return this.#cache.markUsed(sha256);
  }

  /** Fetches (or joins the fetch of) one medium; resolves with its path once re-verified on disk. The first caller's
   *  signal governs the transfer; a later caller that aborts only stops waiting. */
  download(media: MediaRef, signal?: AbortSignal): Promise<string> {
    let shared = this.#inflight.get(media.sha256);
    if (shared === undefined) {
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      shared = this.#cache
        .download(media, signal === undefined ? timeout : AbortSignal.any([signal, timeout]))
        .then(() => this.#cache.verifyCached(media.sha256))
        .finally(() => this.#inflight.delete(media.sha256));
      this.#inflight.set(media.sha256, shared);
    }
    if (signal === undefined) return shared;
    return Promise.race([shared, aborted(signal)]);
  }

  /** Evictions first, then downloads, most needed first (the planner's order); one failure does not stop the rest. */
  async reconcile(wants: CacheWants, signal: AbortSignal): Promise<GateReport> {
    const plan = await this.#cache.plan(wants);
    const evicted: string[] = [];
    for (const step of plan.evict) {
      if (this.#inflight.has(step.sha256)) continue;
      const path = this.#cache.pathFor(step.sha256) + (step.partial ? '.part' : '');
      await unlink(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      if (!step.partial) evicted.push(step.sha256);
    }
    const downloaded: string[] = [];
    const failed: { sha256: string; code: AgentErrorCode }[] = [];
    for (const step of plan.download) {
      if (signal.aborted) break;
      try {
        await this.download(step.media, signal);
        downloaded.push(step.media.sha256);
      } catch (err) {
        if (signal.aborted) break;
        failed.push({ sha256: step.media.sha256, code: isAgentError(err) ? err.code : 'AGENT_ERR_DOWNLOAD' });
      }
    }
    await this.#refreshState(wants);
    return { downloaded, failed, evicted, refused: plan.refused.map((r) => ({ sha256: r.media.sha256, shortBytes: r.shortBytes })) };
  }

  async #refreshState(wants: CacheWants): Promise<void> {
    const { present } = await this.#cache.scan();
    const have = new Set(present.map((p) => p.sha256));
    const want = new Set([...wants.needed.map((n) => n.media.sha256), ...wants.pinned.map((m) => m.sha256)]);
    this.#state = {
      files: present.length,
      bytes: present.reduce((sum, p) => sum + p.bytes, 0),
      missing: [...want].filter((sha) => !have.has(sha)).length,
    };
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
