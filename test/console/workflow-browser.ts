// Shared pieces of the workflow browser tests: simulated devices in this process (the real agent with virtual
// outputs, so a test can read an LED board's frame), operating windows opened around "now" so a bulletin plays
// while the test watches (Điều 10 still applies: the window is real, only its hours are the test's), and waits on
// what a user would observe (rows in the hub's playback_logs).
import { DeviceHost } from '../../simulators/src/host/device-host.js';
import type { SimDevice } from '../../simulators/src/device/sim-device.js';
import type { RunningHub } from '../helpers/hub-instance.js';
import { enrolSimFleet, hubLogs, waitFor, type HubLogRow } from '../simulators/sim-harness.js';

export { hubLogs, waitFor, type HubLogRow };

export async function adminCall<T>(h: RunningHub, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<T> {
  const res = await h.hub.app.inject({ method, url, headers: h.auth, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

function clock(minutes: number): string {
  const m = Math.max(0, Math.min(24 * 60, minutes));
  return m === 24 * 60 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** An operating window from ten minutes ago to an hour from now (local time, clipped to the day) for `areas`. */
export async function openWindowNow(h: RunningHub, areas: readonly string[], kind: 'loudspeaker' | 'led'): Promise<void> {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(Date.now());
  const now = Number(parts.find((p) => p.type === 'hour')?.value) * 60 + Number(parts.find((p) => p.type === 'minute')?.value);
  for (const area of areas) await adminCall(h, 'PUT', `/api/areas/${area}/windows/${kind}`, { windows: [{ start: clock(now - 10), end: clock(now + 60) }] });
}

export interface Devices {
  readonly host: DeviceHost;
  readonly list: readonly SimDevice[];
  stop(): Promise<void>;
}

/** Enrols `count` devices through the hub's API and runs them here, online with a manifest and a trusted clock. */
export async function startDevices(
  h: RunningHub, stateRoot: string, count: number, kind: 'loudspeaker' | 'led', areas: readonly string[],
  options: { readonly realtime?: boolean; readonly agentConfig?: Readonly<Record<string, unknown>> } = {},
): Promise<Devices> {
  const enrolled = await enrolSimFleet(h, stateRoot, count, kind, [...areas]);
  const host = new DeviceHost({
    devices: enrolled.devices, hubUrl: h.httpUrl, mqttUrl: h.mqttUrl, proxy: false, clockOffsetMs: 0, trustWallClock: true, realtime: options.realtime ?? false, rampPerSec: 50, seed: 1,
    ...(options.agentConfig === undefined ? {} : { agentConfig: options.agentConfig }),
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= host.stop());
  await host.start();
  await waitFor('devices online with a manifest', () => {
    const c = host.counts();
    return c.online === count && c.manifest === count && c.trusted === count;
  }, 60_000);
  return { host, list: host.devices, stop };
}

/** Distinct devices that logged `event` for the bulletin. */
export async function devicesWith(h: RunningHub, bulletinId: string, events: readonly string[]): Promise<Set<string>> {
  return new Set((await hubLogs(h)).filter((r) => r.bulletin_id === bulletinId && events.includes(r.event)).map((r) => r.device_id));
}
