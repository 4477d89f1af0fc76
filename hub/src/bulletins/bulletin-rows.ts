// SQLite rows ↔ bulletin records. JSON columns were written by this module from validated input, so they are read
// back as the caller's claim, like every row type in the data layer.
import type { BroadcastMode, BulletinContent, Priority, ProgrammeSelection, Schedule } from '@tinnguon/protocol';
import type { SqlValue } from '../db/index.js';
import type { AuthoredContent } from './bulletin-input.js';
import type { BulletinRecord, BulletinTransition } from './bulletin-record.js';
import { effectiveState, type BulletinState, type StoredBulletinState } from './life-cycle.js';

/** Everything an official authors; the life-cycle columns are the repository's. */
export interface BulletinFields {
  readonly title: string;
  readonly summary?: string;
  readonly author?: string;
  readonly source?: string;
  readonly priority: Priority;
  readonly mode: BroadcastMode;
  readonly originArea: string;
  readonly originDepth: number;
  readonly targetAreas: readonly string[];
  readonly content: AuthoredContent;
  readonly schedule: Schedule;
  readonly repeat: number;
  readonly validFrom: number;
  readonly validUntil: number;
}

export interface BulletinRow {
  id: string;
  revision: number;
  title: string;
  summary: string | null;
  author: string | null;
  source: string | null;
  priority: Priority;
  mode: BroadcastMode;
  origin_area: string;
  origin_depth: number;
  target_areas: string;
  content: string;
  resolved_content: string | null;
  schedule: string;
  repeat_count: number;
  valid_from: number;
  valid_until: number;
  state: StoredBulletinState;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  recalled_at: number | null;
  recall_reason: string | null;
  upstream_envelope_id: string | null;
}

export interface TransitionRow {
  action: BulletinTransition['action'];
  from_state: BulletinState | null;
  to_state: BulletinState;
  revision: number;
  at: number;
  actor: string;
  reason: string | null;
}

export interface SelectionRow {
  area_code: string;
  bulletin_id: string;
  sort_order: number | null;
  schedule: string | null;
}

const opt = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } => (value === null ? {} : ({ [key]: value } as { [P in K]?: V }));

export function fromRow(r: BulletinRow, now: number): BulletinRecord {
  return {
    id: r.id,
    revision: r.revision,
    title: r.title,
    ...opt('summary', r.summary),
    ...opt('author', r.author),
    ...opt('source', r.source),
    priority: r.priority,
    mode: r.mode,
    originArea: r.origin_area,
    originDepth: r.origin_depth,
    targetAreas: JSON.parse(r.target_areas) as string[],
    content: JSON.parse(r.content) as AuthoredContent,
    ...opt('resolvedContent', r.resolved_content === null ? null : (JSON.parse(r.resolved_content) as BulletinContent)),
    schedule: JSON.parse(r.schedule) as Schedule,
    repeat: r.repeat_count,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    state: effectiveState(r.state, r.valid_until, now),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...opt('publishedAt', r.published_at),
    ...opt('recalledAt', r.recalled_at),
    ...opt('recallReason', r.recall_reason),
    ...opt('upstreamEnvelopeId', r.upstream_envelope_id),
  };
}

export const FIELD_COLUMNS = [
  'title', 'summary', 'author', 'source', 'priority', 'mode', 'origin_area', 'origin_depth', 'target_areas', 'content',
  'schedule', 'repeat_count', 'valid_from', 'valid_until',
] as const;

export function fieldValues(f: BulletinFields): SqlValue[] {
  return [
    f.title, f.summary ?? null, f.author ?? null, f.source ?? null, f.priority, f.mode, f.originArea, f.originDepth,
    JSON.stringify(f.targetAreas), JSON.stringify(f.content), JSON.stringify(f.schedule), f.repeat, f.validFrom, f.validUntil,
  ];
}

export function fieldsOf(r: BulletinRecord): BulletinFields {
  const { title, summary, author, source, priority, mode, originArea, originDepth, targetAreas, content, schedule, repeat, validFrom, validUntil } = r;
  return {
    title, priority, mode, originArea, originDepth, targetAreas, content, schedule, repeat, validFrom, validUntil,
    ...(summary === undefined ? {} : { summary }),
    ...(author === undefined ? {} : { author }),
    ...(source === undefined ? {} : { source }),
  };
}

export function transitionFromRow(r: TransitionRow): BulletinTransition {
  return {
    action: r.action,
    ...opt('from', r.from_state),
    to: r.to_state,
    revision: r.revision,
    at: r.at,
    actor: r.actor,
    ...opt('reason', r.reason),
  };
}

export function selectionFromRow(r: SelectionRow): ProgrammeSelection {
  return {
    bulletinId: r.bulletin_id,
    ...opt('order', r.sort_order),
    ...opt('schedule', r.schedule === null ? null : (JSON.parse(r.schedule) as Schedule)),
  };
}
