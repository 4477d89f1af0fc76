// How fast one device may publish (issue 8: a device flooding its up-topics once grew the hub by 800 MiB and
// crashed it). A token bucket: a burst for start-up (status, time samples, a log backlog), then a steady rate far
// above what an agent sends (a heartbeat every 30 s, a log batch per play). Pure: the caller keeps the bucket.

export interface PublishBucket {
  readonly tokens: number;
  /** Monotonic ms of the last refill. */
  readonly at: number;
}

export interface PublishRate {
  readonly perSec: number;
  readonly burst: number;
}

/** Refills by the time passed, then takes one token if there is one. A new device starts with a full burst. */
export function takePublishToken(bucket: PublishBucket | undefined, now: number, rate: PublishRate): { readonly allowed: boolean; readonly bucket: PublishBucket } {
  const refilled = bucket === undefined ? rate.burst : Math.min(rate.burst, bucket.tokens + ((now - bucket.at) * rate.perSec) / 1000);
  return refilled >= 1 ? { allowed: true, bucket: { tokens: refilled - 1, at: now } } : { allowed: false, bucket: { tokens: refilled, at: now } };
}

/** A device cut for flooding may not come back for this long: its reconnect would bring the next flood with it. */
export const FLOOD_COOLDOWN_MS = 10_000;
