// The fleet at a glance: each worker counts its devices' snapshots, the runner adds the workers' counts up. Pure.
import type { DeviceSnapshot, LogRecord } from '../device/device-record.js';

export interface FleetCounts {
  readonly devices: number;
  readonly started: number;
  readonly online: number;
  readonly trusted: number;
  readonly manifest: number;
  readonly playing: number;
  readonly queued: number;
  readonly downloading: number;
  /** Devices whose cache holds at least one file and misses none (a loudspeaker: its pinned tone at least). */
  readonly cached: number;
  readonly pendingLogs: number;
  readonly plays: number;
  readonly logsSent: number;
  readonly errors: number;
  readonly lastLog?: { readonly deviceId: string; readonly at: number; readonly log: LogRecord };
  readonly lastError?: { readonly deviceId: string; readonly message: string };
}

export const NO_DEVICES: FleetCounts = Object.freeze({
  devices: 0, started: 0, online: 0, trusted: 0, manifest: 0, playing: 0, queued: 0, downloading: 0, cached: 0, pendingLogs: 0, plays: 0, logsSent: 0, errors: 0,
});

const SUMMED = ['devices', 'started', 'online', 'trusted', 'manifest', 'playing', 'queued', 'downloading', 'cached', 'pendingLogs', 'plays', 'logsSent', 'errors'] as const;

/** `idOf` names a device by its snapshot index. */
export function countSnapshots(snaps: readonly DeviceSnapshot[], idOf: (index: number) => string): FleetCounts {
  const out = { ...NO_DEVICES } as { -readonly [K in keyof FleetCounts]: FleetCounts[K] };
  let lastErrorIndex: number | undefined;
  for (const s of snaps) {
    out.devices++;
    if (s.started) out.started++;
    if (s.online) out.online++;
    if (s.trusted) out.trusted++;
    if (s.manifest) out.manifest++;
    if (s.playing) out.playing++;
    if (s.downloading) out.downloading++;
    if (s.cached) out.cached++;
    out.queued += s.queued;
    out.pendingLogs += s.pendingLogs;
    out.plays += s.plays;
    out.logsSent += s.logsSent;
    out.errors += s.errors;
    if (s.lastLog !== undefined && s.lastLogAt !== undefined && (out.lastLog === undefined || s.lastLogAt > out.lastLog.at)) {
      out.lastLog = { deviceId: idOf(s.index), at: s.lastLogAt, log: s.lastLog };
    }
    if (s.lastError !== undefined) lastErrorIndex = s.index;
  }
  const errorSnap = lastErrorIndex === undefined ? undefined : snaps.find((s) => s.index === lastErrorIndex);
  if (errorSnap?.lastError !== undefined) out.lastError = { deviceId: idOf(errorSnap.index), message: errorSnap.lastError };
  return out;
}

export function mergeCounts(parts: readonly FleetCounts[]): FleetCounts {
  const out = { ...NO_DEVICES } as { -readonly [K in keyof FleetCounts]: FleetCounts[K] };
  for (const p of parts) {
    for (const key of SUMMED) out[key] += p[key];
    if (p.lastLog !== undefined && (out.lastLog === undefined || p.lastLog.at > out.lastLog.at)) out.lastLog = p.lastLog;
    if (p.lastError !== undefined) out.lastError = p.lastError;
  }
  return out;
}
