// Playback outcomes as counted in reports: one column per event a device's journal can record (protocol
// PlaybackEvent), plus the minutes actually played. Counting is done by SQLite (GROUP BY); these add the groups up.
import type { PlaybackEvent } from '@tinnguon/protocol';

export const PLAYBACK_EVENTS = ['played', 'missed', 'interrupted', 'stopped', 'rejected', 'fault'] as const satisfies readonly PlaybackEvent[];

export type EventCounts = { -readonly [E in PlaybackEvent]: number } & { total: number; playedMs: number };

/** One GROUP BY row: how many logs of one event, and their played time, for one key (device, bulletin, day). */
export interface CountRow {
  readonly key: string | number | null;
  readonly event: string;
  readonly count: number;
  readonly playedMs: number | null;
}

export function emptyCounts(): EventCounts {
  return { played: 0, missed: 0, interrupted: 0, stopped: 0, rejected: 0, fault: 0, total: 0, playedMs: 0 };
}

function isPlaybackEvent(event: string): event is PlaybackEvent {
  return (PLAYBACK_EVENTS as readonly string[]).includes(event);
}

/** Adds one group into `into`; an event the protocol does not know (a newer agent) is left out of every column. */
export function addRow(into: EventCounts, row: Pick<CountRow, 'event' | 'count' | 'playedMs'>): EventCounts {
  if (!isPlaybackEvent(row.event)) return into;
  into[row.event] += row.count;
  into.total += row.count;
  into.playedMs += row.playedMs ?? 0;
  return into;
}

export function addCounts(into: EventCounts, more: EventCounts): EventCounts {
  for (const e of PLAYBACK_EVENTS) into[e] += more[e];
  into.total += more.total;
  into.playedMs += more.playedMs;
  return into;
}

/** Groups rows by key into counts, keys in first-seen order. */
export function countsByKey(rows: readonly CountRow[]): Map<string | number | null, EventCounts> {
  const out = new Map<string | number | null, EventCounts>();
  for (const row of rows) {
    let counts = out.get(row.key);
    if (counts === undefined) out.set(row.key, (counts = emptyCounts()));
    addRow(counts, row);
  }
  return out;
}

/** Share of scheduled outcomes that were played: played / (played + missed + interrupted + stopped + rejected + fault). */
export function playedShare(c: EventCounts): number | null {
  return c.total === 0 ? null : c.played / c.total;
}
