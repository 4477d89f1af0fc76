// What technician mode reads of one running device: the agent's own status, manifest and unsent journal entries,
// what the simulator saw of it, its faults, and the LED board's frame. Plain data, so it can cross the IPC boundary.
import type { SimDevice } from '../device/sim-device.js';
import type { DeviceInspection } from '../fleet/worker-protocol.js';

export function inspectDevice(device: SimDevice): DeviceInspection {
  const agent = device.agent;
  const png = device.ledFrame();
  return {
    report: device.report(),
    status: agent?.status() ?? null,
    manifest: agent?.manifest ?? null,
    pendingLogs: agent?.parts.journal.pending(50) ?? [],
    clockNow: device.clock.now(),
    clockOffsetMs: Math.round(device.clock.offsetMs()),
    link: { ...device.link },
    diskFull: device.disk.full,
    ...(png === undefined ? {} : { ledPng: png.toString('base64') }),
  };
}
