// Simulated fleets against a real hub (test/helpers/hub-instance.ts): enrolled through the hub's HTTP API exactly as
// `tinnguon-sim fleet` does, run in real worker processes. Waits poll what a user would observe (rows in the hub's
// playback_logs), each with a ceiling only a broken feature reaches.
import { HubClient } from '../../simulators/src/enrol/hub-client.js';
import { enrolFleet, type EnrolResult } from '../../simulators/src/enrol/enrol-fleet.js';
import { planFleet, type FleetKind } from '../../simulators/src/enrol/fleet-plan.js';
import type { RunningHub } from '../helpers/hub-instance.js';

export const DEMO_COMMUNES = ['24611', '24612', '24628', '24670', '24673', '24678', '24694', '24700', '24715'];

export function hubClient(h: RunningHub): HubClient {
  return new HubClient({ hubUrl: h.httpUrl, token: h.hub.deps.adminToken });
}

export async function enrolSimFleet(h: RunningHub, stateRoot: string, count: number, kind: FleetKind = 'loudspeaker', areas = DEMO_COMMUNES): Promise<EnrolResult> {
  const client = hubClient(h);
  const all = await client.areas();
  const chosen = areas.map((code) => all.find((a) => a.code === code) ?? { code, name: code, parentCode: null });
  return enrolFleet({ client, hubUrl: h.httpUrl, stateRoot, plan: planFleet(count, kind, chosen), concurrency: 16 });
}

/** A bulletin through the officials' routes: create, submit (speech is synthesised), approve, publish. */
export async function publishBulletin(h: RunningHub, body: Record<string, unknown>): Promise<string> {
  const created = await h.hub.app.inject({ method: 'POST', url: '/api/bulletins', headers: h.auth, payload: body });
  if (created.statusCode !== 201) throw new Error(`create: ${created.body}`);
  const id = created.json<{ bulletin: { id: string } }>().bulletin.id;
  for (const step of ['submit', 'approve', 'publish'] as const) {
    const res = await h.hub.app.inject({ method: 'POST', url: `/api/bulletins/${id}/${step}`, headers: h.auth });
    if (res.statusCode !== 200) throw new Error(`${step}: ${res.body}`);
  }
  return id;
}

export interface HubLogRow {
  readonly device_id: string;
  readonly seq: number;
  readonly event: string;
  readonly bulletin_id: string | null;
  readonly reason: string | null;
  readonly slot_at: number | null;
  readonly started_at: number | null;
}

export function hubLogs(h: RunningHub): Promise<HubLogRow[]> {
  return h.hub.deps.db.all<HubLogRow>('SELECT device_id, seq, event, bulletin_id, reason, slot_at, started_at FROM playback_logs ORDER BY device_id, seq');
}

/** Rows for `event` of `bulletinId`, counted per device. */
export function perDevice(rows: readonly HubLogRow[], event: string, bulletinId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) if (r.event === event && r.bulletin_id === bulletinId) out.set(r.device_id, (out.get(r.device_id) ?? 0) + 1);
  return out;
}

export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ceilingMs = 60_000, everyMs = 250): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > ceilingMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Zero lost, zero doubled (design.md §8), checked against the devices' own journals: for every device the hub holds
 * seqs 1..n with no gap, n being the last seq the device ever journaled, nothing is left pending, and no bulletin was
 * logged 'played' twice for the same slot. Returns every problem found (empty: all good).
 */
export function auditLogs(rows: readonly HubLogRow[], devices: readonly { deviceId: string; journalNextSeq: number | null; pendingLogs: number }[]): string[] {
  const problems: string[] = [];
  const byDevice = new Map<string, HubLogRow[]>();
  for (const r of rows) byDevice.set(r.device_id, [...(byDevice.get(r.device_id) ?? []), r]);
  for (const d of devices) {
    const mine = byDevice.get(d.deviceId) ?? [];
    const journaled = (d.journalNextSeq ?? 1) - 1;
    const seqs = mine.map((r) => r.seq);
    if (d.pendingLogs !== 0) problems.push(`${d.deviceId}: ${d.pendingLogs} logs still pending`);
    if (seqs.length !== journaled || seqs.some((s, i) => s !== i + 1)) problems.push(`${d.deviceId}: hub holds seqs [${seqs.join(',')}], device journaled 1..${journaled}`);
    const plays = new Set<string>();
    for (const r of mine.filter((x) => x.event === 'played')) {
      const key = `${r.bulletin_id}@${r.slot_at}`;
      if (plays.has(key)) problems.push(`${d.deviceId}: ${key} played twice`);
      plays.add(key);
    }
  }
  return problems;
}
