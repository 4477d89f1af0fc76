// The one way the agent touches its media cache. Downloads of one SHA-256 are shared (an emergency's prefetch, its
// play and a reconcile must not write the same `.part` at once), every download is re-hashed before it is handed to
// a player, and the reconcile executes MediaCache's plan through the same shared downloads.
//
// A player may have a download's bytes earlier than the cache does: small media is hashed in memory as it arrives
// and, once it matches its SHA-256, played from those very bytes while the file is still being fsynced and renamed
// (issue 8: an emergency new to the device must not wait on the SD card). Nothing unverified is ever played.
import { statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { MediaRef } from '@tinnguon/protocol';
import { IN_MEMORY_MEDIA_BYTES } from '../cache/fetch-to-memory.js';
import type { CacheWants, MediaCache, VerifiedMedia } from '../cache/media-cache.js';
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

interface InFlight {
  /** The file in place, fsynced and re-verified on disk. */
  readonly durable: Promise<string>;
  /** The earliest verified form: in-memory bytes for small media, else the durable file. */
  readonly playable: Promise<VerifiedMedia>;
}

/** The largest pinned medium held in memory: the hub's tone is 64 KB; a device's RAM is not a second cache. */
const PINNED_IN_MEMORY_BYTES = 256 * 1024;

export class MediaGate {
  readonly #cache: MediaCache;
  readonly #timeoutMs: number;
  readonly #onError: (err: unknown, context: string) => void;
  readonly #inflight = new Map<string, InFlight>();
  #state: CacheState = { files: 0, bytes: 0, missing: 0 };
  /** The pinned attention tone's verified bytes (see #holdPinned). */
  #held: { readonly sha256: string; readonly verified: VerifiedMedia } | undefined;

  /** `timeoutMs` bounds one shared download (all its resumed attempts): a hub that stops answering mid-file must not
   *  hold every later play of that medium; the part stays for the next try. `onError` hears of a cache copy that
   *  failed after its verified bytes went to a player (AGENT_ERR_DISK_FULL, AGENT_ERR_CACHE): the play went ahead,
   *  so no caller of downloadPlayable sees that failure. */
  constructor(cache: MediaCache, timeoutMs = 10 * 60_000, onError: (err: unknown, context: string) => void = () => undefined) {
    this.#cache = cache;
    this.#timeoutMs = timeoutMs;
    this.#onError = onError;
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

  /** verifyCached for a play, with the verified bytes of small media (MediaCache.loadVerified); the pinned tone from
   *  the bytes held since they were verified. */
  loadVerified(media: MediaRef): Promise<VerifiedMedia> {
    const held = this.#held;
    if (held !== undefined && held.sha256 === media.sha256) return Promise.resolve(held.verified);
    return this.#cache.loadVerified(media);
  }

  /** Fetches (or joins the fetch of) one medium; resolves with its path once re-verified on disk. The first caller's
   *  signal governs the transfer; a later caller that aborts only stops waiting. */
  download(media: MediaRef, signal?: AbortSignal): Promise<string> {
    return waitFor(this.#join(media, signal).durable, signal);
  }

  /** The same shared download, for a player: resolves as soon as the content is verified (see the top). */
  downloadPlayable(media: MediaRef, signal?: AbortSignal): Promise<VerifiedMedia> {
    return waitFor(this.#join(media, signal).playable, signal);
  }

  /** Resolves when no download is in flight: a play may have started from verified bytes while its file was still
   *  being written (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight.values()].map((d) => d.durable));
  }

  /** Starts a download ahead of a play (an emergency behind its attention tone, design.md §5) unless the file is
   *  already cached at its size: the play verifies it anyway, and fetches again if it does not verify. */
  async prefetch(media: MediaRef): Promise<void> {
    if (this.#inflight.has(media.sha256)) return;
    // Synchronous on purpose: one stat of a file in the cache's directory takes microseconds, where a trip through
    // the thread pool costs a wake-up and a turn of the event loop before the emergency's speech starts to download
    // (design.md §5: it must be ready when the tone ends), and an ENOENT error object with its stack for the usual
    // case, a medium new to the device.
    if (sizeIfThere(this.#cache.pathFor(media.sha256)) === media.bytes) return;
    await this.download(media);
  }

  #join(media: MediaRef, signal: AbortSignal | undefined): InFlight {
    const shared = this.#inflight.get(media.sha256);
    if (shared !== undefined) return shared;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let early: (verified: VerifiedMedia) => void = () => undefined;
    const verifiedEarly = new Promise<VerifiedMedia>((resolve) => (early = resolve));
    let handedOver = false;
    const path = this.#cache.pathFor(media.sha256);
    const onVerified =
      media.bytes <= IN_MEMORY_MEDIA_BYTES
        ? (bytes: Buffer) => {
            handedOver = true;
            early({ path, bytes });
          }
        : undefined;
    const durable = this.#cache
      .download(media, signal === undefined ? timeout : AbortSignal.any([signal, timeout]), onVerified)
      .then(() => this.#cache.verifyCached(media.sha256))
      .finally(() => this.#inflight.delete(media.sha256));
    const playable = Promise.race([verifiedEarly, durable.then((p): VerifiedMedia => ({ path: p }))]);
    // Either may be left unawaited (a prefetch wants only `durable`, a play only `playable`); a failure after the
    // bytes were handed over is reported here, once (the next play of it downloads again).
    durable.catch((err: unknown) => {
      if (handedOver) this.#onError(err, `media ${media.sha256} played from memory; not cached`);
    });
    playable.catch(() => undefined);
    const entry = { durable, playable };
    this.#inflight.set(media.sha256, entry);
    return entry;
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
    await this.#holdPinned(wants.pinned);
    return { downloaded, failed, evicted, refused: plan.refused.map((r) => ({ sha256: r.media.sha256, shortBytes: r.shortBytes })) };
  }

  /**
   * Holds the pinned attention tone (design.md §5; one, 64 KB from the hub) in memory once it is verified on the
   * card, so an emergency's first sound reads nothing from an SD card that may be busy with other fsyncs and hashes
   * nothing (issue 8). Bytes read and hashed once stay what they were; re-hashing before use guards against the card
   * rotting, not memory. A new tone replaces it; one that fails to verify is evicted by loadVerified and not held.
   * It is held decoded too, so each emergency's tone is PCM handed to the sink, not a file parsed and copied again; a
   * tone that does not decode is held as bytes, and its play reports the fault as any undecodable medium does.
   */
  async #holdPinned(pinned: readonly MediaRef[]): Promise<void> {
    const tone = pinned.find((m) => m.bytes <= PINNED_IN_MEMORY_BYTES);
    if (tone === undefined) {
      this.#held = undefined;
      return;
    }
    if (this.#held?.sha256 === tone.sha256) return;
    try {
      const verified = await this.#cache.loadVerified(tone);
      if (verified.bytes === undefined) {
        this.#held = undefined;
        return;
      }
      // Imported here: only a loudspeaker pins a tone, and an LED board loads no audio decoder (kind-modules test).
      const { decodeWhole } = await import('../audio/decoded-audio.js');
      const decoded = await decodeWhole(verified.bytes).catch(() => undefined);
      this.#held = { sha256: tone.sha256, verified: decoded === undefined ? verified : { ...verified, decoded } };
    } catch {
      // Missing or corrupt: not held; the next reconcile fetches it again, and a play goes to the card meanwhile.
      this.#held = undefined;
    }
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

/** The file's size, or -1 when it is missing or cannot be read (then the download finds out why). */
function sizeIfThere(path: string): number {
  try {
    return statSync(path, { throwIfNoEntry: false })?.size ?? -1;
  } catch {
    return -1;
  }
}

function waitFor<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal === undefined ? shared : Promise.race([shared, aborted(signal)]);
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
