// When to try the hub again after the MQTT link failed: one pure decision over what the failure says about the hub.
//
// Exponential full jitter (backoff.ts) exists to protect an overloaded hub. A refused TCP connection (ECONNREFUSED:
// nothing listens, the hub is restarting) costs the hub nothing, and doubling the wait through a restart left devices
// asleep 8–16 s after the hub was back (issue 8, bench `reconnect`: 10,000 devices all back ≤ 20 s). So:
// - refused, or reset before any CONNACK (the hub process went away mid-handshake; an overloaded but living hub
//   answers CONNACK 3 or is slow, it does not reset) → a short jittered retry, uniform in [0.5, 1.5) × refusedRetryMs,
//   but only within refusedWindowMs of the link last being up, so a device on a metered cellular link does not retry
//   every second for hours against a dead hub;
// - anything that may mean overload (connect or CONNACK timeout, CONNACK 3 "server unavailable", the connection
//   closed before CONNACK without a reset, which the broker's own connect timeout does) → the exponential full jitter,
//   and no more short retries until the link is up again: a hub that has once said "busy" is not hurried;
// - credentials or identity refused (CONNACK 1, 2, 4, 5) and anything else → the exponential full jitter too.
// Short retries do not advance the exponential step, so the first sign of overload after a restart starts at the
// base delay, not at a step the restart's refusals ran up.
import { fullJitterDelay, type BackoffPolicy } from './backoff.js';

/** What one failed or ended connection says about the hub. */
export type LinkFailure =
  /** An established session ended (network, keepalive, the broker gone). */
  | 'lost'
  /** TCP connection refused: nothing listens on the port. */
  | 'refused'
  /** TCP reset before CONNACK. */
  | 'reset'
  /** No TCP connection or no CONNACK within the connect timeout. */
  | 'timeout'
  /** CONNACK 3, server unavailable: the hub's connect gate is full. */
  | 'busy'
  /** The connection closed before CONNACK without a reset. */
  | 'closed'
  /** CONNACK 1, 2, 4 or 5: protocol, identifier or credentials refused. */
  | 'rejected'
  /** Anything else (DNS, TLS, a refused subscription, a publish that failed after CONNACK). */
  | 'other';

/** The short schedule's defaults (agent config `link.refusedRetryMs`, `link.refusedWindowMs`). */
export const REFUSED_RETRY_DEFAULTS = Object.freeze({ refusedRetryMs: 1000, refusedWindowMs: 60_000 });

export interface ReconnectPolicy extends BackoffPolicy {
  /** Centre of the short retry after a refused connection. */
  readonly refusedRetryMs: number;
  /** How long after the link was last up refused connections are retried on the short schedule; 0 never. */
  readonly refusedWindowMs: number;
}

/** One outage of the link: from the moment it went down (or the first try) until it is up again. */
export interface Outage {
  /** When the link was last up, or when the first try began. */
  readonly since: number;
  /** Exponential steps taken in this outage: the next exponential delay is full jitter at this step. */
  readonly steps: number;
  /** A sign of overload was seen in this outage. */
  readonly overloaded: boolean;
}

export interface ReconnectDecision {
  readonly delayMs: number;
  readonly schedule: 'short' | 'exponential';
  /** The outage after this failure, to pass to the next decision. */
  readonly outage: Outage;
}

const SHORT_FAILURES: ReadonlySet<LinkFailure> = new Set(['refused', 'reset']);
const OVERLOAD_FAILURES: ReadonlySet<LinkFailure> = new Set(['timeout', 'busy', 'closed']);

/** A new outage starting at `now` (the link just went down, or the first try). */
export function outageSince(now: number): Outage {
  return { since: now, steps: 0, overloaded: false };
}

/**
 * The wait before the next try after `failure`, given the outage so far. A 'lost' link begins a new outage at `now`
 * (its first retry is the exponential first step, uniform in [0, baseMs): thousands of devices lose a restarting hub
 * at the same instant and must not come back at the same instants). `random` returns [0, 1) like Math.random.
 */
export function reconnectDelay(failure: LinkFailure, outage: Outage, now: number, policy: ReconnectPolicy, random: () => number = Math.random): ReconnectDecision {
  const current = failure === 'lost' ? outageSince(now) : outage;
  const overloaded = current.overloaded || OVERLOAD_FAILURES.has(failure);
  // A clock stepped back during the outage must not hold the short schedule open: a negative elapsed time is outside.
  const elapsed = now - current.since;
  const inWindow = elapsed >= 0 && elapsed < policy.refusedWindowMs;
  if (SHORT_FAILURES.has(failure) && !overloaded && inWindow) {
    return { delayMs: Math.floor((0.5 + unit(random)) * policy.refusedRetryMs), schedule: 'short', outage: current };
  }
  return {
    delayMs: fullJitterDelay(current.steps, policy, random),
    schedule: 'exponential',
    outage: { since: current.since, steps: current.steps + 1, overloaded },
  };
}

/** [0, 1) from a random source that may misbehave (NaN, out of range): never a wait without end. */
function unit(random: () => number): number {
  const r = random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
}

/** CONNACK return codes of MQTT 3.1.1 (§3.2.2.3): 3 is the broker's "try later"; the rest will not change by waiting. */
export function connackFailure(returnCode: number): LinkFailure {
  return returnCode === 3 ? 'busy' : 'rejected';
}

/**
 * Reads the failure kind from a connect error and its causes: a Node socket error code (ECONNREFUSED, ECONNRESET,
 * EPIPE, ETIMEDOUT), or MQTT.js's CONNACK refusal (a numeric `code`, its return code). A transport that knows better
 * can set `linkFailure` on the error.
 */
export function linkFailureOf(err: unknown): LinkFailure {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const marked = (e as { linkFailure?: unknown }).linkFailure;
    if (typeof marked === 'string' && KINDS.has(marked as LinkFailure)) return marked as LinkFailure;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && code > 0) return connackFailure(code);
    if (code === 'ECONNREFUSED') return 'refused';
    if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
    if (code === 'ETIMEDOUT') return 'timeout';
  }
  return 'other';
}

const KINDS: ReadonlySet<LinkFailure> = new Set(['lost', 'refused', 'reset', 'timeout', 'busy', 'closed', 'rejected', 'other']);
