// Bulletins through the officials' routes of a hub process, as the console would call them: create, submit (speech
// is synthesised then), approve, and — timed by the caller — publish.
import type { HubProcess } from './hub-process.js';

export interface PlaybackLogRow {
  readonly deviceId: string;
  readonly event: string;
  readonly bulletinId: string | null;
  readonly startedAt: number | null;
}

/** An approved emergency for `areas`, ready to publish; resolves with its id. */
export async function approvedEmergency(hub: HubProcess, text: string, areas: readonly string[] = ['67']): Promise<string> {
  const { bulletin } = await hub.api<{ bulletin: { id: string } }>('POST', '/api/bulletins', {
    title: 'Cảnh báo lũ quét', priority: 'emergency', originArea: '67', targetAreas: areas,
    content: { kind: 'tts', text }, schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await hub.api('POST', `/api/bulletins/${bulletin.id}/submit`);
  await hub.api('POST', `/api/bulletins/${bulletin.id}/approve`);
  return bulletin.id;
}

/** Publishes; resolves with the wall-clock ms just before the request (t0: Date.now(), for agents' device clocks;
 *  t0Precise: performance.timeOrigin + now(), for raw workers), and how long the API took to accept. */
export async function publish(hub: HubProcess, id: string): Promise<{ t0: number; t0Precise: number; acceptMs: number }> {
  const t0 = Date.now();
  const p0 = performance.now();
  await hub.api('POST', `/api/bulletins/${id}/publish`);
  return { t0, t0Precise: performance.timeOrigin + p0, acceptMs: performance.now() - p0 };
}

/** STOP for the areas (t0 on the performance.timeOrigin + now() clock of raw workers): the urgent path with nothing before it (no approval, sent before it is recorded). */
export async function stopAreas(hub: HubProcess, areas: readonly string[] = ['67']): Promise<{ t0: number }> {
  const t0 = performance.timeOrigin + performance.now();
  await hub.api('POST', '/api/stop', { areas, reason: 'Đo đạc hiệu năng' });
  return { t0 };
}

export async function playbackLogs(hub: HubProcess, bulletinId: string): Promise<PlaybackLogRow[]> {
  return (await hub.api<{ logs: PlaybackLogRow[] }>('GET', `/api/logs?area=67&bulletin=${encodeURIComponent(bulletinId)}&limit=5000`)).logs;
}
