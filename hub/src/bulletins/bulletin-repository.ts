// Bulletins in SQLite: drafts, life-cycle transitions with their history, commune selections, and what dispatch
// reads (design.md §4: SQLite, never MQTT delivery, is the source of truth).
import type { BroadcastMode, Bulletin, BulletinContent, ProgrammeSelection } from '@tinnguon/protocol';
import { areaChain, subtree, type AreaRepository } from '../areas/index.js';
import type { Database, Transaction } from '../db/index.js';
import type { BulletinSource } from '../dispatch/dispatcher.js';
import { HubError } from '../errors.js';
import { toProtocolBulletin, type BulletinRecord, type BulletinTransition } from './bulletin-record.js';
import {
  FIELD_COLUMNS, fieldValues, fromRow, selectionFromRow, transitionFromRow,
  type BulletinFields, type BulletinRow, type SelectionRow, type TransitionRow,
} from './bulletin-rows.js';
import type { BulletinAction, BulletinState, StoredBulletinState } from './life-cycle.js';

export interface BulletinFilter {
  readonly state?: BulletinState;
  /** Bulletins issued within this area, or reaching it (targeting it, an area above it, or one below it). */
  readonly area?: string;
  /** Newest first; default 100. */
  readonly limit?: number;
}

/** One step of the life cycle, written only if the row is still in `from` at `revision` (compare and set). */
export interface TransitionWrite {
  readonly action: BulletinAction;
  readonly from: StoredBulletinState;
  readonly to: StoredBulletinState;
  readonly revision: number;
  readonly actor: string;
  readonly reason?: string;
  readonly resolvedContent?: BulletinContent;
}

export interface StopRecord {
  readonly id: string;
  readonly areas: readonly string[];
  readonly mode: BroadcastMode;
  readonly reason?: string;
  readonly actor: string;
}

const STATE_SQL: Record<BulletinState, string> = {
  draft: "state = 'draft'",
  submitted: "state = 'submitted'",
  approved: "state = 'approved'",
  published: "state = 'published' AND valid_until > ?",
  expired: "state = 'published' AND valid_until <= ?",
  recalled: "state = 'recalled'",
};

export class BulletinRepository implements BulletinSource {
  readonly #db: Database;
  readonly #areas: AreaRepository;
  readonly #now: () => number;

  constructor(db: Database, areas: AreaRepository, now: () => number = Date.now) {
    this.#db = db;
    this.#areas = areas;
    this.#now = now;
  }

  async get(id: string): Promise<BulletinRecord | undefined> {
    const row = await this.#db.get<BulletinRow>('SELECT * FROM bulletins WHERE id = ?', [id]);
    return row === undefined ? undefined : fromRow(row, this.#now());
  }

  async history(id: string): Promise<BulletinTransition[]> {
    const rows = await this.#db.all<TransitionRow>(
      'SELECT action, from_state, to_state, revision, at, actor, reason FROM bulletin_transitions WHERE bulletin_id = ? ORDER BY seq',
      [id],
    );
    return rows.map(transitionFromRow);
  }

  async list(filter: BulletinFilter = {}): Promise<BulletinRecord[]> {
    const now = this.#now();
    const where = filter.state === undefined ? '' : `WHERE ${STATE_SQL[filter.state]}`;
    const params = filter.state === 'published' || filter.state === 'expired' ? [now] : [];
    const rows = await this.#db.all<BulletinRow>(`SELECT * FROM bulletins ${where} ORDER BY updated_at DESC, rowid DESC`, params);
    let records = rows.map((r) => fromRow(r, now));
    if (filter.area !== undefined) {
      const tree = await this.#areas.tree();
      const below = new Set(subtree(tree, filter.area));
      const reaching = new Set([...areaChain(tree, filter.area), ...below]);
      records = records.filter((b) => below.has(b.originArea) || b.targetAreas.some((a) => reaching.has(a)));
    }
    return records.slice(0, filter.limit ?? 100);
  }

