// A commune's choices (Điều 8.2: the chair orders clashing priority bulletins; Điều 8.3: the commune picks normal
// bulletins and when they play) as the console edits them, and the PUT /api/areas/:code/selections body. Pure.
import type { BulletinView, Schedule, Selection } from './wf-types.js';

export interface NormalChoice {
  readonly chosen: boolean;
  /** Absent: the bulletin's own schedule. */
  readonly schedule?: Schedule;
}

export interface ChoiceState {
  /** Priority bulletins in the order the chair set (first plays first within a window). */
  readonly priorityOrder: readonly string[];
  readonly normal: ReadonlyMap<string, NormalChoice>;
}

/**
 * The starting state: priority bulletins in their saved order, unsaved ones after them by level (province, then
 * district, then commune: Điều 8.2's default) and then by id; normal bulletins chosen where a selection exists.
 */
export function initialChoices(offered: readonly Pick<BulletinView, 'id' | 'priority' | 'originDepth'>[], saved: readonly Selection[]): ChoiceState {
  const savedOrder = new Map(saved.filter((s) => s.order !== undefined).map((s) => [s.bulletinId, s.order as number]));
  const priority = offered.filter((b) => b.priority === 'priority');
  priority.sort((a, b) => {
    const oa = savedOrder.get(a.id);
    const ob = savedOrder.get(b.id);
    if (oa !== undefined && ob !== undefined) return oa - ob;
    if (oa !== undefined) return -1;
    if (ob !== undefined) return 1;
    return a.originDepth - b.originDepth || a.id.localeCompare(b.id);
  });
  const bySaved = new Map(saved.map((s) => [s.bulletinId, s]));
  const normal = new Map<string, NormalChoice>();
  for (const b of offered.filter((x) => x.priority === 'normal')) {
    const s = bySaved.get(b.id);
    normal.set(b.id, s === undefined ? { chosen: false } : { chosen: true, ...(s.schedule === undefined ? {} : { schedule: s.schedule }) });
  }
  return { priorityOrder: priority.map((b) => b.id), normal };
}

/** Moves one id up (-1) or down (+1); unchanged at either end. */
export function move(order: readonly string[], id: string, by: -1 | 1): string[] {
  const out = [...order];
  const i = out.indexOf(id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j] as string, out[i] as string];
  return out;
}

/** The selections to save: shown choices as edited, plus saved ones for bulletins not shown (kept, not dropped). */
export function selectionsToSave(state: ChoiceState, saved: readonly Selection[]): Selection[] {
  const shown = new Set([...state.priorityOrder, ...state.normal.keys()]);
  const kept = saved.filter((s) => !shown.has(s.bulletinId));
  const ordered = state.priorityOrder.map((bulletinId, order) => ({ bulletinId, order }));
  const picked = [...state.normal].filter(([, c]) => c.chosen).map(([bulletinId, c]) => ({ bulletinId, ...(c.schedule === undefined ? {} : { schedule: c.schedule }) }));
  return [...ordered, ...picked, ...kept];
}
