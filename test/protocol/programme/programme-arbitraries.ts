// Random programmes for property tests: zones with and without DST, random windows, bulletins of every priority with
// every kind of schedule, commune choices and recalls, over three local days that often include a DST change; and half
// the time the area's caps (issue 6: caps per area, e.g. Hà Nội), tight enough to bite.
import fc from 'fast-check';
import {
  addDays, clockMinutes, instantAtLocal, localDayRange, type BroadcastCaps, type Bulletin, type DeviceKind, type OperatingWindow, type ProgrammeInput, type ProgrammeSelection, type Schedule,
} from '@tinnguon/protocol';
import { DATES, ZONES } from './time-oracle.js';

export const CHAIN = ['67', '660', '24628'];
const FIVE = 5 * 60_000;

export interface Scenario {
  readonly input: ProgrammeInput;
  /** First local date of the range; the range is three local days. */
  readonly date: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** For permutation tests. */
  readonly seed: number;
}

function clock(fives: number): string {
  const m = fives * 5;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** 0–4 windows on a five-minute grid, sorted and apart (what validateWindows lets an area configure). */
const randomWindowsArb: fc.Arbitrary<OperatingWindow[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 288 }), { minLength: 0, maxLength: 8 })
  .map((edges) => {
    const sorted = [...edges].sort((a, b) => a - b);
    const out: OperatingWindow[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      const [s, e] = [sorted[i] as number, sorted[i + 1] as number];
      if (s < 288) out.push({ start: clock(s), end: clock(e) });
    }
    return out;
  });

/** Mostly real windows (the Điều 10 defaults, a commune's own, night-time ones across a DST change), some random. */
const fixed = (windows: OperatingWindow[]): fc.Arbitrary<OperatingWindow[]> => fc.constant(windows);
export const windowsArb: fc.Arbitrary<OperatingWindow[]> = fc.oneof(
  { weight: 2, arbitrary: fixed([{ start: '05:00', end: '06:30' }, { start: '17:00', end: '18:30' }]) },
  { weight: 1, arbitrary: fixed([{ start: '05:00', end: '07:00' }, { start: '17:00', end: '22:00' }]) },
  { weight: 1, arbitrary: fixed([{ start: '00:00', end: '01:30' }, { start: '01:30', end: '04:00' }, { start: '23:00', end: '24:00' }]) },
  { weight: 3, arbitrary: randomWindowsArb },
);

/** Where in the windows to aim a time, so dated items often land inside one (and collide). */
const aimArb = fc.option(fc.record({ window: fc.nat(), day: fc.integer({ min: 0, max: 2 }), percent: fc.integer({ min: 0, max: 99 }) }), { nil: undefined, freq: 2 });
type Aim = { readonly window: number; readonly day: number; readonly percent: number } | undefined;

type ScheduleSpec =
  | { readonly type: 'once'; readonly fives: number; readonly aim: Aim }
  | { readonly type: 'recurring'; readonly weekdays: number[]; readonly times: number[]; readonly fromOffset: number; readonly days: number; readonly aim: Aim }
  | { readonly type: 'nextWindow' };

const scheduleSpecArb: fc.Arbitrary<ScheduleSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant('once' as const), fives: fc.integer({ min: -288, max: 4 * 288 }), aim: aimArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('recurring' as const),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      times: fc.uniqueArray(fc.integer({ min: 0, max: 287 }), { minLength: 1, maxLength: 3 }),
      fromOffset: fc.integer({ min: -3, max: 3 }),
      days: fc.integer({ min: 0, max: 6 }),
      aim: aimArb,
    }),
  },
  { weight: 4, arbitrary: fc.constant({ type: 'nextWindow' as const }) },
);

