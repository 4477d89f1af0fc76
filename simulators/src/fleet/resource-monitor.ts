// CPU and memory of the processes in a run (issue 7: "the resources used, CPU and RSS of the hub and of the
// simulator processes"). Each role (hub, runner, worker N) may be several processes over time — a worker killed and
// restarted is a new pid — so CPU is accumulated over incarnations from the last sample each one gave.
import { sampleProcess, type ProcSample } from './proc-stats.js';

export interface RoleUsage {
  readonly role: string;
  readonly pid: number | undefined;
  /** CPU seconds used during the run (from the first sample). */
  readonly cpuSec: number;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
  /** Mean CPU over the run: 1.0 is one core fully busy. */
  readonly cpuCores: number;
}

interface RoleState {
  pid: number | undefined;
  baseline: number | undefined;
  last: ProcSample | undefined;
  done: number;
  peak: number;
  rss: number;
}

export class ResourceMonitor {
  readonly #roles = new Map<string, RoleState>();
  readonly #sample: (pid: number) => Promise<ProcSample | undefined>;
  readonly #now: () => number;
  #startedAt: number | undefined;
  #lastAt: number | undefined;

  constructor(sample: (pid: number) => Promise<ProcSample | undefined> = sampleProcess, now: () => number = () => performance.now()) {
    this.#sample = sample;
    this.#now = now;
  }

  /**
   * Samples every role's current pid (undefined: the role has no process right now). A role `fromStart` counts its
   * processes' CPU from their start (workers this run forked); the others from the first sample (a hub already up).
   */
  async sample(pids: ReadonlyMap<string, { readonly pid: number | undefined; readonly fromStart: boolean }>): Promise<void> {
    const at = this.#now();
    this.#startedAt ??= at;
    this.#lastAt = at;
    await Promise.all(
      [...pids].map(async ([role, { pid, fromStart }]) => {
        const state = this.#roles.get(role) ?? { pid: undefined, baseline: undefined, last: undefined, done: 0, peak: 0, rss: 0 };
        this.#roles.set(role, state);
        if (pid !== state.pid) {
          // A new incarnation: bank what the old one used, count the new one from its start.
          if (state.last !== undefined) state.done += state.last.cpuSec - (state.baseline ?? 0);
          state.baseline = fromStart || state.done > 0 ? 0 : undefined;
          state.last = undefined;
          state.pid = pid;
        }
        if (pid === undefined) {
          state.rss = 0;
          return;
        }
        const s = await this.#sample(pid);
        if (s === undefined) return;
        state.baseline ??= s.cpuSec;
        state.last = s;
        state.rss = s.rssMiB;
        state.peak = Math.max(state.peak, s.peakRssMiB);
      }),
    );
  }

  usage(): RoleUsage[] {
    const seconds = this.#startedAt === undefined || this.#lastAt === undefined ? 0 : (this.#lastAt - this.#startedAt) / 1000;
    return [...this.#roles].map(([role, s]) => {
      const cpuSec = s.done + (s.last === undefined ? 0 : s.last.cpuSec - (s.baseline ?? 0));
      return {
        role,
        pid: s.pid,
        cpuSec: round(cpuSec),
        rssMiB: round(s.rss),
        peakRssMiB: round(s.peak),
        cpuCores: seconds > 0 ? round(cpuSec / seconds, 3) : 0,
      };
    });
  }
}

const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
