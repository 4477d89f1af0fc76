// An emergency new to the device (issue 8: first frame within 20 ms of the message): small media is fetched into
// memory and hashed there, and the player gets the bytes the moment they match their SHA-256. Only then is the file
// written, fsynced and renamed into the cache. Nothing touches the disk before the bytes are verified, so neither an
// SD card busy with other fsyncs nor a full disk can hold the alert back; the cache copy fails on its own if it must,
// with a coded error and without leaving anything behind (never a file under the hash name that is not that content).
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AgentError, isAgentError } from '../errors.js';
import { fsyncDir } from '../journal/durable-fs.js';
import type { DownloadRequest } from './download-media.js';
import { HashedBytes } from './hashed-bytes.js';

/**
 * Media up to this size is held in memory to be verified and played (also when read back from the cache, see
 * MediaCache.loadVerified): over four minutes of the hub's 32 kbps speech.
 */
export const IN_MEMORY_MEDIA_BYTES = 1 << 20;

/** One attempt: the whole body from byte 0, resolved once it has hashed to its SHA-256. A body cut short is left in
 *  the part, so the next attempt resumes it with a Range request. Rejects AGENT_ERR_DOWNLOAD, AGENT_ERR_HASH_MISMATCH
 *  or what fetch rejects with. */
export async function fetchToMemory(request: DownloadRequest, part: string): Promise<Buffer> {
  const { media } = request;
  const response = await request.fetch(request.url, { headers: { ...request.headers }, ...(request.signal ? { signal: request.signal } : {}) });
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new AgentError('AGENT_ERR_DOWNLOAD', `${media.sha256}: HTTP ${response.status}`);
  }
  const held = new HashedBytes(media);
  try {
    for await (const chunk of response.body) held.append(chunk);
  } catch (err) {
    if (!(err instanceof AgentError) && held.length > 0) await keepPart(part, held.received()).catch(() => undefined);
    throw err;
  }
  if (held.length < media.bytes) await keepPart(part, held.received()).catch(() => undefined);
  return held.verified();
}

/**
 * Makes verified bytes durable at `request.path`: part, fsync, rename, fsync of the directory. On failure the part is
 * removed and the error is coded: AGENT_ERR_DISK_FULL (no room by statfs, or ENOSPC/EDQUOT from the card) or
 * AGENT_ERR_CACHE. The file under the hash name appears only by the rename of a complete, fsynced part.
 */
export async function persistVerified(request: DownloadRequest, part: string, bytes: Buffer): Promise<void> {
  const { media } = request;
  try {
    const free = await request.freeBytes();
    if (free - request.reserveBytes < media.bytes) {
      throw new AgentError('AGENT_ERR_DISK_FULL', `${media.sha256}: ${media.bytes} bytes needed, ${free} free`);
    }
    const file = await open(part, 'w');
    try {
      await file.writeFile(bytes); // loops until every byte is written, unlike write()
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(part, request.path);
    await fsyncDir(dirname(request.path));
  } catch (err) {
    await unlink(part).catch(() => undefined);
    throw asStorageError(media.sha256, err);
  }
}

/** A local write failure as the cache's coded error: a full card is AGENT_ERR_DISK_FULL, anything else AGENT_ERR_CACHE. */
export function asStorageError(sha256: string, err: unknown): AgentError {
  if (isAgentError(err)) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const detail = `${sha256}: ${err instanceof Error ? err.message : String(err)}`;
  return new AgentError(code === 'ENOSPC' || code === 'EDQUOT' ? 'AGENT_ERR_DISK_FULL' : 'AGENT_ERR_CACHE', detail, { cause: err });
}

/** What arrived before the link dropped, for the next attempt to resume (not fsynced: a lost part is only refetched). */
async function keepPart(part: string, bytes: Buffer): Promise<void> {
  const file = await open(part, 'w');
  try {
    await file.writeFile(bytes);
  } finally {
    await file.close();
  }
}
