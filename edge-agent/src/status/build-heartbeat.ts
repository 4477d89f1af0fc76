// The heartbeat (design.md §7; domain.md: vendors report every 20–60 s): what an official's console shows about a
// device's health. Pure: the reporter gathers the facts, this shapes them to the protocol's schema.
import type { Heartbeat } from '@tinnguon/protocol';

export interface HeartbeatFacts {
  readonly at: number;
  readonly version: string;
  readonly uptimeMs: number;
  readonly volume: number;
  readonly amplifier: Heartbeat['amplifier'];
  readonly power: Heartbeat['power'];
  readonly playing: Heartbeat['playing'];
  readonly queued: number;
  readonly manifestVersion: number;
  readonly clock: Heartbeat['clock'];
  readonly cache: Heartbeat['cache'];
  readonly disk: Heartbeat['disk'];
  readonly temperatureC: number | null;
  readonly pendingLogs: number;
}

const count = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
const finite = (n: number | null): number | null => (n !== null && Number.isFinite(n) ? n : null);

export function buildHeartbeat(f: HeartbeatFacts): Heartbeat {
  const temperature = finite(f.temperatureC);
  return {
    at: Math.floor(f.at),
    version: f.version.slice(0, 32),
    uptimeSec: count(f.uptimeMs / 1000),
    volume: Math.min(100, count(f.volume)),
    amplifier: f.amplifier,
    power: f.power,
    playing: f.playing === null ? null : { ...f.playing, startedAt: Math.floor(f.playing.startedAt) },
    queued: count(f.queued),
    manifestVersion: count(f.manifestVersion),
    clock: { trusted: f.clock.trusted, offsetMs: finite(f.clock.offsetMs), rttMs: f.clock.rttMs === null ? null : Math.max(0, finite(f.clock.rttMs) ?? 0) },
    cache: { files: count(f.cache.files), bytes: count(f.cache.bytes), missing: count(f.cache.missing) },
    disk: { freeBytes: count(f.disk.freeBytes), totalBytes: count(f.disk.totalBytes) },
    temperatureC: temperature === null || temperature < -60 || temperature > 150 ? null : Math.round(temperature * 10) / 10,
    pendingLogs: count(f.pendingLogs),
  };
}
