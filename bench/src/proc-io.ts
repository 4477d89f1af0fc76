// What Linux counts for a process: bytes it caused to be written to storage (/proc/<pid>/io write_bytes, counted per
// dirtied page, which is what wears an SD card) and its resident memory, sampled on an interval for the peak.
import { readFile } from 'node:fs/promises';
import { sampleProcess } from '@tinnguon/simulators';

export async function writeBytes(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/io`, 'utf8');
  const m = /^write_bytes:\s+(\d+)/m.exec(text);
  if (m === null) throw new Error(`/proc/${pid}/io has no write_bytes`);
  return Number(m[1]);
}

/** Resident memory split as /proc/<pid>/smaps_rollup does: pages only this process holds (heap, stacks, WASM
 *  memory) and file pages it shares (the node binary's code, libraries), in MiB. */
export async function memorySplit(pid: number): Promise<{ privateMiB: number; sharedMiB: number }> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { privateMiB: (kb('Private_Clean') + kb('Private_Dirty')) / 1024, sharedMiB: (kb('Shared_Clean') + kb('Shared_Dirty')) / 1024 };
}

/** Samples RSS every `everyMs` until stopped: the highest, the median and the last sample, in MiB. */
export function rssSampler(pid: number, everyMs = 200): { stop(): Promise<{ maxMiB: number; medianMiB: number; lastMiB: number; samples: number }> } {
  let max = 0;
  let last = NaN;
  const all: number[] = [];
  const take = async (): Promise<void> => {
    const s = await sampleProcess(pid);
    if (s === undefined) return;
    all.push(s.rssMiB);
    last = s.rssMiB;
    max = Math.max(max, s.rssMiB);
  };
  void take();
  const timer = setInterval(() => void take(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await take();
      const sorted = [...all].sort((a, b) => a - b);
      return { maxMiB: max, medianMiB: sorted[Math.floor(sorted.length / 2)] ?? NaN, lastMiB: last, samples: all.length };
    },
  };
}
