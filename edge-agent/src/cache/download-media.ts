// One media download into the content-addressed cache. Resumes from `<sha>.part` with an HTTP Range request (4G
// links drop mid-file), hashes incrementally including the bytes already in the part, and only an exact SHA-256 match
// is renamed into place (fsync, rename, fsync dir). A mismatch deletes the part and fetches again: a corrupt file is
// never kept (style.md: "caches that trust partial downloads").
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MediaRef } from '@tinnguon/protocol';
import { AgentError, isAgentError } from '../errors.js';
import { fsyncDir } from '../journal/durable-fs.js';
import { asStorageError, fetchToMemory, IN_MEMORY_MEDIA_BYTES, persistVerified } from './fetch-to-memory.js';
import { HashedBytes } from './hashed-bytes.js';

/** A response body: its bytes as they arrive, or dropped unread. */
export interface HttpBody extends AsyncIterable<Uint8Array> {
  cancel(): Promise<void>;
}

/** What the agent reads of an HTTP response: the part of WHATWG `Response` it uses, so `fetch` still fits the seam
 *  (tests, simulators) while the agent's own client (link/node-http-fetch.ts) need not load undici. */
export interface HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body: HttpBody | null;
  text(): Promise<string>;
}

/** The agent's only HTTP seam: GETs for manifests and media, one POST for snapshots. */
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal; method?: 'GET' | 'POST'; body?: Uint8Array },
) => Promise<HttpResponse>;