/** The local minute an aim points at, on a five-minute grid inside the chosen window. */
function aimed(aim: Aim, windows: readonly OperatingWindow[]): number | undefined {
  const w = aim === undefined || windows.length === 0 ? undefined : windows[aim.window % windows.length];
  if (aim === undefined || w === undefined) return undefined;
  const [start, end] = [clockMinutes(w.start) ?? 0, clockMinutes(w.end) ?? 0];
  return start + Math.floor(((end - start) * aim.percent) / 100 / 5) * 5;
}

function scheduleOf(spec: ScheduleSpec, date: string, fromMs: number, windows: readonly OperatingWindow[], zone: string): Schedule {
  switch (spec.type) {
    case 'once': {
      const minute = aimed(spec.aim, windows);
      return { type: 'once', at: minute === undefined ? fromMs + spec.fives * FIVE : instantAtLocal(addDays(date, spec.aim?.day ?? 0), minute, zone) };
    }
    case 'recurring': {
      const fromDate = addDays(date, spec.fromOffset);
      const minute = aimed(spec.aim, windows);
      const times = minute === undefined ? spec.times.map(clock) : [clock(minute / 5)];
      return { type: 'recurring', weekdays: spec.weekdays, times, fromDate, toDate: addDays(fromDate, spec.days) };
    }
    case 'nextWindow':
      return { type: 'nextWindow' };
  }
}

const bulletinSpecArb = fc.record({
  priority: fc.constantFrom<Bulletin['priority']>('emergency', 'priority', 'priority', 'priority', 'normal', 'normal'),
  depth: fc.integer({ min: 0, max: 2 }),
  target: fc.constantFrom('67', '660', '24628', '24628', '24611'),
  seconds: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 10, max: 10 * 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 10 * 60, max: 40 * 60 }) }),
  repeat: fc.integer({ min: 1, max: 3 }),
  /** Mostly content the device can show (Điều 7); sometimes the other kind, which it must ignore. */
  suits: fc.integer({ min: 0, max: 6 }).map((n) => n !== 0),
  schedule: scheduleSpecArb,
  // Shared validFrom values make "next window" items collide, which is where the rules matter.
  validFromFives: fc.oneof(fc.constantFrom(-12, 0, 0, 60, 150), fc.integer({ min: -2 * 288, max: 2 * 288 })),
  validFives: fc.oneof(fc.integer({ min: 12, max: 288 }), fc.integer({ min: 288, max: 6 * 288 })),
  picked: fc.boolean(),
  order: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  ownSchedule: fc.option(scheduleSpecArb, { nil: undefined }),
  recalled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  mode: fc.constantFrom<Bulletin['mode']>('live', 'test'),
});
type BulletinSpec = typeof bulletinSpecArb extends fc.Arbitrary<infer T> ? T : never;

/** No caps, an explicit {} (limits nothing), or few sessions and minutes, so items collide with them. */
export const capsArb: fc.Arbitrary<BroadcastCaps | undefined> = fc.option(
  fc
    .record({
      sessionsPerDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      minutesPerSession: fc.option(fc.oneof(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 15, max: 600 })), { nil: undefined }),
    })
    .map(({ sessionsPerDay, minutesPerSession }) => ({
      ...(sessionsPerDay === undefined ? {} : { sessionsPerDay }),
      ...(minutesPerSession === undefined ? {} : { minutesPerSession }),
    })),
  { nil: undefined, freq: 2 },
);

const SHA = 'd4c3'.padEnd(64, '0');

