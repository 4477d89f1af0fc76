// One media download into the content-addressed cache. Resumes from `<sha>.part` with an HTTP Range request (4G
// links drop mid-file), hashes incrementally including the bytes already in the part, and only an exact SHA-256 match
// is renamed into place (fsync, rename, fsync dir). A mismatch deletes the part and fetches again: a corrupt file is
// never kept (style.md: "caches that trust partial downloads").
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MediaRef } from '@tinnguon/protocol';
import { AgentError, isAgentError } from '../errors.js';
import { fsyncDir } from '../journal/durable-fs.js';

/** The agent's only HTTP seam: GETs for manifests and media, one POST for snapshots. */
export type FetchLike = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal; method?: 'GET' | 'POST'; body?: Uint8Array }) => Promise<Response>;

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

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** Resolves with `request.path` once the verified file is in place. Rejects AGENT_ERR_DISK_FULL (before fetching),
 *  AGENT_ERR_HASH_MISMATCH, AGENT_ERR_DOWNLOAD or AGENT_ERR_ABORTED; a resumable part is kept on failure. */
export async function downloadMedia(request: DownloadRequest): Promise<string> {
  const { media, path, signal } = request;
  const part = `${path}.part`;
  const aborted = (): boolean => signal?.aborted === true;
  let lastError: AgentError = new AgentError('AGENT_ERR_DOWNLOAD', media.sha256);
  for (let attempt = 1; attempt <= request.attempts; attempt++) {
    if (aborted()) throw new AgentError('AGENT_ERR_ABORTED', 'download aborted');
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
      lastError = isAgentError(err)
        ? err
        : new AgentError('AGENT_ERR_DOWNLOAD', `${media.sha256}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  throw lastError;
}

/** Appends the rest of the body to `part` and verifies the whole. 'restart' when the part cannot be resumed. */
async function fetchInto(request: DownloadRequest, part: string, have: number): Promise<'done' | 'restart'> {
  const { media } = request;
  const hash = createHash('sha256');
  let written = have;
  if (have < media.bytes) {
    const headers: Record<string, string> = { ...request.headers };
    if (have > 0) headers.range = `bytes=${have}-`;
    const response = await request.fetch(request.url, { headers, ...(request.signal ? { signal: request.signal } : {}) });
    if (response.status === 416) return 'restart';
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
    if (have > 0) await hashFile(part, hash);
    const file = await open(part, have > 0 ? 'a' : 'w');
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        written += chunk.byteLength;
        if (written > media.bytes) throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${media.sha256}: longer than ${media.bytes} bytes`);
        hash.update(chunk);
        await file.write(chunk);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    if (written < media.bytes) throw new AgentError('AGENT_ERR_DOWNLOAD', `${media.sha256}: ended at ${written} of ${media.bytes}`);
  } else {
    await hashFile(part, hash);
  }
  const digest = hash.digest('hex');
  if (digest !== media.sha256) throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${media.sha256}: got ${digest}`);
  return 'done';
}
