// Builders for programme tests: bulletins in the domain's words, inputs for a commune device, and readable slots.
import {
  instantAtLocal, localClockOf, localDateOf, type Bulletin, type ProgrammeInput, type ProgrammeSlot, type ProgrammeWarning,
} from '@tinnguon/protocol';

export const HCM = 'Asia/Ho_Chi_Minh';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Province 67 → district 660 → commune 24628 (Xã Đắk Nia), as in the demo province. */
export const CHAIN = ['67', '660', '24628'] as const;
export const LOUDSPEAKER_WINDOWS = [{ start: '05:00', end: '06:30' }, { start: '17:00', end: '18:30' }];
export const LED_WINDOWS = [{ start: '05:00', end: '07:00' }, { start: '17:00', end: '22:00' }];

/** The instant a local date and 'HH:MM' name in a zone. */
export function at(date: string, clock: string, timeZone = HCM): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return instantAtLocal(date, h * 60 + m, timeZone);
}

const SHA = 'b7e4'.padEnd(64, '0');
const ORIGIN_BY_DEPTH = ['67', '660', '24628'];

export interface BulletinOptions extends Partial<Bulletin> {
  /** One play of the speech, in seconds (loudspeakers) or the slide's duration (LED). */
  readonly seconds?: number;
  readonly led?: boolean;
}

/** A priority bulletin for loudspeakers ("next window", one play of 60 s) valid for a week from 2026-11-23 00:00. */
export function bulletin(id: string, o: BulletinOptions = {}): Bulletin {
  const { seconds = 60, led = false, ...over } = o;
  const depth = over.originDepth ?? 0;
  return {
    bulletinId: id,
    revision: 1,
    title: `Bản tin ${id}`,
    priority: 'priority',
    mode: 'live',
    originArea: ORIGIN_BY_DEPTH[depth] ?? '24628',
    originDepth: depth,
    targetAreas: ['67'],
    content: led
      ? { kind: 'ledText', slide: { type: 'text', text: `Bảng tin ${id}`, durationMs: seconds * 1000 } }
      : { kind: 'tts', text: `Bản tin ${id}`, media: { sha256: SHA, bytes: 1000, mime: 'audio/mpeg', durationMs: seconds * 1000 } },
    schedule: { type: 'nextWindow' },
    repeat: 1,
    validFrom: at('2026-11-23', '00:00'),
    validUntil: at('2026-11-30', '00:00'),
    ...over,
  };
}

export function input(over: Partial<ProgrammeInput> = {}): ProgrammeInput {
  const kind = over.kind ?? 'loudspeaker';
  return {
    timeZone: HCM,
    windows: kind === 'led' ? LED_WINDOWS : LOUDSPEAKER_WINDOWS,
    kind,
    areaChain: CHAIN,
    bulletins: [],
    selections: [],
    recalled: [],
    ...over,
  };
}

/** 'id@HH:MM-HH:MM' in the zone: what an official reads on the calendar. */
export function brief(slots: readonly ProgrammeSlot[], timeZone = HCM): string[] {
  return slots.map((s) => `${s.bulletinId}@${localClockOf(s.startAt, timeZone)}-${localClockOf(s.endAt, timeZone)}`);
}

/** 'id@YYYY-MM-DD HH:MM' for slots spread over days. */
export function dated(slots: readonly ProgrammeSlot[], timeZone = HCM): string[] {
  return slots.map((s) => `${s.bulletinId}@${localDateOf(s.startAt, timeZone)} ${localClockOf(s.startAt, timeZone)}`);
}

export function codes(warnings: readonly ProgrammeWarning[]): string[] {
  return warnings.map((w) => `${w.bulletinId}:${w.code}`);
}
