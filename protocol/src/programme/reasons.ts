// Why each item is where it is, and why another is not, in the domain's words (Vietnamese first, English beside).
import type { Bulletin } from '../bulletin.js';
import { localClockOf, localDateLabel } from './local-time.js';
import type { ProgrammeReason, ProgrammeWarning, ProgrammeWarningCode } from './programme-types.js';
import { clockText, type WindowMinutes, type WindowSpan } from './windows.js';

interface Words {
  readonly vi: string;
  readonly en: string;
}

function warning(b: Bulletin, code: ProgrammeWarningCode, words: Words, at?: number): ProgrammeWarning {
  return { bulletinId: b.bulletinId, code, vi: words.vi, en: words.en, ...(at === undefined ? {} : { at }) };
}

function duration(ms: number): Words {
  const seconds = Math.ceil(ms / 1000);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return { vi: `${s} giây`, en: `${s} s` };
  return s === 0 ? { vi: `${m} phút`, en: `${m} min` } : { vi: `${m} phút ${s} giây`, en: `${m} min ${s} s` };
}

function when(at: number, timeZone: string): string {
  return `${localClockOf(at, timeZone)} ${localDateLabel(at, timeZone)}`;
}

function windowList(windows: readonly WindowMinutes[]): Words {
  if (windows.length === 0) return { vi: 'không có khung giờ nào', en: 'there are none' };
  const list = windows.map((w) => `${clockText(w.start)}–${clockText(w.end)}`).join(', ');
  return { vi: list, en: list };
}

export function outsideWindow(b: Bulletin, at: number, timeZone: string, windows: readonly WindowMinutes[]): ProgrammeWarning {
  const list = windowList(windows);
  return warning(b, 'OUTSIDE_WINDOW', {
    vi: `Giờ phát ${when(at, timeZone)} nằm ngoài khung giờ hoạt động (${list.vi}); không phát (Điều 10)`,
    en: `The broadcast time ${when(at, timeZone)} is outside the operating windows (${list.en}); not played (Điều 10)`,
  }, at);
}

export function doesNotFit(b: Bulletin, at: number, length: number, window: WindowSpan, timeZone: string): ProgrammeWarning {
  const d = duration(length);
  const span = `${window.start}–${window.end} ${localDateLabel(window.startAt, timeZone)}`;
  return warning(b, 'DOES_NOT_FIT', {
    vi: `Khung giờ ${span} không còn đủ ${d.vi} từ ${localClockOf(at, timeZone)} cho bản tin; không phát`,
    en: `The window ${span} has no room left for ${d.en} from ${localClockOf(at, timeZone)}; not played`,
  }, at);
}

export function outsideValidity(b: Bulletin, at: number, timeZone: string): ProgrammeWarning {
  return warning(b, 'OUTSIDE_VALIDITY', {
    vi: `Giờ phát ${when(at, timeZone)} nằm ngoài thời hạn hiệu lực của bản tin; không phát`,
    en: `The broadcast time ${when(at, timeZone)} is outside the bulletin's validity; not played`,
  }, at);
}

export function noWindow(b: Bulletin, length: number): ProgrammeWarning {
  const d = duration(length);
  return warning(b, 'NO_WINDOW', {
    vi: `Không có khung giờ hoạt động nào trong thời hạn hiệu lực đủ ${d.vi} cho bản tin; không phát (Điều 10)`,
    en: `No operating window within the validity has room for ${d.en}; not played (Điều 10)`,
  });
}

export function noDuration(b: Bulletin): ProgrammeWarning {
  return warning(b, 'NO_DURATION', {
    vi: 'Chưa biết thời lượng của bản tin âm thanh nên không xếp được vào lịch phát',
    en: 'The audio has no known duration, so it cannot be scheduled',
  });
}

export function unsupportedSchedule(b: Bulletin): ProgrammeWarning {
  return warning(b, 'UNSUPPORTED_SCHEDULE', {
    vi: 'Chỉ bản tin khẩn cấp mới được phát ngay; bản tin này không được xếp vào lịch phát (Điều 8.1)',
    en: "Only emergencies play at once; this bulletin is not scheduled (Điều 8.1)",
  });
}

export function invalidTimeZone(b: Bulletin, timeZone: string): ProgrammeWarning {
  return warning(b, 'INVALID_TIME_ZONE', {
    vi: `Múi giờ ${timeZone} của địa bàn không hợp lệ nên không xếp được lịch phát`,
    en: `The area's time zone ${timeZone} is unknown, so nothing can be scheduled`,
  });
}

/** Issue 6, caps per area (e.g. Hà Nội): the window would be one session too many that local day. */
export function sessionsPerDayCap(b: Bulletin, at: number, window: WindowSpan, sessionsPerDay: number, timeZone: string): ProgrammeWarning {
  const day = localDateLabel(window.startAt, timeZone);
  const span = `${window.start}–${window.end}`;
  return warning(b, 'SESSIONS_PER_DAY_CAP', {
    vi: `Địa bàn chỉ cho phép tối đa ${sessionsPerDay} buổi phát mỗi ngày; ngày ${day} đã đủ ${sessionsPerDay} buổi trước khung giờ ${span}, nên bản tin không được phát (giới hạn số buổi phát của địa bàn)`,
    en: `The area allows at most ${sessionsPerDay} broadcast session(s) a day; ${day} already has ${sessionsPerDay} before the window ${span}, so the bulletin is not played (the area's cap on sessions per day)`,
  }, at);
}

