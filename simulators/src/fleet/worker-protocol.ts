// Messages between the fleet runner and its worker processes (node IPC, structured clone of JSON). Checked on the
// way in like everything that crosses a process boundary (design.md §2); a message that fails is refused with
// SIM_ERR_WORKER_MESSAGE rather than half-understood.
import type { AgentStatus } from '@tinnguon/edge-agent';
import type { Manifest, PlaybackLog } from '@tinnguon/protocol';
import type { DeviceReport } from '../device/device-record.js';
import type { FaultAction } from '../faults/fault-plan.js';
import type { LinkFaultState } from '../faults/link-faults.js';
import type { DeviceHostOptions } from '../host/device-host.js';
import type { FleetCounts } from './fleet-counts.js';

/** Everything a worker needs to run its share of the fleet: DeviceHostOptions without the callbacks. */
export type WorkerStart = Omit<DeviceHostOptions, 'onEvent' | 'onLogsSent' | 'sleep'> & { readonly countsEveryMs: number };

/** What technician mode shows of one device. */
export interface DeviceInspection {
  readonly report: DeviceReport;
  readonly status: AgentStatus | null;
  readonly manifest: Manifest | null;
  readonly pendingLogs: readonly PlaybackLog[];
  readonly clockNow: number;
  readonly clockOffsetMs: number;
  readonly link: LinkFaultState;
  readonly diskFull: boolean;
  /** PNG of the LED board's current frame, base64. */
  readonly ledPng?: string;
}

export type RequestOp = 'reports' | 'inspect' | 'resync' | 'counts';

export type ToWorker =
  | { readonly type: 'start'; readonly start: WorkerStart }
  | { readonly type: 'fault'; readonly action: FaultAction }
  | { readonly type: 'request'; readonly id: number; readonly op: RequestOp; readonly index?: number }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'started' }
  | { readonly type: 'counts'; readonly counts: FleetCounts }
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly type: 'stopped'; readonly reports: readonly DeviceReport[] }
  | { readonly type: 'failed'; readonly error: string };

const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown): v is number => Number.isSafeInteger(v);
const OPS: readonly string[] = ['reports', 'inspect', 'resync', 'counts'];
const FAULT_OPS: readonly string[] = ['begin', 'heal', 'kill', 'restart'];

function isFaultAction(v: unknown): v is FaultAction {
  if (!obj(v) || typeof v.op !== 'string' || !FAULT_OPS.includes(v.op) || typeof v.atMs !== 'number') return false;
  if (v.op === 'kill' || v.op === 'restart') return int(v.worker);
  return typeof v.kind === 'string' && Array.isArray(v.devices) && v.devices.every(int);
}

function isWorkerStart(v: unknown): v is WorkerStart {
  return (
    obj(v) && Array.isArray(v.devices) && v.devices.every((d) => obj(d) && int(d.index) && typeof d.stateDir === 'string') &&
    typeof v.proxy === 'boolean' && typeof v.trustWallClock === 'boolean' && typeof v.realtime === 'boolean' &&
    typeof v.clockOffsetMs === 'number' && typeof v.rampPerSec === 'number' && int(v.seed) && int(v.countsEveryMs)
  );
}

/** The runner's message, checked; undefined when it is not one. */
export function toWorker(v: unknown): ToWorker | undefined {
  if (!obj(v)) return undefined;
  switch (v.type) {
    case 'start':
      return isWorkerStart(v.start) ? (v as ToWorker) : undefined;
    case 'fault':
      return isFaultAction(v.action) ? (v as ToWorker) : undefined;
    case 'request':
      return int(v.id) && typeof v.op === 'string' && OPS.includes(v.op) && (v.index === undefined || int(v.index)) ? (v as ToWorker) : undefined;
    case 'stop':
      return v as ToWorker;
    default:
      return undefined;
  }
}

/** A worker's message, checked; undefined when it is not one. */
export function fromWorker(v: unknown): FromWorker | undefined {
  if (!obj(v)) return undefined;
  switch (v.type) {
    case 'started':
      return v as FromWorker;
    case 'counts':
      return obj(v.counts) && int(v.counts.devices) ? (v as FromWorker) : undefined;
    case 'response':
      return int(v.id) && typeof v.ok === 'boolean' && (v.ok || typeof v.error === 'string') ? (v as FromWorker) : undefined;
    case 'stopped':
      return Array.isArray(v.reports) ? (v as FromWorker) : undefined;
    case 'failed':
      return typeof v.error === 'string' ? (v as FromWorker) : undefined;
    default:
      return undefined;
  }
}
