// The SD card's faults. "Full" goes through the agent's statfs seam and its heartbeat probes (the cache must refuse
// downloads that would leave less than its reserve, and say so); "corrupt" flips bytes in a cached media file on
// disk, as a failing card does, so the agent must notice by its SHA-256 before it plays the file (design.md §6).
import { open, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { FsStats, SystemProbes } from '@tinnguon/edge-agent';

export interface DiskFaultState {
  full: boolean;
}

/** Free space as the agent's cache sees it: nothing while the fault lasts. */
export function faultyStatfs(state: () => DiskFaultState, inner: (path: string) => Promise<FsStats> = (p) => statfs(p)): (path: string) => Promise<FsStats> {
  return async (path) => (state().full ? { bavail: 0, bsize: 4096 } : inner(path));
}

/** Heartbeat readings of a virtual board: a 16 GB card with 8 GB free, or none free while full. */
export function simProbes(state: () => DiskFaultState): SystemProbes {
  return {
    disk: () => Promise.resolve({ freeBytes: state().full ? 0 : 8 * 1024 ** 3, totalBytes: 16 * 1024 ** 3 }),
    temperatureC: () => Promise.resolve(null),
    power: () => Promise.resolve('mains'),
  };
}

const SHA = /^[0-9a-f]{64}$/;

/** Flips a few bytes in the middle of one cached media file; resolves with its name, or undefined if the cache holds
 *  none yet. `pick` chooses among the files (sorted), e.g. from a seeded random. */
export async function corruptCachedFile(cacheDir: string, pick: (count: number) => number = () => 0): Promise<string | undefined> {
  const names = (await readdir(cacheDir).catch(() => [] as string[])).filter((n) => SHA.test(n)).sort();
  if (names.length === 0) return undefined;
  const name = names[Math.min(names.length - 1, Math.max(0, pick(names.length)))] ?? names[0] ?? '';
  const handle = await open(join(cacheDir, name), 'r+');
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const at = Math.floor(size / 2);
    const length = Math.min(16, size - at);
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, at);
    for (let i = 0; i < length; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
    await handle.write(bytes, 0, length, at);
  } finally {
    await handle.close();
  }
  return name;
}
