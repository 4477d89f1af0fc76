// One synchronised-start trial (issue 6): devices of one area, each with its wall clock off by an injected offset,
// run in this process (so one monotonic clock times them all); an official's bulletin is scheduled a few seconds
// ahead; each device's first frame is timed against the true hub time. The agents correct for their offsets only
// through their time exchange with the hub (syncWithHub), as on a Pi without NTP.
import { loadEnrolment, type AgentEvent } from '@tinnguon/edge-agent';
import { SimDevice } from '../device/sim-device.js';
import { SimClock } from '../faults/sim-clock.js';
import { firstFrameOf, startSpread, type FirstFrame, type StartSpread } from './start-spread.js';

export interface SkewTrialOptions {
  readonly stateDirs: readonly string[];
  readonly offsetsMs: readonly number[];
  readonly hubUrl: string;
  readonly mqttUrl: string;
  /** The hub's clock minus the machine's (a hub started "at 17:35"); 0 for a hub on the real time. */
  readonly hubDeltaMs: number;
  /** Publishes the item for the slot and returns its bulletin id. */
  readonly publish: (slotAt: number) => Promise<string>;
  /** How far ahead the slot is: time for every device to fetch the manifest and the media. */
  readonly leadMs?: number;
  readonly trials?: number;
  readonly timeoutMs?: number;
}

export interface SkewTrialResult extends StartSpread {
  readonly trials: number;
  readonly frames: readonly FirstFrame[];
}

export async function runSkewTrials(o: SkewTrialOptions): Promise<SkewTrialResult> {
  const trueHub = (mono: number): number => performance.timeOrigin + mono + o.hubDeltaMs;
  const wanted = new Set<string>();
  const frames: FirstFrame[] = [];
  const devices = await Promise.all(
    o.stateDirs.map(async (stateDir, index) => {
      const offset = o.offsetsMs[index] ?? 0;
      return new SimDevice({
        index, stateDir, enrolment: await loadEnrolment(stateDir), clock: new SimClock(offset), hubUrl: o.hubUrl, mqttUrl: o.mqttUrl,
        onEvent: (device: SimDevice, event: AgentEvent) => {
          if (event.type === 'firstFrame' && wanted.has(event.bulletinId)) frames.push(firstFrameOf(device.deviceId, offset, event, trueHub));
        },
      });
    }),
  );
  try {
    await Promise.all(devices.map((d) => d.start()));
    await until(() => devices.every((d) => { const s = d.agent?.status(); return s?.connected === true && s.clock.trusted && s.manifestVersion !== null; }), o.timeoutMs ?? 60_000, 'devices online with a trusted clock');
    const trials = o.trials ?? 1;
    for (let i = 0; i < trials; i++) {
      const slotAt = Date.now() + o.hubDeltaMs + (o.leadMs ?? 15_000);
      const id = await o.publish(slotAt);
      wanted.add(id);
      await until(() => frames.filter((f) => f.slotAt === slotAt).length >= devices.length, (o.leadMs ?? 15_000) + (o.timeoutMs ?? 60_000), 'every device to start the item');
    }
    return { ...startSpread(frames), trials, frames };
  } finally {
    await Promise.all(devices.map((d) => d.stop().catch(() => undefined)));
  }
}

async function until(check: () => boolean, ceilingMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ceilingMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
