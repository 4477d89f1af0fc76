// Enrols a fleet as technicians would, one device at a time but many at once: an official's call creates the device
// and its one-time code (admin token), then the agent's own enrolment exchanges the code and keeps the credentials
// in the device's state directory (edge-agent enrolWithHub + saveEnrolment). A state directory that already holds a
// matching enrolment is reused, so a restarted fleet comes back as the same devices.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { agentVersion, enrolWithHub, loadEnrolment, saveEnrolment, type Enrolment } from '@tinnguon/edge-agent';
import { SimError } from '../errors.js';
import type { HostDevice } from '../host/device-host.js';
import type { PlannedDevice } from './fleet-plan.js';
import type { HubClient } from './hub-client.js';

export interface EnrolProgress {
  readonly total: number;
  readonly reused: number;
  readonly enrolled: number;
  readonly failed: number;
}

export interface EnrolFleetOptions {
  readonly client: Pick<HubClient, 'createDevice' | 'deviceActive'>;
  readonly hubUrl: string;
  readonly stateRoot: string;
  readonly plan: readonly PlannedDevice[];
  /** Devices enrolled at once. */
  readonly concurrency?: number;
  /** Ask the hub whether a reused device is still active (a reset hub forgets them). */
  readonly verify?: boolean;
  readonly onProgress?: (progress: EnrolProgress) => void;
  readonly enrol?: (hubUrl: string, code: string) => Promise<Enrolment>;
}

export interface EnrolResult {
  readonly devices: HostDevice[];
  readonly reused: number;
  readonly enrolled: number;
  /** Fresh enrolments per second (create + exchange + save), over the time spent enrolling. */
  readonly enrolPerSec: number;
  readonly seconds: number;
}

export function deviceDir(stateRoot: string, index: number): string {
  return join(stateRoot, 'devices', `d${String(index).padStart(5, '0')}`);
}

const defaultEnrol = (hubUrl: string, code: string): Promise<Enrolment> => enrolWithHub({ hubUrl, code, agentVersion: agentVersion(), hardware: 'tinnguon-sim' });

function matches(enrolment: Enrolment, planned: PlannedDevice): boolean {
  return enrolment.kind === planned.kind && enrolment.areaChain[enrolment.areaChain.length - 1] === planned.areaCode;
}

export async function enrolFleet(o: EnrolFleetOptions): Promise<EnrolResult> {
  const enrol = o.enrol ?? defaultEnrol;
  const progress = { total: o.plan.length, reused: 0, enrolled: 0, failed: 0 };
  const problems: string[] = [];
  const started = performance.now();
  let next = 0;
  const one = async (planned: PlannedDevice): Promise<void> => {
    const dir = deviceDir(o.stateRoot, planned.index);
    const existing = await loadEnrolment(dir).catch(() => undefined);
    if (existing !== undefined && matches(existing, planned) && (o.verify !== true || (await o.client.deviceActive(existing.deviceId)))) {
      progress.reused++;
      return;
    }
    // Another device's journal, cache or replay store must never be taken over by a new enrolment.
    await rm(dir, { recursive: true, force: true });
    const { enrolmentCode } = await o.client.createDevice({ kind: planned.kind, areaCode: planned.areaCode, name: planned.name });
    await saveEnrolment(dir, await enrol(o.hubUrl, enrolmentCode));
    progress.enrolled++;
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const planned = o.plan[next++];
      if (planned === undefined) return;
      try {
        await one(planned);
      } catch (err) {
        progress.failed++;
        problems.push(`#${planned.index}: ${err instanceof Error ? err.message : String(err)}`);
      }
      o.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 16, o.plan.length)) }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  if (problems.length > 0) {
    throw new SimError('SIM_ERR_HUB_REFUSED', `${problems.length}/${o.plan.length} thiết bị không đăng ký được / devices failed to enrol: ${problems.slice(0, 5).join('; ')}`);
  }
  return {
    devices: o.plan.map((p) => ({ index: p.index, stateDir: deviceDir(o.stateRoot, p.index) })),
    reused: progress.reused,
    enrolled: progress.enrolled,
    enrolPerSec: progress.enrolled === 0 ? 0 : progress.enrolled / seconds,
    seconds,
  };
}
