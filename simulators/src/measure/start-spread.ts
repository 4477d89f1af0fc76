// Synchronised start (issue 6; Điều 10 scheduled items): how far apart the speakers of one area begin the same item.
// Each device's wall clock is off by an injected offset; the agent corrects with its NTP-style exchange with the hub.
// What a listener hears is the content's position, so a device that begins late *at the matching offset into the
// audio* is in step: the error of one device is (true hub time of its first frame − its start offset) − slot time.
import type { AgentEvent } from '@tinnguon/edge-agent';

export interface FirstFrame {
  readonly deviceId: string;
  /** The device's injected wall-clock offset, for the report. */
  readonly clockOffsetMs: number;
  /** True hub time of the first frame at the sink (the harness's clock, not the device's). */
  readonly trueHubAt: number;
  readonly slotAt: number;
  readonly startOffsetMs: number;
}

export interface StartSpread {
  readonly devices: number;
  /** Per device, ms: content position error against the slot (positive: behind). */
  readonly errorsMs: readonly number[];
  /** Distance of each device from the area's median, ms: what two neighbouring speakers disagree by, halved. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Latest minus earliest device. */
  readonly spreadMs: number;
  /** What the spread would have been had every device trusted its own wall clock. */
  readonly uncorrectedSpreadMs: number;
}

export function firstFrameOf(deviceId: string, clockOffsetMs: number, event: Extract<AgentEvent, { type: 'firstFrame' }>, monoToTrueHub: (mono: number) => number): FirstFrame {
  return { deviceId, clockOffsetMs, trueHubAt: monoToTrueHub(event.mono), slotAt: event.slotAt, startOffsetMs: event.startOffsetMs };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function startSpread(frames: readonly FirstFrame[]): StartSpread {
  const errorsMs = frames.map((f) => f.trueHubAt - f.startOffsetMs - f.slotAt);
  const sorted = [...errorsMs].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const deviations = errorsMs.map((e) => Math.abs(e - median)).sort((a, b) => a - b);
  const offsets = frames.map((f) => f.clockOffsetMs);
  return {
    devices: frames.length,
    errorsMs,
    p50Ms: quantile(deviations, 0.5),
    p99Ms: quantile(deviations, 0.99),
    spreadMs: sorted.length === 0 ? 0 : sorted[sorted.length - 1]! - sorted[0]!,
    uncorrectedSpreadMs: offsets.length === 0 ? 0 : Math.max(...offsets) - Math.min(...offsets),
  };
}

/** `count` offsets evenly from −`maxMs` to +`maxMs` (±200 ms in issue 6). */
export function spreadOffsets(count: number, maxMs: number): number[] {
  if (count <= 1) return [0];
  return Array.from({ length: count }, (_, i) => Math.round(-maxMs + (2 * maxMs * i) / (count - 1)));
}
