// Inclusive ranges of sequence numbers: what the hub acknowledged (design.md §8) or the journal dropped.

export type SeqRange = readonly [from: number, to: number];

/** Sorted, with overlapping and adjacent ranges merged. */
export function mergeRanges(ranges: readonly SeqRange[]): SeqRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** `merged` as returned by mergeRanges. */
export function inRanges(merged: readonly SeqRange[], seq: number): boolean {
  let lo = 0;
  let hi = merged.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const range = merged[mid];
    if (range === undefined) return false;
    if (seq < range[0]) hi = mid - 1;
    else if (seq > range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Runs of consecutive numbers in an ascending list. */
export function runsOf(sorted: readonly number[]): SeqRange[] {
  const runs: [number, number][] = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  return runs;
}

/** The parts of [lo, hi] not in the ascending list `kept`. */
export function gapsIn(kept: readonly number[], lo: number, hi: number): SeqRange[] {
  const gaps: SeqRange[] = [];
  let next = lo;
  for (const n of kept) {
    if (n > hi) break;
    if (n > next) gaps.push([next, n - 1]);
    if (n >= next) next = n + 1;
  }
  if (next <= hi) gaps.push([next, hi]);
  return gaps;
}
