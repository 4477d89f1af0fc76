// One day of an area's programme (GET /api/areas/:code/programme), as its devices will play it: the operating
// windows (Điều 10), each slot with its time, title, priority and the reason it is there (Điều 8), and anything the
// programme could not place.
import { h } from '../../core/dom.js';
import { formatTime } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { emptyState } from '../../core/view.js';
import { priorityBadge } from './labels.js';

interface Reason {
  readonly vi: string;
  readonly en: string;
}

export interface ProgrammeDay {
  readonly area: { readonly code: string; readonly name: string; readonly timeZone: string };
  readonly kind: string;
  readonly date: string;
  readonly windows: readonly { readonly start: string; readonly end: string }[];
  readonly slots: readonly {
    readonly bulletinId: string;
    readonly title: string;
    readonly priority: string;
    readonly mode: string;
    readonly startAt: number;
    readonly endAt: number;
    readonly reason: Reason;
  }[];
  readonly warnings: readonly { readonly bulletinId: string; readonly title: string; readonly vi: string; readonly en: string }[];
}

export function fetchProgramme(ctx: ScreenContext, areaCode: string, kind: 'loudspeaker' | 'led' = 'loudspeaker', date?: string): Promise<ProgrammeDay> {
  const query = new URLSearchParams({ kind, ...(date === undefined ? {} : { date }) });
  return ctx.api<ProgrammeDay>('GET', `/api/areas/${encodeURIComponent(areaCode)}/programme?${query.toString()}`);
}

export function programmeList(ctx: ScreenContext, day: ProgrammeDay, now: number): HTMLElement {
  const t = ctx.t.bind(ctx);
  const lang = ctx.lang;
  const tz = day.area.timeZone;
  const windows = day.windows.map((w) => `${w.start}–${w.end}`).join(', ');
  return h(
    'div',
    { class: 'programme' },
    h('p', { class: 'muted small' }, t('devices.programme.windows', { windows: windows === '' ? t('devices.programme.noWindows') : windows })),
    day.slots.length === 0
      ? emptyState(t('devices.programme.empty'))
      : h(
          'ol',
          { class: 'programme-list' },
          day.slots.map((s) => {
            const state = now >= s.endAt ? 'done' : now >= s.startAt ? 'playing' : 'coming';
            return h(
              'li',
              { dataset: { state, bulletin: s.bulletinId } },
              h('time', { datetime: new Date(s.startAt).toISOString() }, formatTime(s.startAt, tz)),
              h('span', null, h('strong', null, s.title), ' ', priorityBadge(t, s.priority, s.mode), h('br'),
                h('span', { class: 'muted small' }, `${t(`devices.programme.state.${state}`)} · ${lang === 'en' ? s.reason.en : s.reason.vi}`)),
            );
          }),
        ),
    day.warnings.length === 0
      ? null
      : h('ul', { class: 'alerts' }, day.warnings.map((w) => h('li', { class: 'alert alert-warn' }, h('strong', null, w.title), h('span', null, lang === 'en' ? w.en : w.vi)))),
  );
}
