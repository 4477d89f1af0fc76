// Carries the life cycle out: ask the pure table and checks, write the step with its history, then dispatch. SQLite
// is written first (design.md §4), so a device that reconnects after a lost MQTT message still gets the truth.
import { randomUUID } from 'node:crypto';
import type { BroadcastMode, ProgrammeSelection } from '@tinnguon/protocol';
import { areaNode, isWithin, type AreaRepository, type AreaTree } from '../areas/index.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { HubError } from '../errors.js';
import type { TtsProvider } from '../media/index.js';
import type { MediaRepository } from '../media-records/media-repository.js';
import { checkOperatingWindows } from '../programme/outside-windows.js';
import { anyAdminMayApprove, type ApprovalPolicy } from './approval-policy.js';
import type { BulletinPatch, NewBulletin } from './bulletin-input.js';
import { toProtocolBulletin, type BulletinRecord } from './bulletin-record.js';
import type { BulletinRepository } from './bulletin-repository.js';
import { fieldsOf, type BulletinFields } from './bulletin-rows.js';
import { checkAreas, checkSchedule, schedulePlacementProblems } from './check-bulletin.js';
import { allowedActions, transition, type BulletinAction, type StoredBulletinState } from './life-cycle.js';
import { checkAuthoredMedia, resolveContent, type ContentResolverDeps } from './resolve-content.js';

export interface BulletinWorkflowDeps {
  readonly bulletins: BulletinRepository;
  readonly areas: AreaRepository;
  readonly media: Pick<MediaRepository, 'get' | 'ingest'>;
  readonly tts: TtsProvider;
  readonly dispatcher: Pick<Dispatcher, 'refresh' | 'refreshLater' | 'sendEmergency' | 'sendStop'>;
  readonly maxMediaBytes: number;
  readonly now: () => number;
  readonly approvalPolicy?: ApprovalPolicy;
}

/**
 * What went out after a step: the signed urgent message, if any, and the doorbells. After an emergency the answer
 * does not wait for manifests (`manifests: 'refreshing'`, no count yet): the emergency itself is out, and recorded.
 */
export interface DispatchOutcome {
  readonly emergencyId?: string;
  readonly stopId?: string;
  /** Devices whose manifest changed and whose doorbell rang; absent while manifests are still refreshing. */
  readonly doorbells?: number;
  readonly manifests: 'refreshed' | 'refreshing';
}

export interface Dispatched {
  readonly bulletin: BulletinRecord;
  readonly dispatch: DispatchOutcome;
}

export class BulletinWorkflow {
  readonly #deps: BulletinWorkflowDeps;

  constructor(deps: BulletinWorkflowDeps) {
    this.#deps = deps;
  }

