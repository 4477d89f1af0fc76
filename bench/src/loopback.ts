// A quiet loopback before a raw fleet connects. One machine plays every device here, so all of them share one
// address and its 28,000 ephemeral ports, and a 10,000-socket run leaves ~11,000 of them in TIME_WAIT for 60 s; a
// fleet started into that searches a crowded port range at every connect(). A field of devices has an address each
// and never shares that state, so every raw fleet waits for the kernel to clear it first, and says what it found.
// It keeps one run from inheriting the last one's sockets; it was not what made `reconnect` at 10,000 take 35–39 s
// instead of 19.5 s when run again at once (waiting alone left that spread): the hub's listen backlog was
// (hub/src/config/listen-backlog.ts).
import { readFile } from 'node:fs/promises';

/** TIME_WAIT sockets above which a fleet waits: a few hundred are left by any earlier step (enrolment, a peer). */
export const QUIET_TIME_WAIT = 1000;
/** The kernel holds TIME_WAIT for 60 s (net.ipv4.tcp_fin_timeout does not apply to it): long enough for any run. */
const MAX_WAIT_MS = 75_000;

/** Pure: the `tw` count of /proc/net/sockstat's TCP line (`TCP: inuse 1 orphan 0 tw 2275 alloc 1 mem 45`). */
export function timeWaitCount(sockstat: string): number | undefined {
  const match = /^TCP:.*\btw (\d+)/m.exec(sockstat);
  return match === null ? undefined : Number(match[1]);
}

export interface LoopbackState {
  /** TIME_WAIT sockets when the fleet asked; undefined where /proc/net/sockstat is not readable. */
  readonly timeWaitFound: number | undefined;
  readonly timeWaitAtStart: number | undefined;
  readonly waitedS: number;
}

async function readTimeWait(): Promise<number | undefined> {
  return timeWaitCount(await readFile('/proc/net/sockstat', 'utf8').catch(() => ''));
}

/** Waits, at most MAX_WAIT_MS, until the machine holds at most QUIET_TIME_WAIT sockets in TIME_WAIT. */
export async function quietLoopback(): Promise<LoopbackState> {
  const t0 = performance.now();
  const found = await readTimeWait();
  let now = found;
  if (now !== undefined && now > QUIET_TIME_WAIT) process.stderr.write(`waiting for ${now} loopback sockets in TIME_WAIT to clear (at most ${MAX_WAIT_MS / 1000} s)\n`);
  while (now !== undefined && now > QUIET_TIME_WAIT && performance.now() - t0 < MAX_WAIT_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    now = await readTimeWait();
  }
  return { timeWaitFound: found, timeWaitAtStart: now, waitedS: Math.round((performance.now() - t0) / 100) / 10 };
}

/** Pure: one line for a benchmark's report. */
export function describeLoopback(l: LoopbackState): string {
  return `${l.timeWaitFound ?? '?'} in TIME_WAIT found, ${l.timeWaitAtStart ?? '?'} at start (waited ${l.waitedS} s)`;
}
