// The agent's slow housekeeping on one timer: watch the wall clock for jumps (design.md §11), take a fresh time sample
// now and then (crystals drift, a few ms per hour), and compact the replay store hourly.
import type { AgentTimers } from './agent-timers.js';

export interface MaintenanceOptions {
  readonly timers: AgentTimers;
  readonly resyncMs: number;
  /** Step since the last check, 0 when none. */
  readonly detectJump: () => number;
  readonly onJump: (stepMs: number) => void;
  readonly resyncClock: () => void;
  readonly compact: () => void;
  readonly everyMs?: number;
}

export interface Maintenance {
  stop(): void;
}

const COMPACT_EVERY_MS = 3600_000;

export function runMaintenance(o: MaintenanceOptions): Maintenance {
  const every = o.everyMs ?? 10_000;
  let sinceResync = 0;
  let sinceCompact = 0;
  let timer: unknown;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    const step = o.detectJump();
    if (step !== 0) o.onJump(step);
    sinceResync += every;
    sinceCompact += every;
    if (sinceResync >= o.resyncMs) {
      sinceResync = 0;
      o.resyncClock();
    }
    if (sinceCompact >= COMPACT_EVERY_MS) {
      sinceCompact = 0;
      o.compact();
    }
    timer = o.timers.setTimeout(tick, every);
  };
  timer = o.timers.setTimeout(tick, every);
  return {
    stop() {
      running = false;
      o.timers.clearTimeout(timer);
    },
  };
}
