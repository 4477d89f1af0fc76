// The NTP-style exchange over the time topics (protocol messages.ts): the device stamps t0 on send and t3 on arrival
// in its own monotonic time base, the hub stamps t1 on receipt and t2 on reply. RFC 5905 §8 gives the offset and the
// round trip; the sample with the lowest round trip has the least asymmetric queuing in it, so it is the one kept.

export interface TimeSample {
  /** Hub time minus device monotonic time at the same instant. */
  readonly offsetMs: number;
  readonly rttMs: number;
  /** Device monotonic time when the reply arrived. */
  readonly at: number;
}

/** The sample from one exchange, or undefined when the stamps cannot come from one (a negative round trip). */
export function sampleOf(t0: number, t1: number, t2: number, t3: number): TimeSample | undefined {
  const rttMs = t3 - t0 - (t2 - t1);
  if (![t0, t1, t2, t3].every(Number.isFinite) || t2 < t1 || t3 < t0 || rttMs < 0) return undefined;
  return { offsetMs: (t1 - t0 + (t2 - t3)) / 2, rttMs, at: t3 };
}

/** The sample with the lowest round trip; the later one when two tie. */
export function bestSample(samples: readonly TimeSample[]): TimeSample | undefined {
  let best: TimeSample | undefined;
  for (const s of samples) if (best === undefined || s.rttMs <= best.rttMs) best = s;
  return best;
}

/**
 * RFC 5905 §7.3 (PHI): how fast an offset measured once loses accuracy as the two oscillators drift apart, 15 ppm.
 * A sample's error bound is half its round trip (all queuing on one leg) plus this for every ms since it was taken.
 */
export const DRIFT_PER_MS = 15e-6;

/** Pure: the most a sample's offset can be wrong by at monotonic time `now`. */
export function errorBound(sample: TimeSample, now: number): number {
  return sample.rttMs / 2 + Math.max(0, now - sample.at) * DRIFT_PER_MS;
}

/**
 * Pure: the sample to keep after a new round. A round taken while the link or the CPU is busy has long round trips;
 * replacing a recent sample that was better would move every speaker of the area off the others by up to half that
 * round trip, just before a slot (a re-sync follows each doorbell). So the one with the smaller error bound now is
 * kept, unless the two cannot both be right (their offsets differ by more than both bounds): then the hub's clock
 * was stepped, and the new sample is the truth.
 */
export function preferredSample(current: TimeSample | undefined, candidate: TimeSample, now: number): TimeSample {
  if (current === undefined) return candidate;
  const held = errorBound(current, now);
  const fresh = errorBound(candidate, now);
  const consistent = Math.abs(candidate.offsetMs - current.offsetMs) <= held + fresh;
  return consistent && held < fresh ? current : candidate;
}