/** Issue 6, caps per area (e.g. Hà Nội): the item would take its window past the minutes allowed per session. */
export function minutesPerSessionCap(b: Bulletin, at: number, length: number, usedMs: number, window: WindowSpan, minutesPerSession: number, timeZone: string): ProgrammeWarning {
  const d = duration(length);
  const used = duration(usedMs);
  const span = `${window.start}–${window.end} ${localDateLabel(window.startAt, timeZone)}`;
  return warning(b, 'MINUTES_PER_SESSION_CAP', {
    vi: `Bản tin dài ${d.vi} sẽ vượt thời lượng tối đa mỗi buổi phát của địa bàn (${minutesPerSession} phút) trong khung giờ ${span}, đã xếp ${used.vi}; không phát`,
    en: `At ${d.en} the bulletin would exceed the area's maximum of ${minutesPerSession} min per broadcast session in the window ${span} (${used.en} already placed); not played`,
  }, at);
}

/** The issuing level, from the issuing area's depth: the root is the province, the device's own area the commune. */
export function levelOf(originDepth: number, chainLength: number): Words {
  if (originDepth === 0) return { vi: 'cấp tỉnh', en: 'province level' };
  if (originDepth >= chainLength - 1) return { vi: 'cấp xã', en: 'commune level' };
  return { vi: 'cấp huyện', en: 'district level' };
}

/** Where a priority item stands among the other priority items of its window, in rule order. */
export interface PriorityNeighbours {
  readonly upperBefore: boolean;
  readonly lowerAfter: boolean;
  /** A lower level after it is the device's own area: "placed before the commune's own". */
  readonly ownAfter: boolean;
}

export interface SlotFacts extends PriorityNeighbours {
  readonly bulletin: Bulletin;
  readonly dated: boolean;
  readonly askedAt: number;
  readonly startAt: number;
  readonly endAt: number;
  readonly order: number | undefined;
  readonly window: WindowSpan;
  readonly led: boolean;
}

function join(parts: readonly Words[]): Words {
  return { vi: parts.map((p) => p.vi).join('; '), en: parts.map((p) => p.en).join('; ') };
}

export function slotReason(f: SlotFacts, timeZone: string, chainLength: number): ProgrammeReason {
  const b = f.bulletin;
  const span = `${f.window.start}–${f.window.end}`;
  const clock = localClockOf(f.askedAt, timeZone);
  const parts: Words[] = [];
  let code: ProgrammeReason['code'];
  if (b.priority === 'priority') {
    const level = levelOf(b.originDepth, chainLength);
    const head = { vi: `Ưu tiên, ${level.vi} (${b.originArea})`, en: `Priority, ${level.en} (${b.originArea})` };
    if (f.order !== undefined) {
      code = 'PRIORITY_CHAIR_ORDER';
      parts.push({ vi: `${head.vi}: thứ tự ${f.order} do Chủ tịch UBND xã quyết định (Điều 8.2)`, en: `${head.en}: position ${f.order} set by the commune chair (Điều 8.2)` });
    } else if (f.dated) {
      code = 'PRIORITY_AT_TIME';
      parts.push({ vi: `${head.vi}: phát lúc ${clock} theo lịch, trong khung giờ ${span} (Điều 8.2, Điều 10)`, en: `${head.en}: scheduled for ${clock}, within the window ${span} (Điều 8.2, Điều 10)` });
    } else {
      code = 'PRIORITY_NEXT_WINDOW';
      parts.push({ vi: `${head.vi}: vào khung giờ kế tiếp ${span}, theo thứ tự tỉnh → huyện → xã (Điều 8.2)`, en: `${head.en}: next window ${span}, in the order province → district → commune (Điều 8.2)` });
    }
    if (f.ownAfter) parts.push({ vi: 'xếp trước bản tin ưu tiên của xã', en: "placed before the commune's own priority bulletins" });
    else if (f.lowerAfter) parts.push({ vi: 'xếp trước bản tin ưu tiên của cấp dưới', en: "placed before lower levels' priority bulletins" });
    if (f.upperBefore) parts.push({ vi: 'xếp sau bản tin ưu tiên của cấp trên', en: "placed after upper levels' priority bulletins" });
  } else {
    code = 'NORMAL_CHOSEN';
    parts.push(
      f.dated
        ? { vi: `Thông thường: xã đã chọn phát lúc ${clock} (Điều 8.3)`, en: `Normal: the commune chose to play it at ${clock} (Điều 8.3)` }
        : { vi: `Thông thường: xã đã chọn phát trong khung giờ kế tiếp ${span} (Điều 8.3)`, en: `Normal: the commune chose the next window ${span} (Điều 8.3)` },
    );
  }
  if (f.startAt > f.askedAt) {
    const moved = localClockOf(f.startAt, timeZone);
    parts.push({ vi: `lùi đến ${moved} để phát sau các bản tin xếp trước`, en: `moved to ${moved} to follow the items placed before it` });
  }
  if (f.led) {
    const until = localClockOf(f.endAt, timeZone);
    parts.push({ vi: `trình chiếu lặp lại trên bảng tin đến ${until}`, en: `in the board's slide loop until ${until}` });
  }
  return { code, ...join(parts) };
}
