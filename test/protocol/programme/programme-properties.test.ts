// Properties of buildProgramme over random zones (with and without DST), windows, bulletins, choices and recalls.
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import fc from 'fast-check';
import { addDays, buildProgramme, clockMinutes, localDateOf, localDayRange, type Bulletin, type ProgrammeSlot } from '@tinnguon/protocol';
import { effectiveSchedule, scenarioArb, shuffled, type Scenario } from './programme-arbitraries.js';
import { quickOracleInstant } from './time-oracle.js';

const RUNS = { numRuns: 120 };

function fail(message: string, detail?: unknown): never {
  throw new Error(detail === undefined ? message : `${message}: ${JSON.stringify(detail)}`);
}

/** The windows of the range's days, found by scanning the zone's clock: [startAt, endAt) pairs. */
function oracleWindows(sc: Scenario): { startAt: number; endAt: number }[] {
  const out: { startAt: number; endAt: number }[] = [];
  for (let d = -1; d <= 3; d++) {
    const date = addDays(sc.date, d);
    for (const w of sc.input.windows) {
      const startAt = quickOracleInstant(date, clockMinutes(w.start) ?? 0, sc.input.timeZone);
      const endAt = quickOracleInstant(date, clockMinutes(w.end) ?? 0, sc.input.timeZone);
      if (endAt > startAt) out.push({ startAt, endAt });
    }
  }
  return out;
}

t.test('nothing dated is ever placed outside an operating window (Điều 10), and never before its time', async () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { slots } = buildProgramme(sc.input, sc.fromMs, sc.toMs);
      const windows = oracleWindows(sc);
      for (const s of slots) {
        if (!windows.some((w) => w.startAt === s.windowStart && w.endAt === s.windowEnd)) fail('slot in a window the area does not have', s);
        if (!(s.windowStart <= s.startAt && s.startAt < s.endAt && s.endAt <= s.windowEnd)) fail('slot outside its window', s);
        const b = sc.input.bulletins.find((x) => x.bulletinId === s.bulletinId) ?? fail('slot for an unknown bulletin', s);
        const schedule = effectiveSchedule(sc.input, b);
        if (schedule.type === 'once' && !(schedule.at >= s.windowStart && schedule.at < s.windowEnd && s.startAt >= schedule.at)) {
          fail('a one-off item away from its time', { s, at: schedule.at });
        }
      }
    }),
    RUNS,
  );
});

t.test('a loudspeaker does one thing at a time; an LED board lists a bulletin once per window', async () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { slots } = buildProgramme(sc.input, sc.fromMs, sc.toMs);
      if (sc.input.kind === 'loudspeaker') {
        for (let i = 1; i < slots.length; i++) {
          const [a, b] = [slots[i - 1] as ProgrammeSlot, slots[i] as ProgrammeSlot];
          if (a.endAt > b.startAt) fail('overlapping slots', [a, b]);
          if (a.endAt - a.startAt !== a.durationMs * a.repeat) fail('a slot is not its plays back to back', a);
        }
      } else {
        const keys = slots.map((s) => `${s.bulletinId}@${s.windowStart}`);
        if (new Set(keys).size !== keys.length) fail('a bulletin twice in one loop', keys);
      }
    }),
    RUNS,
  );
});

t.test('only what may play is placed: no emergency (Điều 8.1), no unpicked normal (Điều 8.3), no recalled, within validity', async () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { slots } = buildProgramme(sc.input, sc.fromMs, sc.toMs);
      for (const s of slots) {
        const b = sc.input.bulletins.find((x) => x.bulletinId === s.bulletinId) ?? fail('unknown bulletin', s);
        if (b.priority === 'emergency') fail('an emergency in the programme', s);
        if (b.priority === 'normal' && !sc.input.selections.some((x) => x.bulletinId === b.bulletinId)) fail('an unpicked normal bulletin', s);
        if (sc.input.recalled.includes(b.bulletinId)) fail('a recalled bulletin', s);
        if (s.startAt < b.validFrom || s.startAt >= b.validUntil || s.endAt > b.validUntil + s.durationMs * s.repeat) fail('outside validity', s);
        if (!b.targetAreas.some((a) => sc.input.areaChain.includes(a))) fail('for another area', s);
      }
    }),
    RUNS,
  );
});

t.test('within a window, priority items play in Điều 8.2 order: the chair’s order, then province → district → commune', async () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      if (sc.input.kind !== 'loudspeaker') return;
      const { slots } = buildProgramme(sc.input, sc.fromMs, sc.toMs);
      const order = (s: ProgrammeSlot) => sc.input.selections.find((x) => x.bulletinId === s.bulletinId)?.order ?? Infinity;
      const priority = slots.filter((s) => s.priority === 'priority');
      for (let i = 1; i < priority.length; i++) {
        const [a, b] = [priority[i - 1] as ProgrammeSlot, priority[i] as ProgrammeSlot];
        if (a.windowStart !== b.windowStart) continue;
        if (order(b) < order(a) || (order(b) === order(a) && b.originDepth < a.originDepth)) fail('out of Điều 8.2 order', [a, b]);
      }
    }),
    RUNS,
  );
});

