// Content-addressed media on disk: <dataDir>/media/ab/abcdef… (two-character fan-out keeps directories small).
// A file appears under its hash only whole and fsynced (write to a temp file, fsync, rename, fsync the directory),
// so neither a crash nor a full disk can leave a partial file where an agent would fetch it ("caches that trust
// partial downloads", style.md), and a failed upload never touches media already stored.

import { createHash, randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { HubError } from '../errors.js';
import type { ByteRange } from './http-range.js';
import { isSha256Hex } from './media-types.js';

export interface MediaFileHandle {
  write(data: Uint8Array): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
  createReadStream(options?: { start?: number; end?: number }): Readable;
}

/** The slice of node:fs/promises the store uses; tests inject failures (ENOSPC) through it. */
export interface MediaFs {
  open(path: string, flags: string, mode?: number): Promise<MediaFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  stat(path: string): Promise<{ size: number; mtime: Date }>;
  readdir(path: string): Promise<string[]>;
}

export const nodeMediaFs: MediaFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
  stat: (path) => fsp.stat(path),
  readdir: (path) => fsp.readdir(path),
};

export interface MediaStoreOptions {
  readonly dataDir: string;
  readonly fs?: MediaFs;
}

export interface PutOptions {
  /** HUB_ERR_MEDIA_TOO_LARGE as soon as the stream passes this many bytes; nothing is kept. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

export interface StoredMedia {
  readonly sha256: string;
  readonly bytes: number;
  /** False when identical bytes were already stored (dedupe): the upload was discarded. */
  readonly created: boolean;
}

export interface MediaStat {
  readonly bytes: number;
  readonly modifiedAt: Date;
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export class MediaStore {
  readonly #fs: MediaFs;
  readonly #root: string;
  readonly #tmp: string;

  constructor(options: MediaStoreOptions) {
    this.#fs = options.fs ?? nodeMediaFs;
    this.#root = join(options.dataDir, 'media');
    this.#tmp = join(this.#root, 'tmp');
  }

  /** Streams `source` to disk while hashing it. Uint8Array, a Node Readable or any async iterable of bytes. */
  async put(source: Uint8Array | AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredMedia> {
    if (source instanceof Uint8Array && source.length > options.maxBytes) throw tooLarge(options.maxBytes);
    const tempPath = join(this.#tmp, `${randomBytes(12).toString('hex')}.part`);
    let handle: MediaFileHandle | null = null;
    let tempExists = false;
    try {
      await this.#fs.mkdir(this.#tmp, { recursive: true });
      handle = await this.#fs.open(tempPath, 'wx', 0o644);
      tempExists = true;
      const hash = createHash('sha256');
      let total = 0;
      for await (const chunk of source instanceof Uint8Array ? [source] : source) {
        options.signal?.throwIfAborted();
        total += chunk.length;
        if (total > options.maxBytes) throw tooLarge(options.maxBytes);
        hash.update(chunk);
        await writeAll(handle, chunk);
      }
      options.signal?.throwIfAborted();
      await handle.sync();
      const closing = handle;
      handle = null;
      await closing.close();
      const sha256 = hash.digest('hex');
      const created = await this.#settle(tempPath, sha256, total);
      tempExists = false;
      return { sha256, bytes: total, created };
    } catch (err) {
      if (handle !== null) await handle.close().catch(() => undefined);
      if (tempExists) await this.#fs.unlink(tempPath).catch(() => undefined);
      throw asDiskFull(err);
    }
  }

  /** Moves the finished temp file under its hash, or drops it when the same content is already there. */
  async #settle(tempPath: string, sha256: string, size: number): Promise<boolean> {
    const finalPath = this.path(sha256);
    const existing = await this.#statOrNull(finalPath);
    if (existing !== null && existing.size === size) {
      await this.#fs.unlink(tempPath);
      return false;
    }
    // A same-named file of another size is damage (content addressing makes the size part of the name); the rename
    // replaces it atomically with the verified bytes.
    const dir = join(this.#root, sha256.slice(0, 2));
    await this.#fs.mkdir(dir, { recursive: true });
    await this.#fs.rename(tempPath, finalPath);
    await this.#syncDir(dir);
    return true;
  }

  /** A rename is durable only once its directory is fsynced (POSIX leaves it in the page cache until then). */
  async #syncDir(dir: string): Promise<void> {
    const handle = await this.#fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    return (await this.#statOrNull(this.path(sha256))) !== null;
  }

  /** Where the file lives. HUB_ERR_MEDIA_NOT_FOUND for anything but 64 lower-case hex digits: no path traversal. */
  path(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', 'malformed sha256');
    return join(this.#root, sha256.slice(0, 2), sha256);
  }

  async stat(sha256: string): Promise<MediaStat> {
    const stats = await this.#statOrNull(this.path(sha256));
    if (stats === null) throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', sha256);
    return { bytes: stats.size, modifiedAt: stats.mtime };
  }

  /** A stream of the file or of one inclusive byte range of it (see planMediaResponse). */
  async open(sha256: string, range?: ByteRange | null): Promise<Readable> {
    let handle: MediaFileHandle;
    try {
      handle = await this.#fs.open(this.path(sha256), 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw new HubError('HUB_ERR_MEDIA_NOT_FOUND', sha256);
      throw err;
    }
    return handle.createReadStream(range === undefined || range === null ? {} : { start: range.start, end: range.end });
  }

  /**
   * The file's bytes, at most `maxBytes` of them (reading stops there): for the in-memory cache of the download route
   * (hub/src/media-cache), which checks them against the name.
   */
  async read(sha256: string, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    const stream = await this.open(sha256, { start: 0, end: Math.max(maxBytes, 1) - 1 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
    }
    return Buffer.concat(chunks, total);
  }

  /** True when a file was removed. Reference counting across bulletins is the data layer's job. */
  async remove(sha256: string): Promise<boolean> {
    try {
      await this.#fs.unlink(this.path(sha256));
      return true;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
  }

  /**
   * Deletes temp files left by a crash mid-upload. Call once at start-up, before any put(): a put in flight owns
   * its temp file. Returns how many were removed.
   */
  async sweepTemp(): Promise<number> {
    let names: string[];
    try {
      names = await this.#fs.readdir(this.#tmp);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      await this.#fs.unlink(join(this.#tmp, name));
      removed++;
    }
    return removed;
  }

  async #statOrNull(path: string): Promise<{ size: number; mtime: Date } | null> {
    try {
      return await this.#fs.stat(path);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    }
  }
}

async function writeAll(handle: MediaFileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk.subarray(offset));
    // A regular file that accepts nothing has no room left; looping would spin forever.
    if (bytesWritten <= 0) throw Object.assign(new Error('write accepted no bytes'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}

function tooLarge(maxBytes: number): HubError {
  return new HubError('HUB_ERR_MEDIA_TOO_LARGE', `limit ${maxBytes} bytes`, { maxBytes });
}

function asDiskFull(err: unknown): unknown {
  const code = errnoCode(err);
  return code !== undefined && DISK_FULL_CODES.has(code) ? new HubError('HUB_ERR_DISK_FULL', code) : err;
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err;
  return typeof code === 'string' ? code : undefined;
}
