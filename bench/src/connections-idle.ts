// What `connections` judges: the hub's RSS while its devices sit idle, not the moment after they connected.
// Issue 8 asks how many *idle* devices one hub holds (connected, subscribed, pinging). Seconds after a connect storm
// V8's heap still holds the storm's garbage (CONNECT parsing, credential reads, SUBACKs, retained presence), which
// the hub collects on its own over the following keep-alive rounds; a figure taken then measures the storm. So the
// benchmark samples RSS through an idle period that covers several keep-alive rounds and judges the median of its
// last part, the level the hub settles at, while still reporting the peak and the early figure.

export interface RssSample {
  /** Milliseconds since the last device was connected and subscribed. */
  readonly atMs: number;
  readonly rssMiB: number;
}

export interface IdleSummary {
  /** The first sample at or after `earlyMs` (the figure earlier sessions reported). */
  readonly earlyMiB: number;
  readonly peakMiB: number;
  /** Median of the samples in the settled window (the last `settledMs` of the period). */
  readonly settledMiB: number;
  readonly settledSamples: number;
}

/** Summarises an idle period's RSS samples; NaN figures when there are none. */
export function summariseIdle(samples: readonly RssSample[], earlyMs: number, settledMs: number): IdleSummary {
  if (samples.length === 0) return { earlyMiB: NaN, peakMiB: NaN, settledMiB: NaN, settledSamples: 0 };
  const ordered = [...samples].sort((a, b) => a.atMs - b.atMs);
  const last = ordered[ordered.length - 1]!.atMs;
  const settled = ordered.filter((s) => s.atMs >= last - settledMs).map((s) => s.rssMiB);
  return {
    earlyMiB: (ordered.find((s) => s.atMs >= earlyMs) ?? ordered[ordered.length - 1]!).rssMiB,
    peakMiB: Math.max(...ordered.map((s) => s.rssMiB)),
    settledMiB: median(settled),
    settledSamples: settled.length,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Projection {
  /** RSS each held connection adds to the enrolled hub, KiB. */
  readonly perConnectionKiB: number;
  /** Enrolled hub + `target` connections at that rate, MiB. */
  readonly projectedMiB: number;
}

/** Linear projection from `open` held connections to `target`; RSS grows with connections, not with time. */
export function projectRss(heldMiB: number, enrolledMiB: number, open: number, target: number): Projection {
  if (open <= 0 || !Number.isFinite(heldMiB) || !Number.isFinite(enrolledMiB)) return { perConnectionKiB: NaN, projectedMiB: NaN };
  const perConnectionKiB = ((heldMiB - enrolledMiB) * 1024) / open;
  return { perConnectionKiB, projectedMiB: enrolledMiB + (perConnectionKiB * target) / 1024 };
}
