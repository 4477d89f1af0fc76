// What is wrong with one device's network right now, and the HTTP half of it. The MQTT half lives in FaultProxy,
// which sits on the TCP path (so a drop is a real RST and the broker publishes the Last Will, design.md §7); the
// agent's HTTP goes through its injected fetch (the FetchLike seam), wrapped here.
import { nodeHttpFetch, type FetchLike } from '@tinnguon/edge-agent';

export interface LinkFaultState {
  /** No packet gets through: connections are cut and new ones refused. */
  dropped: boolean;
  /** The device stops reading its MQTT socket (a hung process, a wedged 4G modem). */
  frozen: boolean;
  /** Added one-way delay, ms. */
  latencyMs: number;
}

export const healthyLink = (): LinkFaultState => ({ dropped: false, frozen: false, latencyMs: 0 });

export interface FaultyFetchTimer {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realTimer: FaultyFetchTimer = {
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * The agent's HTTP through the device's link faults: a dropped link fails like an unreachable host (TypeError, as
 * undici's fetch does), latency delays the request and the response. A frozen MQTT socket leaves HTTP alone. By
 * default the inner client is the agent's own (nodeHttpFetch, what createAgent uses on a device), not Node's global
 * fetch: undici cost a simulator worker several times the CPU per request, which 1,000 agents on one event loop pay
 * during an emergency's speech downloads (bench `emergency`).
 */
export function faultyFetch(state: () => LinkFaultState, inner: FetchLike = nodeHttpFetch, timer: FaultyFetchTimer = realTimer): FetchLike {
  return async (url, init) => {
    const before = state();
    if (before.latencyMs > 0) await timer.sleep(before.latencyMs, init.signal);
    if (state().dropped) throw new TypeError('fetch failed', { cause: new Error('simulated link drop (ECONNREFUSED)') });
    const response = await inner(url, init);
    const after = state();
    if (after.dropped) throw new TypeError('fetch failed', { cause: new Error('simulated link drop (ECONNRESET)') });
    if (after.latencyMs > 0) await timer.sleep(after.latencyMs, init.signal);
    return response;
  };
}