  /** A new draft at revision 1, with its creation in the history. */
  async insertDraft(id: string, fields: BulletinFields, actor: string): Promise<BulletinRecord> {
    const now = this.#now();
    await this.#db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO bulletins (id, revision, state, created_at, updated_at, ${FIELD_COLUMNS.join(', ')})
         VALUES (?, 1, 'draft', ?, ?, ${FIELD_COLUMNS.map(() => '?').join(', ')})`,
        [id, now, now, ...fieldValues(fields)],
      );
      await appendHistory(tx, id, { action: 'create', to: 'draft', revision: 1, at: now, actor });
    });
    return (await this.get(id))!;
  }

  /** Replaces a draft's fields and raises its revision, only if nobody changed it since `revision`. */
  async updateDraft(id: string, revision: number, fields: BulletinFields, actor: string): Promise<BulletinRecord> {
    const now = this.#now();
    await this.#db.transaction(async (tx) => {
      const r = await tx.run(
        `UPDATE bulletins SET ${FIELD_COLUMNS.map((c) => `${c} = ?`).join(', ')}, revision = revision + 1, resolved_content = NULL, updated_at = ?
         WHERE id = ? AND state = 'draft' AND revision = ?`,
        [...fieldValues(fields), now, id, revision],
      );
      if (r.changes === 0) throw new HubError('HUB_ERR_BULLETIN_STATE', `${id} changed meanwhile`);
      await appendHistory(tx, id, { action: 'edit', from: 'draft', to: 'draft', revision: revision + 1, at: now, actor });
    });
    return (await this.get(id))!;
  }

  async applyTransition(id: string, step: TransitionWrite): Promise<BulletinRecord> {
    const now = this.#now();
    await this.#db.transaction(async (tx) => {
      const r = await tx.run(
        `UPDATE bulletins SET state = ?, updated_at = ?,
           resolved_content = COALESCE(?, resolved_content),
           published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END,
           recalled_at = CASE WHEN ? = 'recalled' THEN ? ELSE recalled_at END,
           recall_reason = CASE WHEN ? = 'recalled' THEN ? ELSE recall_reason END
         WHERE id = ? AND state = ? AND revision = ?`,
        [
          step.to, now, step.resolvedContent === undefined ? null : JSON.stringify(step.resolvedContent),
          step.to, now, step.to, now, step.to, step.reason ?? null, id, step.from, step.revision,
        ],
      );
      if (r.changes === 0) throw new HubError('HUB_ERR_BULLETIN_STATE', `${id} changed meanwhile`);
      await appendHistory(tx, id, { ...step, at: now });
    });
    return (await this.get(id))!;
  }

  /** An emergency relayed from the central system, stored as published at once (Điều 8.1). */
  async insertUpstream(bulletin: Bulletin, envelopeId: string, actor: string): Promise<BulletinRecord> {
    const now = this.#now();
    const fields: BulletinFields = {
      ...bulletin,
      content: authoredFromResolved(bulletin.content),
    };
    await this.#db.transaction(async (tx) => {
      if ((await tx.get('SELECT 1 FROM bulletins WHERE id = ? OR upstream_envelope_id = ?', [bulletin.bulletinId, envelopeId])) !== undefined) {
        throw new HubError('HUB_ERR_CONFLICT', `${bulletin.bulletinId} was already received`);
      }
      await tx.run(
        `INSERT INTO bulletins (id, revision, state, resolved_content, upstream_envelope_id, created_at, updated_at, published_at, ${FIELD_COLUMNS.join(', ')})
         VALUES (?, ?, 'published', ?, ?, ?, ?, ?, ${FIELD_COLUMNS.map(() => '?').join(', ')})`,
        [bulletin.bulletinId, bulletin.revision, JSON.stringify(bulletin.content), envelopeId, now, now, now, ...fieldValues(fields)],
      );
      await appendHistory(tx, bulletin.bulletinId, { action: 'upstream', to: 'published', revision: bulletin.revision, at: now, actor });
    });
    return (await this.get(bulletin.bulletinId))!;
  }

  /**
   * Published bulletins still within their validity, and recalled ones too: dispatch needs a recalled bulletin's
   * targets to tell exactly the devices that hold it to drop it, and computeManifest never plays a recalled one.
   */
  async published(): Promise<readonly Bulletin[]> {
    const rows = await this.#db.all<BulletinRow>(
      "SELECT * FROM bulletins WHERE state IN ('published', 'recalled') AND valid_until > ? ORDER BY id",
      [this.#now()],
    );
    return rows.map((r) => toProtocolBulletin(fromRow(r, this.#now())));
  }

  /** Recalls devices must still hear of; after validUntil a device drops the bulletin on its own. */
  async recalledIds(): Promise<readonly string[]> {
    const rows = await this.#db.all<{ id: string }>("SELECT id FROM bulletins WHERE state = 'recalled' AND valid_until > ? ORDER BY id", [this.#now()]);
    return rows.map((r) => r.id);
  }

  async selections(): Promise<ReadonlyMap<string, readonly ProgrammeSelection[]>> {
    const rows = await this.#db.all<SelectionRow>(
      `SELECT s.area_code, s.bulletin_id, s.sort_order, s.schedule FROM programme_selections s
       JOIN bulletins b ON b.id = s.bulletin_id WHERE b.valid_until > ? ORDER BY s.area_code, s.position`,
      [this.#now()],
    );
    const map = new Map<string, ProgrammeSelection[]>();
    for (const r of rows) {
      const list = map.get(r.area_code) ?? [];
      list.push(selectionFromRow(r));
      map.set(r.area_code, list);
    }
    return map;
  }

  async selectionsFor(areaCode: string): Promise<ProgrammeSelection[]> {
    const rows = await this.#db.all<SelectionRow>(
      'SELECT area_code, bulletin_id, sort_order, schedule FROM programme_selections WHERE area_code = ? ORDER BY position',
      [areaCode],
    );
    return rows.map(selectionFromRow);
  }

  /** Replaces an area's choices as a whole, in the order given (Điều 8.2, 8.3). */
  async setSelections(areaCode: string, selections: readonly ProgrammeSelection[]): Promise<void> {
    const now = this.#now();
    await this.#db.transaction(async (tx) => {
      await tx.run('DELETE FROM programme_selections WHERE area_code = ?', [areaCode]);
      await tx.insertMany(
        'programme_selections',
        ['area_code', 'bulletin_id', 'position', 'sort_order', 'schedule', 'updated_at'],
        selections.map((s, i) => [areaCode, s.bulletinId, i, s.order ?? null, s.schedule === undefined ? null : JSON.stringify(s.schedule), now]),
      );
    });
  }

  async recordStop(stop: StopRecord): Promise<void> {
    await this.#db.run(
      'INSERT INTO stop_orders (id, areas, mode, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)',
      [stop.id, JSON.stringify(stop.areas), stop.mode, stop.reason ?? null, stop.actor, this.#now()],
      { durable: true },
    );
  }
}

async function appendHistory(tx: Transaction, id: string, t: Omit<BulletinTransition, 'from'> & { from?: string }): Promise<void> {
  await tx.run(
    'INSERT INTO bulletin_transitions (bulletin_id, action, from_state, to_state, revision, at, actor, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [id, t.action, t.from ?? null, t.to, t.revision, t.at, t.actor, t.reason ?? null],
  );
}

/** A relayed bulletin was never authored here; its authored form names the same media and text. */
function authoredFromResolved(c: BulletinContent): BulletinFields['content'] {
  switch (c.kind) {
    case 'audio':
      return { kind: 'audio', mediaSha256: c.media.sha256 };
    case 'tts':
      return { kind: 'tts', text: c.text, ...(c.voice === undefined ? {} : { voice: c.voice }) };
    case 'ledText':
      return c;
    case 'image':
      return { kind: 'image', mediaSha256: c.slide.media.sha256, durationMs: c.slide.durationMs };
    case 'slides':
      return { kind: 'slides', slides: c.slides.map((s) => (s.type === 'image' ? { type: 'image', mediaSha256: s.media.sha256, durationMs: s.durationMs } : s)) };
  }
}
