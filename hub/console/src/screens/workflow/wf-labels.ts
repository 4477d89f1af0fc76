// Bulletins in the domain's words: priority (Điều 8), state, live or exercise, content form (Điều 7), schedule, and
// the hub's coded refusals explained (schedule problems, Điều 10 windows) instead of shown as English internals.
import { describeError, isApiError } from '../../core/api.js';
import { formatDateTime } from '../../core/format.js';
import { h } from '../../core/dom.js';
import { badge, type BadgeKind } from '../../core/view.js';
import type { AuthoredContent, BulletinState, Mode, Priority, Schedule } from './wf-types.js';

export type T = (key: string, vars?: Readonly<Record<string, string | number>>) => string;

/** The screen's translator as a plain function (ScreenContext.t is declared as a method). */
export function tr(ctx: { t(key: string, vars?: Readonly<Record<string, string | number>>): string }): T {
  return (key, vars) => ctx.t(key, vars);
}

const PRIORITY_BADGE: Record<Priority, BadgeKind> = { emergency: 'danger', priority: 'warn', normal: 'info' };
const STATE_BADGE: Record<BulletinState, BadgeKind> = { draft: 'muted', submitted: 'warn', approved: 'info', published: 'ok', expired: 'muted', recalled: 'danger' };

export function priorityBadge(t: T, p: Priority): HTMLElement {
  return badge(t(`workflow.priority.${p}`), PRIORITY_BADGE[p]);
}

export function stateBadge(t: T, s: BulletinState): HTMLElement {
  return badge(t(`workflow.state.${s}`), STATE_BADGE[s]);
}

/** Exercise content is marked wherever it appears (design.md §6: "visibly different everywhere"). */
export function modeBadge(t: T, m: Mode): HTMLElement | null {
  return m === 'test' ? h('span', { class: 'badge badge-warn wf-exercise-badge' }, t('workflow.mode.testBadge')) : null;
}

export function contentSummary(t: T, c: AuthoredContent): string {
  switch (c.kind) {
    case 'tts':
      return `${t('workflow.content.tts')}: ${c.text.slice(0, 80)}${c.text.length > 80 ? '…' : ''}`;
    case 'audio':
      return t('workflow.content.audio');
    case 'ledText':
      return `${t(`workflow.slide.${c.slide.type}`)}: ${c.slide.text.slice(0, 80)}`;
    case 'image':
      return t('workflow.slide.image');
    case 'slides':
      return t('workflow.content.slides', { n: c.slides.length });
  }
}

export function scheduleText(t: T, s: Schedule, timeZone: string): string {
  switch (s.type) {
    case 'now':
      return t('workflow.schedule.now');
    case 'nextWindow':
      return t('workflow.schedule.nextWindow');
    case 'once':
      return `${t('workflow.schedule.once')}: ${formatDateTime(s.at, timeZone)}`;
    case 'recurring': {
      const days = s.weekdays.length === 7 ? t('workflow.schedule.daily') : s.weekdays.map((d) => t(`workflow.weekday.${d}`)).join(', ');
      return `${days} — ${s.times.join(', ')} (${s.fromDate} → ${s.toDate})`;
    }
  }
}

/** The hub's English schedule problems (hub/src/bulletins/check-bulletin.ts) → message keys. */
const SCHEDULE_PROBLEMS: readonly [RegExp, string][] = [
  [/^validUntil must be after validFrom/, 'workflow.hub.validOrder'],
  [/^the validity has already ended/, 'workflow.hub.validEnded'],
  [/^an emergency plays at once/, 'workflow.hub.emergencyNow'],
  [/^'now' is only for emergencies/, 'workflow.hub.nowEmergencyOnly'],
  [/^a one-off broadcast time is in the past/, 'workflow.hub.oncePast'],
  [/is not a calendar date$/, 'workflow.hub.notDate'],
  [/^toDate is before fromDate/, 'workflow.hub.dateRange'],
  [/^the recurring schedule ends in the past/, 'workflow.hub.recurringPast'],
  [/^the broadcast time is outside the validity period/, 'workflow.hub.onceOutsideValidity'],
];

interface OutsideWindow {
  readonly areaCode: string;
  readonly kind: string;
  readonly time: string;
  readonly date?: string;
}

/** Lines explaining a refusal: the hub's message, then what exactly is wrong in the official's words. */
export function explainError(t: T, error: unknown, areaName: (code: string) => string = (c) => c): string[] {
  if (!isApiError(error)) return [describeError(error)];
  const details = (error.details ?? {}) as { problems?: unknown; outside?: unknown };
  if (error.code === 'HUB_ERR_SCHEDULE_INVALID' && Array.isArray(details.problems)) {
    return [
      t('workflow.hub.scheduleInvalid'),
      ...details.problems.map((p) => {
        const text = String(p);
        const hit = SCHEDULE_PROBLEMS.find(([re]) => re.test(text));
        return hit === undefined ? text : t(hit[1]);
      }),
    ];
  }
  if (error.code === 'HUB_ERR_OUTSIDE_WINDOW' && Array.isArray(details.outside)) {
    const outside = details.outside as OutsideWindow[];
    return [
      t('workflow.hub.outsideWindow'),
      ...outside.slice(0, 10).map((o) => t('workflow.hub.outsideWindowAt', { area: areaName(o.areaCode), kind: t(`workflow.kind.${o.kind}`), time: o.date === undefined ? o.time : `${o.time} ${o.date}` })),
      ...(outside.length > 10 ? [t('workflow.hub.andMore', { n: outside.length - 10 })] : []),
    ];
  }
  return [describeError(error)];
}

export function problemList(lines: readonly string[]): HTMLElement {
  return h('div', { class: 'wf-problems', role: 'alert' }, h('ul', null, lines.map((l) => h('li', null, l))));
}