  async create(input: NewBulletin, actor: string): Promise<BulletinRecord> {
    const fields = await this.#checked({
      ...input,
      mode: input.mode ?? 'live',
      repeat: input.repeat ?? 1,
      validFrom: input.validFrom ?? this.#deps.now(),
      originDepth: 0,
    });
    return this.#deps.bulletins.insertDraft(`bt-${randomUUID()}`, fields, actor);
  }

  /** Only a draft changes; each edit is a new revision, and any speech is synthesised again on submission. */
  async update(id: string, patch: BulletinPatch, actor: string): Promise<BulletinRecord> {
    const record = await this.#load(id);
    this.#next(record, 'edit');
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const fields = await this.#checked({ ...fieldsOf(record), ...defined });
    return this.#deps.bulletins.updateDraft(id, record.revision, fields, actor);
  }

  async submit(id: string, actor: string): Promise<BulletinRecord> {
    const record = await this.#load(id);
    const { from, next } = this.#next(record, 'submit');
    await this.#checked(fieldsOf(record));
    const resolvedContent = await resolveContent(record.content, this.#resolver());
    return this.#deps.bulletins.applyTransition(id, { action: 'submit', from, to: next, revision: record.revision, actor, resolvedContent });
  }

  async approve(id: string, actor: string): Promise<BulletinRecord> {
    const record = await this.#load(id);
    const { from, next } = this.#next(record, 'approve');
    const policy = this.#deps.approvalPolicy ?? anyAdminMayApprove;
    const decision = policy({ bulletin: record, actor, history: await this.#deps.bulletins.history(id) });
    if (!decision.allow) throw new HubError(decision.code, decision.detail);
    return this.#deps.bulletins.applyTransition(id, { action: 'approve', from, to: next, revision: record.revision, actor });
  }

  /** Back to draft with the reason the author needs to fix it (thẩm định, Điều 14.5). */
  async reject(id: string, reason: string, actor: string): Promise<BulletinRecord> {
    const record = await this.#load(id);
    const { from, next } = this.#next(record, 'reject');
    return this.#deps.bulletins.applyTransition(id, { action: 'reject', from, to: next, revision: record.revision, actor, reason });
  }

  /** Emergencies go out at once by the urgent path (Điều 8.1); everything then reaches manifests by doorbell. */
  async publish(id: string, actor: string, options: { readonly confirmOutsideWindow?: boolean } = {}): Promise<Dispatched> {
    const record = await this.#load(id);
    const { from, next } = this.#next(record, 'publish');
    // Time has passed since submission: a slot may now be in the past, or the validity over.
    await this.#checked(fieldsOf(record));
    // Điều 10: a time outside the windows is refused, or published only on a confirmation kept in the history.
    const confirmation = checkOperatingWindows(await this.#deps.areas.tree(), record, options.confirmOutsideWindow === true);
    const bulletin = await this.#deps.bulletins.applyTransition(id, {
      action: 'publish', from, to: next, revision: record.revision, actor, ...(confirmation === undefined ? {} : { reason: confirmation }),
    });
    if (bulletin.priority !== 'emergency') return { bulletin, dispatch: { doorbells: await this.#deps.dispatcher.refresh(), manifests: 'refreshed' } };
    // Điều 8.1: the emergency goes out now, carrying the signed bulletin; re-signing the fleet's manifests (seconds at
    // 10,000 devices) and their doorbells follow, and the official's answer does not wait for them.
    const emergency = await this.#deps.dispatcher.sendEmergency(toProtocolBulletin(bulletin));
    this.#deps.dispatcher.refreshLater();
    return { bulletin, dispatch: { emergencyId: emergency.id, manifests: 'refreshing' } };
  }

  /** A recall is signed and sent by the urgent path to every target area (design.md), then manifests drop it. */
  async recall(id: string, reason: string, actor: string): Promise<Dispatched> {
    const record = await this.#load(id);
    const { from, next } = this.#next(record, 'recall');
    const bulletin = await this.#deps.bulletins.applyTransition(id, { action: 'recall', from, to: next, revision: record.revision, actor, reason });
    const stop = await this.#deps.dispatcher.sendStop({ scope: 'bulletin', bulletinId: id, reason }, bulletin.targetAreas, bulletin.mode);
    const doorbells = await this.#deps.dispatcher.refresh();
    return { bulletin, dispatch: { stopId: stop.id, doorbells, manifests: 'refreshed' } };
  }

  /**
   * STOP silences every device in the areas, whatever is playing: always one authorised person away. It is sent
   * before it is recorded, because silencing a false alarm must not wait for anything (Hawaii 2018: 38 minutes).
   */
  async stopAll(areas: readonly string[], reason: string | undefined, mode: BroadcastMode, actor: string): Promise<{ stopId: string }> {
    const tree = await this.#deps.areas.tree();
    const unknown = areas.filter((a) => !tree.nodes.has(a));
    if (unknown.length > 0) throw new HubError('HUB_ERR_AREA_UNKNOWN', unknown.join(', '), { unknown });
    const envelope = await this.#deps.dispatcher.sendStop({ scope: 'all', ...(reason === undefined ? {} : { reason }) }, areas, mode);
    await this.#deps.bulletins.recordStop({ id: envelope.id, areas, mode, actor, ...(reason === undefined ? {} : { reason }) });
    return { stopId: envelope.id };
  }

  /** A commune's choices (Điều 8.2 order, Điều 8.3 picks); the programme rules proper come with the programme issue. */
  async setSelections(areaCode: string, selections: readonly ProgrammeSelection[]): Promise<ProgrammeSelection[]> {
    const tree = await this.#deps.areas.tree();
    const area = tree.nodes.get(areaCode);
    if (area === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', areaCode);
    const seen = new Set<string>();
    for (const s of selections) {
      if (seen.has(s.bulletinId)) throw new HubError('HUB_ERR_VALIDATION', `${s.bulletinId} is chosen twice`);
      seen.add(s.bulletinId);
      const b = await this.#deps.bulletins.get(s.bulletinId);
      if (b === undefined) throw new HubError('HUB_ERR_BULLETIN_UNKNOWN', s.bulletinId);
      if (!b.targetAreas.some((t) => offeredTo(tree, t, areaCode))) {
        throw new HubError('HUB_ERR_AREA_OUT_OF_SCOPE', `${s.bulletinId} is not offered to ${areaCode}`);
      }
      if (s.schedule !== undefined) {
        const problems = schedulePlacementProblems(s.schedule, this.#deps.now(), area.area.timeZone);
        if (s.schedule.type === 'now') problems.push("'now' is only for emergencies");
        if (problems.length > 0) throw new HubError('HUB_ERR_SCHEDULE_INVALID', `${s.bulletinId}: ${problems.join('; ')}`, { problems });
      }
    }
    await this.#deps.bulletins.setSelections(areaCode, selections);
    await this.#deps.dispatcher.refresh();
    return this.#deps.bulletins.selectionsFor(areaCode);
  }

  async #load(id: string): Promise<BulletinRecord> {
    const record = await this.#deps.bulletins.get(id);
    if (record === undefined) throw new HubError('HUB_ERR_BULLETIN_UNKNOWN', id);
    return record;
  }

  /** The table decides; the write then only happens if the row is still where the table saw it. */
  #next(record: BulletinRecord, action: BulletinAction): { from: StoredBulletinState; next: StoredBulletinState } {
    const { state } = record;
    const result = transition(state, action);
    if ('error' in result || state === 'expired') {
      throw new HubError('HUB_ERR_BULLETIN_STATE', `cannot ${action} a bulletin that is ${state}`, { state, action, allowed: allowedActions(state) });
    }
    return { from: state, next: result.next };
  }

  /** Areas, schedule and media checked against the current tree and clock; the origin's depth filled in. */
  async #checked(fields: BulletinFields): Promise<BulletinFields> {
    const tree: AreaTree = await this.#deps.areas.tree();
    const { originDepth } = checkAreas(tree, fields.originArea, fields.targetAreas);
    checkSchedule(fields, this.#deps.now(), areaNode(tree, fields.originArea).area.timeZone);
    await checkAuthoredMedia(fields.content, this.#deps.media);
    return { ...fields, originDepth };
  }

  #resolver(): ContentResolverDeps {
    return { media: this.#deps.media, tts: this.#deps.tts, maxBytes: this.#deps.maxMediaBytes };
  }
}

/** A bulletin targeting `target` reaches `area` when one contains the other. */
function offeredTo(tree: AreaTree, target: string, area: string): boolean {
  return tree.nodes.has(target) && (isWithin(tree, target, area) || isWithin(tree, area, target));
}
