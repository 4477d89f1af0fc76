// Pure checks of a bulletin against the area tree and the clock, run before anything is stored or sent. Each refusal
// is a coded HubError an official can act on ("a schedule for an area that does not exist" must say so).
import type { Priority, Schedule } from '@tinnguon/protocol';
import { areaNode, isWithin, type AreaTree } from '../areas/index.js';
import { HubError } from '../errors.js';

/**
 * Every area must exist, and every target must lie within the origin: an account acts only in its own area
 * (Điều 9). Returns the origin's depth, which orders priority bulletins by level (Điều 8.2).
 */
export function checkAreas(tree: AreaTree, originArea: string, targetAreas: readonly string[]): { originDepth: number } {
  const unknown = [originArea, ...targetAreas].filter((code) => !tree.nodes.has(code));
  if (unknown.length > 0) throw new HubError('HUB_ERR_AREA_UNKNOWN', [...new Set(unknown)].join(', '), { unknown: [...new Set(unknown)] });
  const outside = targetAreas.filter((code) => !isWithin(tree, originArea, code));
  if (outside.length > 0) {
    throw new HubError('HUB_ERR_AREA_OUT_OF_SCOPE', `${outside.join(', ')} not within ${originArea}`, { originArea, outside });
  }
  return { originDepth: areaNode(tree, originArea).depth };
}

export interface ScheduleFacts {
  readonly priority: Priority;
  readonly schedule: Schedule;
  readonly validFrom: number;
  readonly validUntil: number;
}

/** The calendar date of `at` in `timeZone`, as 'YYYY-MM-DD'. */
export function localDate(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The pattern admits 2026-02-30; the calendar does not. */
function realDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

/** Problems with when a schedule plays, on its own; `timeZone` is the origin area's, for calendar dates. */
export function schedulePlacementProblems(schedule: Schedule, now: number, timeZone: string): string[] {
  const problems: string[] = [];
  if (schedule.type === 'once' && schedule.at < now) problems.push('a one-off broadcast time is in the past');
  if (schedule.type === 'recurring') {
    for (const date of [schedule.fromDate, schedule.toDate]) if (!realDate(date)) problems.push(`${date} is not a calendar date`);
    if (schedule.toDate < schedule.fromDate) problems.push('toDate is before fromDate');
    else if (schedule.toDate < localDate(now, timeZone)) problems.push('the recurring schedule ends in the past');
  }
  return problems;
}

/** Every problem with a bulletin's timing, empty when it is sound. */
export function scheduleProblems(facts: ScheduleFacts, now: number, timeZone: string): string[] {
  const { priority, schedule, validFrom, validUntil } = facts;
  const problems: string[] = [];
  if (validUntil <= validFrom) problems.push('validUntil must be after validFrom');
  else if (validUntil <= now) problems.push('the validity has already ended');
  // Điều 8.1: khẩn cấp plays at once, interrupting anything; nothing else may claim "at once".
  if (priority === 'emergency' && schedule.type !== 'now') problems.push("an emergency plays at once: its schedule must be 'now'");
  if (priority !== 'emergency' && schedule.type === 'now') problems.push("'now' is only for emergencies");
  problems.push(...schedulePlacementProblems(schedule, now, timeZone));
  if (schedule.type === 'once' && (schedule.at < validFrom || schedule.at >= validUntil)) {
    problems.push('the broadcast time is outside the validity period');
  }
  return problems;
}

export function checkSchedule(facts: ScheduleFacts, now: number, timeZone: string): void {
  const problems = scheduleProblems(facts, now, timeZone);
  if (problems.length > 0) throw new HubError('HUB_ERR_SCHEDULE_INVALID', problems.join('; '), { problems });
}
