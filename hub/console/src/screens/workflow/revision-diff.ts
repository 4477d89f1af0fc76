// What changed between two revisions of a bulletin (issue 9: the approval queue shows "diff and history"). The
// comparison is pure; the table shows each changed field before and after, in the official's words.
import { h } from '../../core/dom.js';
import { formatDateTime } from '../../core/format.js';
import { contentSummary, scheduleText } from './wf-labels.js';
import type { AuthoredContent, Revision, Schedule, Transition } from './wf-types.js';

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Canonical JSON (sorted keys), so two equal values in a different key order are not reported as changed. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

export function diffFields(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.filter((f) => canonical(before[f]) !== canonical(after[f])).map((field) => ({ field, before: before[field], after: after[field] }));
}

/**
 * The two revisions an approver should compare: the one last sent for approval (rejected since) against the current
 * one; failing that, the first draft against the current one. Undefined when there was only one revision.
 */
export function revisionsToCompare(revisions: readonly Revision[], history: readonly Transition[], current: number): { from: Revision; to: Revision } | undefined {
  const to = revisions.find((r) => r.revision === current) ?? revisions[revisions.length - 1];
  if (to === undefined) return undefined;
  const submitted = history.filter((x) => x.action === 'submit' && x.revision < to.revision).map((x) => x.revision);
  const base = submitted.length > 0 ? Math.max(...submitted) : revisions[0]?.revision;
  const from = revisions.find((r) => r.revision === base);
  return from === undefined || from.revision === to.revision ? undefined : { from, to };
}

type T = (key: string, vars?: Readonly<Record<string, string | number>>) => string;

export function showValue(t: T, field: string, v: unknown, timeZone: string, areaName: (c: string) => string): string {
  if (v === undefined || v === null) return '—';
  if (field === 'content') return contentSummary(t, v as AuthoredContent);
  if (field === 'schedule') return scheduleText(t, v as Schedule, timeZone);
  if ((field === 'validFrom' || field === 'validUntil') && typeof v === 'number') return formatDateTime(v, timeZone);
  if (field === 'targetAreas' || field === 'originArea') return (Array.isArray(v) ? v : [v]).map((c) => areaName(typeof c === 'string' ? c : JSON.stringify(c))).join(', ');
  if ((field === 'priority' || field === 'mode') && typeof v === 'string') return t(`workflow.${field}.${v}`);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}

export function diffTable(t: T, pair: { from: Revision; to: Revision }, timeZone: string, areaName: (c: string) => string): HTMLElement {
  const changes = diffFields(pair.from.fields, pair.to.fields);
  if (changes.length === 0) return h('p', null, t('workflow.diff.none'));
  return h(
    'table',
    { class: 'wf-diff' },
    h('caption', null, t('workflow.diff.caption', { from: pair.from.revision, to: pair.to.revision })),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('workflow.diff.field')), h('th', { scope: 'col' }, t('workflow.diff.before')), h('th', { scope: 'col' }, t('workflow.diff.after')))),
    h('tbody', null, changes.map((c) => h('tr', { dataset: { field: c.field } },
      h('th', { scope: 'row' }, t(`workflow.field.${c.field}`)),
      h('td', null, h('del', null, showValue(t, c.field, c.before, timeZone, areaName))),
      h('td', null, h('ins', null, showValue(t, c.field, c.after, timeZone, areaName)))))),
  );
}
