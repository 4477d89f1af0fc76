// The SQL of one ingest round (design.md §8): every batch of a round goes to SQLite as ONE statement with ONE JSON
// parameter, `[[deviceId, entries], …]`. Each statement costs round trips between SQLite's thread and the event loop
// (prepare, step, finalise), and while the loop is busy with a flood of incoming batches those round trips, not
// SQLite, set the pace: one statement per batch committed a first round of one batch in 1.3 s (bench `ingest`).
import type { PlaybackLog } from '@tinnguon/protocol';

/**
 * One batch as the round holds it until its commit: the entries as UTF-8 JSON in a Buffer, and what the ack needs.
 * Not the parsed objects, nor a JS string: they outlive the young generation while the round waits, and the round's
 * parameter (~2 MB) went straight to the large-object space. A Buffer's bytes live outside the JS heap; in-process,
 * the longest GC pause of a 400,000-row flood went from 110–440 ms to 80–110 ms.
 */
export interface RoundBatch {
  readonly deviceId: string;
  /** JSON array of the batch's entries, stringified from the validated values. */
  readonly entriesJson: Buffer;
  readonly count: number;
  readonly fromSeq: number;
  readonly toSeq: number;
}

/**
 * Pure: a validated batch in the round's form. The JSON is stringified from the validated values, not copied from
 * the payload: with a key repeated in the payload, JSON.parse keeps the last value and SQLite's `->>` reads the
 * first, so the raw text could store what the schema never saw (or fail the STRICT table, and with it the round).
 */
export function roundBatch(deviceId: string, entries: readonly PlaybackLog[]): RoundBatch {
  let fromSeq = Infinity;
  let toSeq = -Infinity;
  for (const e of entries) {
    if (e.seq < fromSeq) fromSeq = e.seq;
    if (e.seq > toSeq) toSeq = e.seq;
  }
  return { deviceId, entriesJson: Buffer.from(JSON.stringify(entries), 'utf8'), count: entries.length, fromSeq, toSeq };
}

// jsonb_each, not json_each: its `value` for an object is JSONB, so each `->>` below reads the binary form instead of
// parsing the entry's text again (13 fields per row): ~40% less CPU for the extraction (SQLite ≥ 3.45).
// Rows go in array order (the inner table-valued function depends on the outer one, so the join is a nested loop in
// array order): when a round holds the same (device, seq) twice, the first occurrence is the one stored.
// The parameter is bound as a BLOB (it is built from Buffers); CAST makes SQLite read it as JSON text, not as JSONB.
const ROWS = `
  FROM jsonb_each(CAST(?2 AS TEXT)) b, jsonb_each(b.value, '$[1]') e`;

export const INSERT_ROUND = `
  INSERT OR IGNORE INTO playback_logs
    (device_id, seq, at, event, bulletin_id, revision, priority, mode, slot_at, started_at, ended_at, played_ms, reason, detail, received_at)
  SELECT b.value ->> 0, e.value ->> '$.seq', e.value ->> '$.at', e.value ->> '$.event', e.value ->> '$.bulletinId',
         e.value ->> '$.revision', e.value ->> '$.priority', e.value ->> '$.mode', e.value ->> '$.slotAt',
         e.value ->> '$.startedAt', e.value ->> '$.endedAt', e.value ->> '$.playedMs', e.value ->> '$.reason',
         e.value ->> '$.detail', ?1${ROWS}`;

/**
 * Per batch (its index in the round), how many of its rows INSERT_ROUND will store: a (device, seq) counts for the
 * first batch of the round that holds it, and only if the table does not hold it yet. Run before the insert, inside
 * the same transaction. It takes INSERT_ROUND's parameters; `?1` (received at) is not used.
 */
export const COUNT_NEW_ROWS = `
  SELECT i, count(*) AS n FROM (
    SELECT b.key AS i, b.value ->> 0 AS device_id, e.value ->> '$.seq' AS seq,
           row_number() OVER (PARTITION BY b.value ->> 0, e.value ->> '$.seq' ORDER BY b.key, e.key) AS nth${ROWS}
  ) r
  WHERE nth = 1 AND NOT EXISTS (SELECT 1 FROM playback_logs l WHERE l.device_id = r.device_id AND l.seq = r.seq)
  GROUP BY i`;

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');

/** Pure: the round's JSON parameter, `[[deviceId, entries], …]`, as UTF-8. */
export function roundParameter(batches: readonly RoundBatch[]): Buffer {
  const parts: Buffer[] = [OPEN];
  batches.forEach((b, i) => {
    parts.push(Buffer.from(`${i === 0 ? '' : ','}[${JSON.stringify(b.deviceId)},`, 'utf8'), b.entriesJson, CLOSE);
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/** Pure: COUNT_NEW_ROWS' answer as one count per batch, in round order (a batch with nothing new has no row). */
export function storedCounts(batchCount: number, rows: readonly { readonly i: number; readonly n: number }[]): number[] {
  const counts = new Array<number>(batchCount).fill(0);
  for (const r of rows) counts[r.i] = r.n;
  return counts;
}

/** Pure: rows in the round, which is what the insert changes when none of them is a duplicate. */
export function rowCount(batches: readonly RoundBatch[]): number {
  let n = 0;
  for (const b of batches) n += b.count;
  return n;
}
