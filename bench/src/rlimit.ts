// The open-files limit (RLIMIT_NOFILE) of this process, which the hub it spawns inherits: every MQTT connection is
// one descriptor in the hub, so this bounds the connections one hub process can hold here.
import { readFileSync } from 'node:fs';

export function getrlimit(): { soft: number; hard: number } | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line ?? '').replace('Max open files', '').trim().split(/\s+/).map(Number);
    return soft === undefined || hard === undefined || Number.isNaN(soft) ? undefined : { soft, hard };
  } catch {
    return undefined;
  }
}
