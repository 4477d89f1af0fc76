// The JSON report at the end of a fleet run: what was asked, what the fleet did, what it cost. Pure.
import type { DeviceReport } from '../device/device-record.js';
import type { EnrolResult } from '../enrol/enrol-fleet.js';
import type { FleetCounts } from './fleet-counts.js';
import type { RoleUsage } from './resource-monitor.js';

export interface FleetReportInput {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly hubUrl: string;
  readonly devices: number;
  readonly workers: number;
  readonly kind: string;
  readonly areas: readonly string[];
  readonly faults: readonly string[];
  readonly faultActions: { readonly planned: number; readonly done: number };
  readonly enrol: Pick<EnrolResult, 'reused' | 'enrolled' | 'enrolPerSec' | 'seconds'>;
  /** From the first agent start to the whole fleet online with a trusted clock and a manifest; null if never. */
  readonly secondsToAllOnline: number | null;
  readonly counts: FleetCounts;
  readonly resources: readonly RoleUsage[];
  readonly problems: readonly string[];
  readonly reports: readonly DeviceReport[];
}

export interface FleetReport {
  readonly tool: 'tinnguon-sim';
  readonly startedAt: string;
  readonly endedAt: string;
  readonly seconds: number;
  readonly hub: string;
  readonly fleet: { readonly devices: number; readonly workers: number; readonly kind: string; readonly areas: readonly string[] };
  readonly enrol: { readonly reused: number; readonly enrolled: number; readonly seconds: number; readonly perSecond: number };
  readonly faults: { readonly spec: readonly string[]; readonly actionsPlanned: number; readonly actionsDone: number };
  readonly secondsToAllOnline: number | null;
  readonly totals: FleetCounts & { readonly connects: number; readonly reboots: number; readonly devicesWithErrors: number };
  readonly plays: Readonly<Record<string, number>>;
  readonly resources: readonly RoleUsage[];
  readonly problems: readonly string[];
  readonly devices: readonly DeviceReport[];
}

const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;

export function buildFleetReport(i: FleetReportInput): FleetReport {
  const plays: Record<string, number> = {};
  for (const d of i.reports) for (const p of d.plays) if (p.attentionTone !== true) plays[p.bulletinId] = (plays[p.bulletinId] ?? 0) + 1;
  return {
    tool: 'tinnguon-sim',
    startedAt: new Date(i.startedAt).toISOString(),
    endedAt: new Date(i.endedAt).toISOString(),
    seconds: round((i.endedAt - i.startedAt) / 1000),
    hub: i.hubUrl,
    fleet: { devices: i.devices, workers: i.workers, kind: i.kind, areas: i.areas },
    enrol: { reused: i.enrol.reused, enrolled: i.enrol.enrolled, seconds: round(i.enrol.seconds), perSecond: round(i.enrol.enrolPerSec) },
    faults: { spec: i.faults, actionsPlanned: i.faultActions.planned, actionsDone: i.faultActions.done },
    secondsToAllOnline: i.secondsToAllOnline === null ? null : round(i.secondsToAllOnline),
    totals: {
      ...i.counts,
      connects: i.reports.reduce((n, d) => n + d.connects, 0),
      reboots: i.reports.reduce((n, d) => n + d.reboots, 0),
      devicesWithErrors: i.reports.filter((d) => d.errors > 0).length,
    },
    plays,
    resources: i.resources,
    problems: i.problems,
    devices: i.reports,
  };
}