t.test('deterministic: the same input gives the same programme, whatever the order of its arrays', async () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const once = buildProgramme(sc.input, sc.fromMs, sc.toMs);
      const again = buildProgramme(structuredClone(sc.input), sc.fromMs, sc.toMs);
      const permuted = buildProgramme(
        {
          ...sc.input,
          bulletins: shuffled(sc.input.bulletins, sc.seed),
          selections: shuffled(sc.input.selections, sc.seed + 1),
          recalled: shuffled(sc.input.recalled, sc.seed + 2),
          windows: shuffled(sc.input.windows, sc.seed + 3),
        },
        sc.fromMs,
        sc.toMs,
      );
      if (!isDeepStrictEqual(again, once)) fail('two runs differ');
      if (!isDeepStrictEqual(permuted, once)) fail('the order of the input changed the programme', { permuted, once });
    }),
    { numRuns: 60 },
  );
});

t.test('window by window: a day asked alone equals that day inside a longer timeline, and a device asking mid-way agrees', async () => {
  fc.assert(
    fc.property(scenarioArb, fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }), (sc, minutes) => {
      const whole = buildProgramme(sc.input, sc.fromMs, sc.toMs);
      const byDay = [0, 1, 2].flatMap((d) => {
        const { fromMs, toMs } = localDayRange(addDays(sc.date, d), sc.input.timeZone);
        return buildProgramme(sc.input, fromMs, toMs).slots;
      });
      if (JSON.stringify(byDay) !== JSON.stringify(whole.slots)) fail('days differ from the timeline', { byDay, whole: whole.slots });
      const now = sc.fromMs + minutes * 60_000;
      const device = buildProgramme(sc.input, now, sc.toMs).slots;
      const expected = whole.slots.filter((s) => s.windowEnd > now);
      if (JSON.stringify(device) !== JSON.stringify(expected)) fail('a device asking at a later time sees a different programme', { now, device, expected });
    }),
    RUNS,
  );
});

t.test('caps per area, e.g. Hà Nội: no window holds more than the minutes per session, no day more sessions than allowed', async () => {
  let capped = 0;
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { caps, timeZone, kind } = sc.input;
      const { slots, warnings } = buildProgramme(sc.input, sc.fromMs, sc.toMs);
      const used = new Map<number, number>();
      for (const s of slots) used.set(s.windowStart, (used.get(s.windowStart) ?? 0) + (kind === 'led' ? s.durationMs : s.endAt - s.startAt));
      if (caps?.minutesPerSession !== undefined) {
        for (const [windowStart, ms] of used) if (ms > caps.minutesPerSession * 60_000) fail('a window over the minutes per session', { windowStart, ms, caps });
      }
      if (caps?.sessionsPerDay !== undefined) {
        const perDay = new Map<string, number>();
        for (const windowStart of used.keys()) perDay.set(localDateOf(windowStart, timeZone), (perDay.get(localDateOf(windowStart, timeZone)) ?? 0) + 1);
        for (const [date, n] of perDay) if (n > caps.sessionsPerDay) fail('a day over its sessions', { date, n, caps });
      }
      for (const w of warnings) {
        if (w.code !== 'SESSIONS_PER_DAY_CAP' && w.code !== 'MINUTES_PER_SESSION_CAP') continue;
        capped++;
        if (caps === undefined) fail('a cap warning without caps', w);
        // Điều 8.1: emergencies play at once, at any hour; no cap reaches them.
        if (sc.input.bulletins.find((b) => b.bulletinId === w.bulletinId)?.priority === 'emergency') fail('an emergency was capped', w);
      }
    }),
    RUNS,
  );
  if (capped === 0) fail('the generated caps never bit: the property proves nothing');
});

function passMs(b: Bulletin): number {
  const c = b.content;
  if (c.kind === 'slides') return c.slides.reduce((sum, slide) => sum + slide.durationMs, 0);
  return c.kind === 'tts' || c.kind === 'audio' ? (c.media.durationMs ?? 0) : 0;
}

t.test('caps per area, e.g. Hà Nội: caps that limit nothing leave the programme as it was without caps', async () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { caps: _caps, ...uncapped } = sc.input;
      const without = buildProgramme(uncapped, sc.fromMs, sc.toMs);
      // Twelve sessions a day at most: the generated windows (0–4, plus three fixed sets) never have more. 600 minutes
      // limit nothing only when everything that could land in one window (three times a day each) is shorter.
      const most = sc.input.bulletins.reduce((sum, b) => sum + 3 * b.repeat * passMs(b), 0);
      const loose = most <= 600 * 60_000 ? [{ sessionsPerDay: 12, minutesPerSession: 600 }] : [{ sessionsPerDay: 12 }];
      for (const caps of [{}, ...loose]) {
        if (!isDeepStrictEqual(buildProgramme({ ...uncapped, caps }, sc.fromMs, sc.toMs), without)) fail('caps that limit nothing changed the programme', caps);
      }
    }),
    { numRuns: 60 },
  );
});
