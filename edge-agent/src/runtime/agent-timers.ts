// Timers behind a small interface (style.md §5; MQTT.js get-timer.ts) so tests and simulators can drive them.
export interface AgentTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Node warns and fires at once past 2^31-1 ms; callers re-arm long waits themselves.
const MAX_DELAY_MS = 2 ** 31 - 1;

export const systemTimers: AgentTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, Math.min(ms, MAX_DELAY_MS))),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
