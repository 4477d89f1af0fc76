import type { DeviceKind, OperatingWindow } from '@tinnguon/protocol';
import { HubError } from '../errors.js';

// The wire contract owns these (protocol/src/primitives.ts): a window is { start: 'HH:MM', end: 'HH:MM' } in the
// area's local time, end after start on the same day, '24:00' only as an end.
export type { DeviceKind, OperatingWindow };
export { DEVICE_KINDS } from '@tinnguon/protocol';

/**
 * Defaults from Điều 10, Quyết định 993/QĐ-UBND ngày 19/8/2024 (UBND tỉnh Đắk Nông):
 * 10.1 đài truyền thanh cấp xã (loudspeakers): 05:00–06:30 and 17:00–18:30;
 * 10.2 bảng tin điện tử công cộng (LED boards), every day including holidays: 05:00–07:00 and 17:00–22:00.
 * Outside them only emergency or exceptional broadcasts; each area may set its own (stored as an override).
 */
export const DEFAULT_WINDOWS: Readonly<Record<DeviceKind, readonly OperatingWindow[]>> = Object.freeze({
  loudspeaker: Object.freeze([
    { start: '05:00', end: '06:30' },
    { start: '17:00', end: '18:30' },
  ]),
  led: Object.freeze([
    { start: '05:00', end: '07:00' },
    { start: '17:00', end: '22:00' },
  ]),
});

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** 'HH:MM' to minutes after midnight, 0..1440; undefined if malformed or past 24:00. */
export function clockToMinutes(clock: string): number | undefined {
  const match = CLOCK.exec(clock);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 ? minutes : undefined;
}

export function isDeviceKind(value: unknown): value is DeviceKind {
  return value === 'loudspeaker' || value === 'led';
}

function invalid(detail: string): HubError {
  return new HubError('HUB_ERR_WINDOW_INVALID', detail);
}

/**
 * Checks a list of windows and returns it sorted by start. Rejects malformed times, empty or reversed windows and
 * overlaps (windows that merely touch, 06:30–07:00 after 05:00–06:30, are fine). An empty list is valid: the area
 * plays nothing but emergencies.
 */
export function validateWindows(windows: readonly OperatingWindow[]): OperatingWindow[] {
  const spans = windows.map((w) => {
    if (typeof w !== 'object' || w === null) throw invalid('each window must be { start, end }');
    const start = clockToMinutes(w.start);
    const end = clockToMinutes(w.end);
    if (start === undefined || start === 1440) throw invalid(`start ${JSON.stringify(w.start)} is not HH:MM before 24:00`);
    if (end === undefined) throw invalid(`end ${JSON.stringify(w.end)} is not HH:MM up to 24:00`);
    if (end <= start) throw invalid(`${w.start}–${w.end}: the end must be after the start on the same day`);
    return { window: { start: w.start, end: w.end }, start, end };
  });
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1];
    const cur = spans[i];
    if (prev && cur && cur.start < prev.end) {
      throw invalid(`${prev.window.start}–${prev.window.end} overlaps ${cur.window.start}–${cur.window.end}`);
    }
  }
  return spans.map((s) => s.window);
}

/** Whether a local minute of the day (0..1439) falls inside one of the windows; ends are exclusive. */
export function windowsContain(windows: readonly OperatingWindow[], minuteOfDay: number): boolean {
  return windows.some((w) => {
    const start = clockToMinutes(w.start);
    const end = clockToMinutes(w.end);
    return start !== undefined && end !== undefined && minuteOfDay >= start && minuteOfDay < end;
  });
}
