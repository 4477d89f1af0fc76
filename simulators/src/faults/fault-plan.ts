// From a fault schedule to the concrete actions of one run: which devices (by fleet index) or which worker, at which
// millisecond, begin or heal. Pure and seeded, so a run that found a bug can be repeated exactly (--seed).
import type { DeviceFaultKind, DeviceSelector, FaultSpec } from './fault-spec.js';

export type FaultAction =
  | {
      readonly atMs: number;
      readonly op: 'begin';
      readonly kind: DeviceFaultKind;
      readonly devices: readonly number[];
      /** Latency added, or the clock's offset. */
      readonly byMs: number;
      /** A skew's ramp; 0 otherwise. */
      readonly overMs: number;
    }
  | { readonly atMs: number; readonly op: 'heal'; readonly kind: DeviceFaultKind; readonly devices: readonly number[] }
  | { readonly atMs: number; readonly op: 'kill'; readonly worker: number }
  | { readonly atMs: number; readonly op: 'restart'; readonly worker: number };

export interface FleetShape {
  readonly devices: number;
  readonly workers: number;
  readonly seed: number;
}

/** Faults that heal by themselves after `for`; the others leave the device changed (a clock offset, a bad file). */
const HEALS: ReadonlySet<DeviceFaultKind> = new Set(['drop', 'freeze', 'latency', 'fill-disk']);

/** mulberry32: small, fast, good enough to pick devices; deterministic for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function selectedCount(selector: DeviceSelector, total: number): number {
  if ('all' in selector) return total;
  if ('percent' in selector) return Math.min(total, Math.max(1, Math.round((selector.percent * total) / 100)));
  return Math.min(total, selector.count);
}

/** `count` distinct indices below `total`, ascending (partial Fisher–Yates). */
export function pickIndices(total: number, count: number, random: () => number): number[] {
  const pool = Array.from({ length: total }, (_, i) => i);
  const n = Math.min(count, total);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (total - i));
    [pool[i], pool[j]] = [pool[j] ?? 0, pool[i] ?? 0];
  }
  return pool.slice(0, n).sort((a, b) => a - b);
}

/** Every action of the run, in time order (heals before begins at the same instant, kills before restarts). */
export function planFaults(specs: readonly FaultSpec[], fleet: FleetShape): FaultAction[] {
  const random = seededRandom(fleet.seed);
  const actions: FaultAction[] = [];
  for (const spec of specs) {
    for (let rep = 0; rep < spec.times; rep++) {
      const atMs = spec.atMs + rep * spec.everyMs;
      if (spec.kind === 'kill') {
        if (fleet.workers === 0) continue;
        for (const worker of pickIndices(fleet.workers, spec.workers, random)) {
          actions.push({ atMs, op: 'kill', worker }, { atMs: atMs + spec.forMs, op: 'restart', worker });
        }
        continue;
      }
      if (fleet.devices === 0) continue;
      const devices = pickIndices(fleet.devices, selectedCount(spec.devices, fleet.devices), random);
      actions.push({ atMs, op: 'begin', kind: spec.kind, devices, byMs: spec.byMs, overMs: spec.kind === 'skew' ? spec.forMs : 0 });
      if (HEALS.has(spec.kind)) actions.push({ atMs: atMs + spec.forMs, op: 'heal', kind: spec.kind, devices });
    }
  }
  const order: Record<FaultAction['op'], number> = { heal: 0, restart: 1, kill: 2, begin: 3 };
  return actions.sort((a, b) => a.atMs - b.atMs || order[a.op] - order[b.op]);
}

/** When the last action happens: a run with faults lasts at least this long, so every fault also heals. */
export function planEndMs(actions: readonly FaultAction[]): number {
  return actions.reduce((end, a) => Math.max(end, a.atMs), 0);
}
