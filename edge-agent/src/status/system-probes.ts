// Readings of the board itself for the heartbeat, each behind one function so simulators pass fixed values. A missing
// or unreadable file gives "unknown" (null), never an error: a heartbeat must go out whatever the hardware.
import { readFile, statfs } from 'node:fs/promises';
import type { Heartbeat } from '@tinnguon/protocol';

export interface SystemProbes {
  disk(): Promise<Heartbeat['disk']>;
  temperatureC(): Promise<number | null>;
  power(): Promise<Heartbeat['power']>;
}

export interface SystemProbeOptions {
  readonly stateDir: string;
  /** e.g. /sys/class/thermal/thermal_zone0/temp (millidegrees). */
  readonly temperaturePath?: string;
  /** sysfs GPIO value of a mains-sense input. */
  readonly powerSensePath?: string;
  readonly powerActiveLow?: boolean;
}

export function systemProbes(o: SystemProbeOptions): SystemProbes {
  return {
    async disk() {
      try {
        const s = await statfs(o.stateDir);
        return { freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
      } catch {
        return { freeBytes: 0, totalBytes: 0 };
      }
    },
    async temperatureC() {
      if (o.temperaturePath === undefined) return null;
      const raw = Number((await readFile(o.temperaturePath, 'utf8').catch(() => '')).trim());
      return raw === 0 || !Number.isFinite(raw) ? null : raw / 1000;
    },
    async power() {
      if (o.powerSensePath === undefined) return 'unknown';
      const raw = (await readFile(o.powerSensePath, 'utf8').catch(() => '')).trim();
      if (raw !== '0' && raw !== '1') return 'unknown';
      return (raw === '1') !== (o.powerActiveLow ?? false) ? 'mains' : 'lost';
    },
  };
}

/** Fixed readings for virtual devices. */
export const virtualProbes: SystemProbes = {
  disk: () => Promise.resolve({ freeBytes: 8 * 1024 ** 3, totalBytes: 16 * 1024 ** 3 }),
  temperatureC: () => Promise.resolve(null),
  power: () => Promise.resolve('unknown'),
};