function bulletinOf(id: string, s: BulletinSpec, date: string, fromMs: number, kind: DeviceKind, windows: readonly OperatingWindow[], zone: string): Bulletin {
  const led = (kind === 'led') === s.suits;
  const validFrom = Math.max(0, fromMs + s.validFromFives * FIVE);
  return {
    bulletinId: id,
    revision: 1 + (s.seconds % 3),
    title: `Bản tin ${id}`,
    priority: s.priority,
    mode: s.mode,
    originArea: CHAIN[s.depth] ?? '67',
    originDepth: s.depth,
    targetAreas: [s.target],
    content: led
      ? { kind: 'slides', slides: [{ type: 'text', text: `Trang 1 ${id}`, durationMs: s.seconds * 500 }, { type: 'text', text: `Trang 2 ${id}`, durationMs: s.seconds * 500 }] }
      : { kind: 'tts', text: `Bản tin ${id}`, media: { sha256: SHA, bytes: 1000, mime: 'audio/mpeg', durationMs: s.seconds * 1000 } },
    schedule: s.priority === 'emergency' ? { type: 'now' } : scheduleOf(s.schedule, date, fromMs, windows, zone),
    repeat: s.repeat,
    validFrom,
    validUntil: validFrom + s.validFives * FIVE,
  };
}

function dailyAtEveryWindow(date: string, fromMs: number, kind: DeviceKind, windows: readonly OperatingWindow[]): Bulletin {
  const times = [...new Set(windows.map((w) => w.start))].slice(0, 12);
  return {
    bulletinId: 'bt-gen-daily', revision: 1, title: 'Bản tin bt-gen-daily', priority: 'priority', mode: 'live', originArea: '24628', originDepth: 2, targetAreas: ['24628'],
    content: kind === 'led'
      ? { kind: 'slides', slides: [{ type: 'text', text: 'Chương trình của xã', durationMs: 30_000 }] }
      : { kind: 'tts', text: 'Chương trình của xã', media: { sha256: SHA, bytes: 1000, mime: 'audio/mpeg', durationMs: 30_000 } },
    schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5, 6, 7], times, fromDate: addDays(date, -1), toDate: addDays(date, 4) },
    repeat: 1, validFrom: fromMs - 288 * FIVE, validUntil: fromMs + 5 * 288 * FIVE,
  };
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    date: fc.constantFrom(...DATES.map((d) => addDays(d, -1))),
    kind: fc.constantFrom<DeviceKind>('loudspeaker', 'led'),
    windows: windowsArb,
    specs: fc.array(bulletinSpecArb, { minLength: 1, maxLength: 14 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    caps: capsArb,
  })
  .map(({ zone, date, kind, windows, specs, seed, caps }) => {
    const { fromMs } = localDayRange(date, zone);
    const toMs = localDayRange(addDays(date, 3), zone).fromMs;
    const generated = specs.map((s, i) => bulletinOf(`bt-gen-${String(i).padStart(2, '0')}`, s, date, fromMs, kind, windows, zone));
    // With caps, the commune's own daily item at every window's opening makes days of several sessions common, which
    // is where the sessions per day bite (random bulletins alone rarely fill two windows of one day).
    const bulletins = caps === undefined || windows.length === 0 ? generated : [...generated, dailyAtEveryWindow(date, fromMs, kind, windows)];
    const selections: ProgrammeSelection[] = specs.flatMap((s, i) =>
      s.picked
        ? [{
            bulletinId: `bt-gen-${String(i).padStart(2, '0')}`,
            ...(s.order === undefined ? {} : { order: s.order }),
            ...(s.ownSchedule === undefined ? {} : { schedule: scheduleOf(s.ownSchedule, date, fromMs, windows, zone) }),
          }]
        : [],
    );
    const recalled = bulletins.filter((_, i) => specs[i]?.recalled === true).map((b) => b.bulletinId);
    const input: ProgrammeInput = { timeZone: zone, windows, kind, areaChain: CHAIN, bulletins, selections, recalled, ...(caps === undefined ? {} : { caps }) };
    return { input, date, fromMs, toMs, seed };
  });

/** A deterministic shuffle, so a failing case replays. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The schedule the programme follows for a bulletin: its own for priority, the commune's (if any) for normal. */
export function effectiveSchedule(input: ProgrammeInput, b: Bulletin): Schedule {
  if (b.priority !== 'normal') return b.schedule;
  return input.selections.find((s) => s.bulletinId === b.bulletinId)?.schedule ?? b.schedule;
}
