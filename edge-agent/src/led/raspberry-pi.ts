// The kernel names the board in the device tree; only a Raspberry Pi has the GPIO block `rpi-led-matrix` pokes at.
// Loading that native module anywhere else segfaults the process (design.md §10), so this check runs before it.
import { readFileSync } from 'node:fs';

export const DEVICE_TREE_MODEL = '/proc/device-tree/model';

export function isRaspberryPi(readModel: () => string = () => readFileSync(DEVICE_TREE_MODEL, 'utf8')): boolean {
  try {
    return readModel().includes('Raspberry Pi');
  } catch {
    return false; // no device tree: a PC, a container or CI
  }
}
