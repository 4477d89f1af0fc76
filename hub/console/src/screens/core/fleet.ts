// The devices of the account's area, kept current from the live feed: loaded once from GET /api/console/devices,
// then patched by each presence change and heartbeat (applyDeviceEvent), reloaded whole when the feed reconnects or
// names a device the list does not hold yet. Screens re-render at most once per animation frame.
import { loadAreas, type AreaInfo } from '../../core/areas.js';
import type { LiveEvent, ScreenContext } from '../../core/screen.js';
import { applyDeviceEvent, type DeviceLiveEvent, type DeviceView } from './device-health.js';

export interface Fleet {
  devices: DeviceView[];
  bulletinTitles: Record<string, string>;
  readonly areas: readonly AreaInfo[];
  readonly areaNames: ReadonlyMap<string, string>;
  /** Hub time minus browser time: alerts are judged by the hub's clock, not a laptop's. */
  readonly clockOffsetMs: number;
}

interface FleetAnswer {
  readonly devices: DeviceView[];
  readonly now: number;
  readonly bulletinTitles: Record<string, string>;
}

export async function loadFleet(ctx: ScreenContext): Promise<Fleet> {
  const [answer, areas] = await Promise.all([ctx.api<FleetAnswer>('GET', '/api/console/devices'), loadAreas(ctx)]);
  return {
    devices: answer.devices,
    bulletinTitles: answer.bulletinTitles,
    areas,
    areaNames: new Map(areas.map((a) => [a.code, a.name])),
    clockOffsetMs: answer.now - Date.now(),
  };
}

export function fleetNow(fleet: Fleet): number {
  return Date.now() + fleet.clockOffsetMs;
}

/** Keeps `fleet` current until the screen is left; `render` runs after changes, batched per frame. */
export function watchFleet(ctx: ScreenContext, fleet: Fleet, render: () => void): void {
  let frame = 0;
  let reloading = false;
  const schedule = () => {
    if (frame !== 0 || ctx.signal.aborted) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!ctx.signal.aborted) render();
    });
  };
  const reload = () => {
    if (reloading) return;
    reloading = true;
    ctx.api<FleetAnswer>('GET', '/api/console/devices')
      .then((answer) => {
        fleet.devices = answer.devices;
        fleet.bulletinTitles = answer.bulletinTitles;
        schedule();
      })
      .catch(() => undefined)
      .finally(() => {
        reloading = false;
      });
  };
  const onDevice = (event: LiveEvent) => {
    const next = applyDeviceEvent(fleet.devices, event as unknown as DeviceLiveEvent);
    if (next === undefined) return reload();
    fleet.devices = next;
    const playing = next.find((d) => d.id === event.deviceId)?.heartbeat?.playing;
    if (playing !== null && playing !== undefined && fleet.bulletinTitles[playing.bulletinId] === undefined) reload();
    schedule();
  };
  ctx.onLive('device.status', onDevice);
  ctx.onLive('device.heartbeat', onDevice);
  ctx.onLive('live.resync', reload);
  // "5 minutes ago" and silence alerts age without any event.
  const tick = setInterval(schedule, 30_000);
  ctx.signal.addEventListener('abort', () => {
    clearInterval(tick);
    if (frame !== 0) cancelAnimationFrame(frame);
  });
}
