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
