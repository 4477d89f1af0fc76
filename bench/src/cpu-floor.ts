// Whether the emergency's median with real agents is bounded by this machine's cores rather than by our code. Every
// simulated agent shares the machine's cores with the hub and every other agent, where a field device has a CPU of
// its own. In the emergency's first second the benchmark reads the CPU time the hub and the simulator workers used,
// and how many tones started in it; at that cost per tone, half the fleet's tones need at least the floor computed
// here, however the work is scheduled. Pure.

export interface CpuWindow {
  /** Wall time of the window, ms (publish → the second sample). */
  readonly wallMs: number;
  /** CPU seconds in the window: the hub, and all simulator workers together. */
  readonly hubCpuS: number;
  readonly workersCpuS: number;
  /** Tones (first frames) that started inside the window. */
  readonly tonesStarted: number;
  readonly cores: number;
}

export interface CpuFloor {
  /** Share of the machine's cores the hub and the workers used in the window, 0–1. */
  readonly busyShare: number;
  /** CPU ms, hub and agents together, per tone started in the window. */
  readonly cpuMsPerTone: number;
  /** The least time in which `devices / 2` tones can start at that cost on every core. */
  readonly p50FloorMs: number;
}

export function cpuFloor(w: CpuWindow, devices: number): CpuFloor {
  const cpuMs = (w.hubCpuS + w.workersCpuS) * 1000;
  const cpuMsPerTone = w.tonesStarted > 0 ? cpuMs / w.tonesStarted : NaN;
  return {
    busyShare: w.wallMs > 0 ? cpuMs / (w.wallMs * w.cores) : NaN,
    cpuMsPerTone,
    p50FloorMs: (cpuMsPerTone * (devices / 2)) / w.cores,
  };
}
