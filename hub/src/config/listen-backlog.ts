// The kernel holds at most net.core.somaxconn completed handshakes for the hub to accept, whatever `listenBacklog`
// asks. After a restart the whole fleet reconnects within a second or two; past that bound the kernel drops
// handshakes, TCP resends each after 1, 3, 7 and 15 s, and a device that waits past its 15 s connect timeout goes to
// the slow back-off (bench `reconnect`, 10,000 devices: 19.8–21.7 s with 4,096, 12.2–14.6 s with 16,384, no drop).
import { readFile } from 'node:fs/promises';

/** The kernel's cap (Linux); undefined where it cannot be read. The one effect here, for main.ts and the benchmarks. */
export async function readSomaxconn(): Promise<number | undefined> {
  return parseSomaxconn(await readFile('/proc/sys/net/core/somaxconn', 'utf8').catch(() => ''));
}

/** Pure: /proc/sys/net/core/somaxconn's text as a number, undefined if it is not one. */
export function parseSomaxconn(text: string): number | undefined {
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Pure: advice for the operator when the fleet is larger than the backlog the kernel will hold, else undefined. */
export function backlogAdvice(listenBacklog: number, somaxconn: number | undefined, devices: number): string | undefined {
  if (somaxconn === undefined) return undefined;
  const held = Math.min(listenBacklog, somaxconn);
  if (devices <= held) return undefined;
  const raise = somaxconn < listenBacklog
    ? `sysctl -w net.core.somaxconn=${listenBacklog}, kept in /etc/sysctl.d/ as scripts/setup does`
    : `TINNGUON_LISTEN_BACKLOG=${devices} and net.core.somaxconn with it`;
  return [
    `Hệ điều hành chỉ giữ ${held} kết nối chờ cho ${devices} thiết bị, nên sau khi khởi động lại chúng kết nối lại chậm hơn.`,
    `The kernel holds ${held} pending connections for ${devices} devices, so after a restart they reconnect slower.`,
    `Raise it: ${raise}.`,
  ].join(' ');
}
