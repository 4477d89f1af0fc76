// Sign-in throttling (issue 4): a token bucket per key — per account, per IP address. The bucket arithmetic is a pure
// function; the store is a Map with an injected clock, because one hub process serves one province (design.md §14).

export interface BucketPolicy {
  /** Attempts allowed in a burst. */
  readonly capacity: number;
  /** One attempt comes back every this many milliseconds. */
  readonly refillEveryMs: number;
}

export interface BucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

export interface BucketDecision {
  readonly allowed: boolean;
  readonly state: BucketState;
  /** When refused: how long until one attempt is available again. */
  readonly retryAfterMs: number;
}

/** The bucket as it stands at `now`, refilled for the time passed (a clock that went backwards refills nothing). */
export function refill(state: BucketState | undefined, policy: BucketPolicy, now: number): BucketState {
  if (state === undefined) return { tokens: policy.capacity, updatedAt: now };
  const elapsed = Math.max(0, now - state.updatedAt);
  return { tokens: Math.min(policy.capacity, state.tokens + elapsed / policy.refillEveryMs), updatedAt: Math.max(now, state.updatedAt) };
}

/** Takes one attempt if there is one. Pure. */
export function takeToken(state: BucketState | undefined, policy: BucketPolicy, now: number): BucketDecision {
  const current = refill(state, policy, now);
  if (current.tokens >= 1) return { allowed: true, state: { ...current, tokens: current.tokens - 1 }, retryAfterMs: 0 };
  return { allowed: false, state: current, retryAfterMs: Math.ceil((1 - current.tokens) * policy.refillEveryMs) };
}

/** Whether an attempt would be allowed, without taking it. Pure. */
export function peekToken(state: BucketState | undefined, policy: BucketPolicy, now: number): BucketDecision {
  const current = refill(state, policy, now);
  return current.tokens >= 1
    ? { allowed: true, state: current, retryAfterMs: 0 }
    : { allowed: false, state: current, retryAfterMs: Math.ceil((1 - current.tokens) * policy.refillEveryMs) };
}

/**
 * Per IP: 20 attempts at once, then one every 30 s — enough for an office behind one NAT address, useless for
 * password spraying. Per account: 5 wrong passwords, then one every 5 minutes, so guessing one password takes years.
 */
export const SIGN_IN_LIMITS = Object.freeze({
  ip: { capacity: 20, refillEveryMs: 30_000 } satisfies BucketPolicy,
  account: { capacity: 5, refillEveryMs: 5 * 60_000 } satisfies BucketPolicy,
});

export class RateLimiter {
  readonly #policy: BucketPolicy;
  readonly #now: () => number;
  readonly #buckets = new Map<string, BucketState>();
  readonly #maxKeys: number;

  constructor(policy: BucketPolicy, now: () => number = Date.now, maxKeys = 100_000) {
    this.#policy = policy;
    this.#now = now;
    this.#maxKeys = maxKeys;
  }

  /** Takes one attempt for `key`; refused when the bucket is empty. */
  take(key: string): BucketDecision {
    const decision = takeToken(this.#buckets.get(key), this.#policy, this.#now());
    this.#store(key, decision.state);
    return decision;
  }

  peek(key: string): BucketDecision {
    return peekToken(this.#buckets.get(key), this.#policy, this.#now());
  }

  /** A successful sign-in forgives the account's earlier mistakes. */
  reset(key: string): void {
    this.#buckets.delete(key);
  }

  get size(): number {
    return this.#buckets.size;
  }

  #store(key: string, state: BucketState): void {
    this.#buckets.set(key, state);
    if (this.#buckets.size <= this.#maxKeys) return;
    // A flood of distinct keys must not grow memory without bound: full buckets carry no information, drop them.
    const now = this.#now();
    for (const [k, s] of this.#buckets) {
      if (refill(s, this.#policy, now).tokens >= this.#policy.capacity) this.#buckets.delete(k);
    }
    // Still too many (a flood right now): forget the oldest half; at worst an attacker regains a few attempts.
    if (this.#buckets.size > this.#maxKeys) {
      let drop = Math.floor(this.#buckets.size / 2);
      for (const k of this.#buckets.keys()) {
        if (drop-- <= 0) break;
        this.#buckets.delete(k);
      }
    }
  }
}
