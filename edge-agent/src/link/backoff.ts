// Reconnect delays. Full jitter ("Exponential Backoff and Jitter", AWS Architecture Blog, 2015): a uniformly random
// wait up to the exponential cap. When a hub restarts, thousands of devices lose it at the same instant; without
// jitter they would all come back at the same instants too and knock it over again.

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** The cap for a 0-based attempt: min(maxMs, baseMs · 2^attempt). */
export function backoffCap(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 52);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** How long to wait before the given (0-based) retry: uniform in [0, cap). `random` returns [0, 1) like Math.random. */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(unit * backoffCap(attempt, policy));
}
