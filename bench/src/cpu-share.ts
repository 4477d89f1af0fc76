// Whether the emergency's median with real agents is held by this machine's cores rather than by waiting. Every
// simulated agent shares the machine's cores with the hub and every other agent, where a field device has a CPU of
// its own. In the emergency's first second the benchmark reads the CPU time the hub and the simulator workers used,
// and how many tones started in it: how busy the cores were, what a started tone cost them on average, and the p50
// that cost gives on these cores. That p50 is an estimate, not a bound: the second's average also carries work that
// follows the first tones (speech downloads begin), so the first half of the tones may cost less. Pure.

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

export interface CpuShare {
  /** Share of the machine's cores the hub and the workers used in the window, 0–1. */
  readonly busyShare: number;
  /** CPU ms, hub and agents together, per tone started in the window. */
  readonly cpuMsPerTone: number;
  /** The time `devices / 2` tones take at that cost on every core. */
  readonly p50EstimateMs: number;
}

export function cpuShare(w: CpuWindow, devices: number): CpuShare {
  const cpuMs = (w.hubCpuS + w.workersCpuS) * 1000;
  const cpuMsPerTone = w.tonesStarted > 0 ? cpuMs / w.tonesStarted : NaN;
  return {
    busyShare: w.wallMs > 0 ? cpuMs / (w.wallMs * w.cores) : NaN,
    cpuMsPerTone,
    p50EstimateMs: (cpuMsPerTone * (devices / 2)) / w.cores,
  };
}
