// Điều 10: outside the operating windows only emergency or exceptional broadcasts. A dated bulletin whose time falls
// outside the windows of any area it reaches is refused at publication, or published only after the official
// confirms it; the confirmation is recorded in the bulletin's history. The programme never places such a time
// (buildProgramme: OUTSIDE_WINDOW), so confirming means "I know it will not play there" — the 03:15 relay incident
// cannot happen by accident either way.
import {
  clockMinutes, contentSuitsDevice, DEVICE_KINDS, localClockOf, localDateOf, normaliseWindows, windowSpansBetween,
  type ContentKind, type DeviceKind, type Schedule,
} from '@tinnguon/protocol';
import { effectiveWindows, subtree, type AreaTree } from '../areas/index.js';
import { HubError } from '../errors.js';

export interface DatedFacts {
  readonly content: { readonly kind: ContentKind };
  readonly schedule: Schedule;
  readonly targetAreas: readonly string[];
}

export interface OutsideWindow {
  readonly areaCode: string;
  readonly kind: DeviceKind;
  /** Local 'HH:MM' in that area's zone, and for a one-off time its local date. */
  readonly time: string;
  readonly date?: string;
}

const LISTED = 10;

/** Every (area, device kind, time) the schedule asks for outside that area's windows; empty for 'now'/'nextWindow'. */
export function datedTimesOutsideWindows(tree: AreaTree, facts: DatedFacts): OutsideWindow[] {
  const { schedule } = facts;
  if (schedule.type !== 'once' && schedule.type !== 'recurring') return [];
  const kinds = DEVICE_KINDS.filter((k) => contentSuitsDevice(facts.content.kind, k));
  const areas = [...new Set(facts.targetAreas.filter((a) => tree.nodes.has(a)).flatMap((a) => subtree(tree, a)))].sort();
  const out: OutsideWindow[] = [];
  for (const areaCode of areas) {
    const timeZone = tree.nodes.get(areaCode)?.area.timeZone ?? 'UTC';
    for (const kind of kinds) {
      const windows = effectiveWindows(tree, areaCode, kind);
      if (schedule.type === 'once') {
        // The same conversion the devices use, so a DST day is judged as they will play it.
        const inside = windowSpansBetween(timeZone, windows, schedule.at, schedule.at + 1).length > 0;
        if (!inside) out.push({ areaCode, kind, time: localClockOf(schedule.at, timeZone), date: localDateOf(schedule.at, timeZone) });
      } else {
        const norm = normaliseWindows(windows);
        for (const time of schedule.times) {
          const m = clockMinutes(time);
          if (m === undefined || !norm.some((w) => w.start <= m && m < w.end)) out.push({ areaCode, kind, time });
        }
      }
    }
  }
  return out;
}

function listed(outside: readonly OutsideWindow[]): string {
  const shown = outside.slice(0, LISTED).map((o) => `${o.areaCode}/${o.kind} ${o.date === undefined ? '' : `${o.date} `}${o.time}`);
  return outside.length > LISTED ? `${shown.join(', ')}, … (+${outside.length - LISTED})` : shown.join(', ');
}

/**
 * Refuses with HUB_ERR_OUTSIDE_WINDOW unless confirmed; when confirmed, returns the note for the history (Vietnamese,
 * as officials read it). Undefined when every time is inside the windows.
 */
export function checkOperatingWindows(tree: AreaTree, facts: DatedFacts, confirmed: boolean): string | undefined {
  const outside = datedTimesOutsideWindows(tree, facts);
  if (outside.length === 0) return undefined;
  const where = listed(outside);
  if (!confirmed) {
    throw new HubError('HUB_ERR_OUTSIDE_WINDOW', `${where} (Điều 10)`, {
      outside,
      confirmWith: 'confirmOutsideWindow',
      vi: 'Bản tin sẽ không phát ở các địa bàn và giờ này. Nếu chấp nhận, phát hành lại với xác nhận confirmOutsideWindow=true.',
      en: 'The bulletin will not play in these areas at these times. To accept that, publish again with confirmOutsideWindow=true.',
    });
  }
  return `Xác nhận phát hành dù giờ phát nằm ngoài khung giờ hoạt động; sẽ không phát tại: ${where} (Điều 10)`;
}
