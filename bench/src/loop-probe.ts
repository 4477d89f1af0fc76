// Event-loop stall probe, preloaded into the hub by a benchmark (`--import`, set by ingest.ts). The hub's own
// `tinnguon_event_loop_delay_p99_ms` comes from `monitorEventLoopDelay` at a 10 ms resolution, less the period:
// one sample per timer turn, so a 600 ms stall is one sample among hundreds of on-time ones and barely moves the p99.
// This probe keeps every gap between turns of a 1 ms timer and answers three ways: the longest stall,
// `monitorEventLoopDelay`'s p99 at 1 ms (count-weighted, like the hub's, period included), and the time-weighted
// p99: the wait that a message arriving at a random moment exceeds with 1% probability (a gap of g ms makes an
// arrival at offset u wait g − u).
//
// Protocol: each SIGUSR2 writes the figures since the previous SIGUSR2 to $TN_BENCH_LOOP_PROBE_FILE as one JSON
// object, then starts over. This module is a preload: its side effects at import are its whole job, and it runs only
// in a benchmark's hub process.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface LoopProbeFigures {
  readonly seq: number;
  readonly seconds: number;
  readonly longestStallMs: number;
  readonly eldP99Ms: number;
  readonly timeWeightedP99Ms: number;
  /** Share of wall time inside gaps longer than 20 ms (the p99 bound). */
  readonly shareOver20Ms: number;
  /** CPU seconds of the JavaScript thread, libuv's pool (SQLite's statements run there) and the other threads (GC). */
  readonly cpuSeconds: { readonly main: number; readonly pool: number; readonly other: number };
  /** Garbage-collection pauses of the JavaScript thread: their sum and the longest. */
  readonly gcPauseMs: { readonly total: number; readonly longest: number };
}

/**
 * CPU seconds so far per kind of thread of this process, from /proc (Linux). Node 20 names every thread "node"; libuv
 * starts its pool last, before any preload runs, so the pool is the `UV_THREADPOOL_SIZE` highest thread ids.
 */
function threadCpu(pool: ReadonlySet<number>): { main: number; pool: number; other: number } {
  const out = { main: 0, pool: 0, other: 0 };
  for (const tid of readdirSync('/proc/self/task').map(Number)) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (tid === process.pid) out.main += seconds;
      else if (pool.has(tid)) out.pool += seconds;
      else out.other += seconds;
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return out;
}

/** Pure: the wait that an arrival at a uniformly random moment exceeds with probability `1 − q`. */
export function timeWeightedQuantile(gapsMs: readonly number[], q: number): number {
  const total = gapsMs.reduce((a, g) => a + g, 0);
  if (total === 0) return 0;
  const exceed = (x: number) => gapsMs.reduce((a, g) => a + Math.max(0, g - x), 0) / total;
  let lo = 0;
  let hi = gapsMs.reduce((a, g) => Math.max(a, g), 0);
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (exceed(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return hi;
}

const file = process.env.TN_BENCH_LOOP_PROBE_FILE;
if (file !== undefined) {
  const eld = monitorEventLoopDelay({ resolution: 1 });
  let gaps: number[] = [];
  let last = performance.now();
  let since = last;
  let seq = 0;
  // Listed now, before the hub starts any thread of its own.
  const tids = readdirSync('/proc/self/task').map(Number).sort((a, b) => a - b);
  const pool = new Set(tids.slice(-Number(process.env.UV_THREADPOOL_SIZE ?? 4)));
  let cpu = threadCpu(pool);
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    setTimeout(tick, 1).unref();
  };
  setTimeout(tick, 1).unref();
  eld.enable();
  let gc = { total: 0, longest: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc = { total: gc.total + e.duration, longest: Math.max(gc.longest, e.duration) };
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    const now = performance.now();
    const wall = now - since;
    const nowCpu = threadCpu(pool);
    const figures: LoopProbeFigures = {
      seq: seq++,
      seconds: wall / 1000,
      longestStallMs: gaps.reduce((a, g) => Math.max(a, g), 0),
      eldP99Ms: eld.percentile(99) / 1e6,
      timeWeightedP99Ms: timeWeightedQuantile(gaps, 0.99),
      shareOver20Ms: gaps.filter((g) => g > 20).reduce((a, g) => a + g, 0) / wall,
      cpuSeconds: { main: nowCpu.main - cpu.main, pool: nowCpu.pool - cpu.pool, other: nowCpu.other - cpu.other },
      gcPauseMs: gc,
    };
    gc = { total: 0, longest: 0 };
    cpu = nowCpu;
    // Renamed into place, so the benchmark never reads half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(figures));
    renameSync(`${file}.tmp`, file);
    gaps = [];
    since = now;
    eld.reset();
  });
}
