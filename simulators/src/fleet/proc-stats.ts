// CPU time and memory of a process by pid, from Linux /proc (what `ps` reads), so the runner can measure the hub and
// its own workers alike, including a hub it did not start. Parsing is pure; reading is one thin function.
import { readFile } from 'node:fs/promises';

export interface ProcSample {
  /** User + system CPU seconds since the process started. */
  readonly cpuSec: number;
  readonly rssMiB: number;
  /** Peak resident set (VmHWM). */
  readonly peakRssMiB: number;
}

/** USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux that Node supports. */
const TICKS_PER_SEC = 100;

/** /proc/<pid>/stat: fields 14 and 15 (utime, stime) after the parenthesised command name, which may hold spaces. */
export function parseProcStat(text: string): number | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) is fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SEC : undefined;
}

/** /proc/<pid>/status: VmRSS and VmHWM in kB. */
export function parseProcStatus(text: string): { rssMiB: number; peakRssMiB: number } | undefined {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m === null ? undefined : Number(m[1]);
  };
  const rss = kb('VmRSS');
  if (rss === undefined) return undefined;
  return { rssMiB: rss / 1024, peakRssMiB: (kb('VmHWM') ?? rss) / 1024 };
}

/** undefined when the process is gone or /proc is not there (not Linux). */
export async function sampleProcess(pid: number): Promise<ProcSample | undefined> {
  try {
    const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
    const cpuSec = parseProcStat(stat);
    const mem = parseProcStatus(status);
    return cpuSec === undefined || mem === undefined ? undefined : { cpuSec, ...mem };
  } catch {
    return undefined;
  }
}