export interface DownloadRequest {
  readonly media: MediaRef;
  /** Final path `<cacheDir>/<sha256>`; the part is `<path>.part`. */
  readonly path: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  /** Free bytes on the cache's file system now. */
  readonly freeBytes: () => Promise<number>;
  readonly reserveBytes: number;
  /** Tries in all, each resuming where the last stopped. */
  readonly attempts: number;
  readonly signal?: AbortSignal;
  /**
   * Called with the whole content as soon as it has hashed to `media.sha256`, before the fsync and rename that make
   * it durable: a player may use verified bytes at once (issue 8). Only for media up to IN_MEMORY_MEDIA_BYTES, which
   * is fetched into memory before anything is written when there is no part to resume (fetch-to-memory.ts).
   */
  readonly onVerified?: (bytes: Buffer) => void;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

async function removeIfThere(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

async function hashFile(path: string, take: (chunk: Uint8Array) => void): Promise<void> {
  for await (const chunk of createReadStream(path)) take(chunk as Buffer);
}

/** Resolves with `request.path` once the verified file is in place. Rejects AGENT_ERR_DISK_FULL (before fetching, or
 *  when the card fills; with `onVerified`, possibly after the verified bytes were handed over), AGENT_ERR_CACHE (the
 *  verified bytes could not be stored), AGENT_ERR_HASH_MISMATCH, AGENT_ERR_DOWNLOAD or AGENT_ERR_ABORTED; a resumable
 *  part is kept on a network failure. */
export async function downloadMedia(request: DownloadRequest): Promise<string> {
  const { media, path, signal } = request;
  const part = `${path}.part`;
  const aborted = (): boolean => signal?.aborted === true;
  // Built only on a failure: an error's stack costs tens of µs, paid by every emergency's speech download (issue 8).
  let lastError: AgentError | undefined;
  for (let attempt = 1; attempt <= request.attempts; attempt++) {
    if (aborted()) throw new AgentError('AGENT_ERR_ABORTED', 'download aborted');
    const { onVerified } = request;
    if (onVerified !== undefined && media.bytes <= IN_MEMORY_MEDIA_BYTES && !partExists(part)) {
      let bytes: Buffer;
      try {
        bytes = await fetchToMemory(request, part);
      } catch (err) {
        if (aborted()) throw new AgentError('AGENT_ERR_ABORTED', 'download aborted', { cause: err });
        lastError = asDownloadError(media.sha256, err);
        continue;
      }
      onVerified(bytes);
      // Not retried: the bytes are verified and played; only the cache copy failed (coded, nothing left behind).
      await persistVerified(request, part, bytes);
      return path;
    }
    let have = await sizeOf(part);
    if (have > media.bytes) {
      await removeIfThere(part);
      have = 0;
    }
    const free = await request.freeBytes();
    if (free - request.reserveBytes < media.bytes - have) {
      throw new AgentError('AGENT_ERR_DISK_FULL', `${media.sha256}: ${media.bytes - have} bytes needed, ${free} free`);
    }
    try {
      const result = await fetchInto(request, part, have);
      if (result === 'restart') {
        await removeIfThere(part);
        continue;
      }
      await rename(part, path);
      await fsyncDir(dirname(path));
      return path;
    } catch (err) {
      if (aborted()) throw new AgentError('AGENT_ERR_ABORTED', 'download aborted', { cause: err });
      if (isAgentError(err, 'AGENT_ERR_HASH_MISMATCH')) await removeIfThere(part);
      // A full card does not empty itself between attempts; the part stays for a resume once there is room.
      if (isDiskFull(err)) throw asStorageError(media.sha256, err);
      lastError = asDownloadError(media.sha256, err);
    }
  }
  throw lastError ?? new AgentError('AGENT_ERR_DOWNLOAD', media.sha256);
}

function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

function asDownloadError(sha256: string, err: unknown): AgentError {
  return isAgentError(err) ? err : new AgentError('AGENT_ERR_DOWNLOAD', `${sha256}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/**
 * Synchronous on purpose: a metadata lookup in the cache directory takes microseconds, while a trip through libuv's
 * four threads can wait tens of ms behind the journal's and replay store's fsyncs on an SD card — the very moment an
 * emergency arrives (its message is remembered, the interrupted item journaled).
 */
function partExists(part: string): boolean {
  return statSync(part, { throwIfNoEntry: false }) !== undefined;
}

/** Appends the rest of the body to `part` and verifies the whole. 'restart' when the part cannot be resumed. Small
 *  media with an `onVerified` is also held in memory (HashedBytes) and handed over once verified, before the fsync. */
async function fetchInto(request: DownloadRequest, part: string, have: number): Promise<'done' | 'restart'> {
  const { media } = request;
  const held = request.onVerified === undefined || media.bytes > IN_MEMORY_MEDIA_BYTES ? undefined : new HashedBytes(media);
  const hash = createHash('sha256');
  const take = (chunk: Uint8Array): void => (held === undefined ? void hash.update(chunk) : held.append(chunk));
  let written = have;
  if (have < media.bytes) {
    const headers: Record<string, string> = { ...request.headers };
    if (have > 0) headers.range = `bytes=${have}-`;
    const response = await request.fetch(request.url, { headers, ...(request.signal ? { signal: request.signal } : {}) });
    if (response.status === 416) {
      await response.body?.cancel(); // unread, it would hold its keep-alive socket
      return 'restart';
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new AgentError('AGENT_ERR_DOWNLOAD', `${media.sha256}: HTTP ${response.status}`);
    }
    // A server that ignores Range sends the whole file (200); a 206 must start exactly where the part ends.
    const resumes = response.status === 206 && (response.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`);
    if (have > 0 && !resumes) {
      await response.body.cancel();
      return 'restart';
    }
    if (have > 0) await hashFile(part, take);
    const file = await open(part, have > 0 ? 'a' : 'w');
    try {
      for await (const chunk of response.body) {
        written += chunk.byteLength;
        if (written > media.bytes) throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${media.sha256}: longer than ${media.bytes} bytes`);
        take(chunk);
        await file.write(chunk);
      }
      if (written < media.bytes) throw new AgentError('AGENT_ERR_DOWNLOAD', `${media.sha256}: ended at ${written} of ${media.bytes}`);
      verify(request, hash, held);
      await file.sync();
    } finally {
      await file.close();
    }
  } else {
    await hashFile(part, take);
    verify(request, hash, held);
  }
  return 'done';
}

function verify(request: DownloadRequest, hash: Hash, held: HashedBytes | undefined): void {
  const { sha256 } = request.media;
  if (held !== undefined) {
    request.onVerified?.(held.verified());
    return;
  }
  const digest = hash.digest('hex');
  if (digest !== sha256) throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${sha256}: got ${digest}`);
}
