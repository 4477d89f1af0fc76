// The hub's calendar is the devices' own programme: for random schedules, windows and zones, each day the hub shows
// equals what buildProgramme gives on a device's manifest. And the Điều 10 check at publication.
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import fc from 'fast-check';
import { addDays, buildProgramme, capsInForce, localDateOf, localDayRange, programmeInputFromManifest, type ProgrammeSelection } from '@tinnguon/protocol';
import { buildAreaTree, DEMO_PROVINCE, type Area } from '../../../hub/src/areas/index.js';
import { computeManifest } from '../../../hub/src/dispatch/compute-manifest.js';
import { isHubError } from '../../../hub/src/errors.js';
import { areaProgrammeDay, areaProgrammeDays, checkOperatingWindows, datedTimesOutsideWindows, type ProgrammeSources } from '../../../hub/src/programme/index.js';
import { scenarioArb } from '../../protocol/programme/programme-arbitraries.js';
import { at } from '../../protocol/programme/programme-fixtures.js';

const DAY = 24 * 3600_000;
const HORIZON = 4 * DAY;

t.test('property: each day of the hub’s calendar is exactly the device’s programme (random schedules, windows, zones, caps)', async () => {
  fc.assert(
    fc.property(scenarioArb, fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.constantFrom('24628', '660'), fc.constantFrom('24628', '660', '67'), (sc, minutes, windowsOn, capsOn) => {
      const { timeZone, windows, kind, caps } = sc.input;
      // The scenario's zone everywhere, its windows and caps (caps per area, e.g. Hà Nội) as overrides up the chain,
      // inherited by the commune; the other kind gets caps of its own that must not leak into this kind's manifest.
      const other = kind === 'led' ? 'loudspeaker' : 'led';
      const areas: Area[] = DEMO_PROVINCE.map((a) => ({
        ...a, timeZone,
        ...(a.code === windowsOn ? { windows: { [kind]: windows } } : {}),
        ...(a.code === capsOn ? { caps: { [other]: { sessionsPerDay: 1 }, ...(caps === undefined ? {} : { [kind]: caps }) } } : {}),
      }));
      const tree = buildAreaTree(areas);
      const now = sc.fromMs + minutes * 60_000;
      const selections = new Map<string, readonly ProgrammeSelection[]>([['24628', sc.input.selections]]);
      const sources: ProgrammeSources = { tree, bulletins: sc.input.bulletins, selections, recalled: sc.input.recalled, now, horizonMs: HORIZON };

      const manifest = computeManifest({
        device: { id: 'loa-24628-0001', kind, areaCode: '24628' }, tree, bulletins: sc.input.bulletins, selections, recalled: sc.input.recalled,
        settings: { volume: 80, heartbeatSec: 30 }, version: 1, now, horizonMs: HORIZON,
      });
      const first = localDateOf(now, timeZone);
      const until = localDayRange(addDays(first, 2), timeZone).toMs;
      if (!isDeepStrictEqual(manifest.caps, capsInForce(caps))) throw new Error(`manifest caps ${JSON.stringify(manifest.caps)} ≠ ${JSON.stringify(caps)}`);
      const device = buildProgramme(programmeInputFromManifest(manifest), now, until).slots;

      const days = areaProgrammeDays(sources, '24628', kind, first, 3);
      const calendar = days.flatMap((d) => d.slots).filter((s) => s.windowEnd > now).map(({ title: _title, ...slot }) => slot);
      if (JSON.stringify(calendar) !== JSON.stringify(device)) throw new Error(`calendar ≠ device: ${JSON.stringify({ calendar, device })}`);
      for (const d of days) {
        if (!isDeepStrictEqual(d.caps, manifest.caps)) throw new Error(`day ${d.date} shows caps ${JSON.stringify(d.caps)}`);
        if (d.toMs - d.fromMs < 22 * 3600_000 || d.windows.some((w) => w.startAt < d.fromMs || w.endAt > d.toMs)) throw new Error(`day ${d.date} is malformed`);
        if (d.slots.some((s) => s.title !== sc.input.bulletins.find((b) => b.bulletinId === s.bulletinId)?.title)) throw new Error('a slot lost its title');
      }
    }),
    { numRuns: 100 },
  );
});

const tree = buildAreaTree(DEMO_PROVINCE);
const audio = { kind: 'audio' as const };
const led = { kind: 'ledText' as const };

t.test('Điều 10 at publication: which areas and device kinds a dated time misses', async (t) => {
  t.same(datedTimesOutsideWindows(tree, { content: audio, schedule: { type: 'nextWindow' }, targetAreas: ['67'] }), [], 'next window is always inside');
  t.same(
    datedTimesOutsideWindows(tree, { content: audio, schedule: { type: 'once', at: at('2026-11-24', '05:15') }, targetAreas: ['664'] }),
    [{ areaCode: '24715', kind: 'loudspeaker', time: '05:15', date: '2026-11-24' }],
    'Xã Nâm Nung opens its loudspeakers at 05:30; the rest of Krông Nô at 05:00',
  );
  t.same(datedTimesOutsideWindows(tree, { content: led, schedule: { type: 'once', at: at('2026-11-24', '05:15') }, targetAreas: ['664'] }), [], 'its LED boards keep the defaults');
  const night = datedTimesOutsideWindows(tree, { content: led, schedule: { type: 'recurring', weekdays: [1], times: ['03:15', '17:30'], fromDate: '2026-11-23', toDate: '2026-11-30' }, targetAreas: ['660'] });
  t.same(night.map((o) => `${o.areaCode}/${o.kind} ${o.time}`), ['24611/led 03:15', '24612/led 03:15', '24628/led 03:15', '660/led 03:15'], 'the 03:15 relay incident, in every area reached');
});

t.test('Điều 10 at publication: refused unless confirmed, and the confirmation says where it will not play', async (t) => {
  const facts = { content: audio, schedule: { type: 'once' as const, at: at('2026-11-24', '11:00') }, targetAreas: ['24628'] };
  t.throws(() => checkOperatingWindows(tree, facts, false), { code: 'HUB_ERR_OUTSIDE_WINDOW' });
  try {
    checkOperatingWindows(tree, facts, false);
  } catch (err) {
    t.ok(isHubError(err, 'HUB_ERR_OUTSIDE_WINDOW'));
    t.match((err as Error).message, /24628\/loudspeaker 2026-11-24 11:00 \(Điều 10\)/);
    t.match((err as { details: unknown }).details, { confirmWith: 'confirmOutsideWindow', outside: [{ areaCode: '24628', kind: 'loudspeaker', time: '11:00' }] });
  }
  t.match(checkOperatingWindows(tree, facts, true), /^Xác nhận phát hành dù giờ phát nằm ngoài khung giờ hoạt động; sẽ không phát tại: 24628\/loudspeaker/);
  t.equal(checkOperatingWindows(tree, { ...facts, schedule: { type: 'once', at: at('2026-11-24', '17:10') } }, false), undefined, 'inside: nothing to confirm');
});

t.test('a day’s calendar for an area: windows inherited down the tree, titles, reasons', async (t) => {
  const sources: ProgrammeSources = {
    tree,
    bulletins: [{
      bulletinId: 'bt-province-0001', revision: 1, title: 'Lịch tiêm chủng mở rộng', priority: 'priority', mode: 'live', originArea: '67', originDepth: 0,
      targetAreas: ['67'], content: { kind: 'tts', text: 'Tiêm chủng', media: { sha256: 'e'.repeat(64), bytes: 100, mime: 'audio/mpeg', durationMs: 90_000 } },
      schedule: { type: 'nextWindow' }, repeat: 1, validFrom: at('2026-11-23', '10:00'), validUntil: at('2026-11-25', '00:00'),
    }],
    selections: new Map(), recalled: [], now: at('2026-11-23', '10:00'), horizonMs: 3 * DAY,
  };
  const namNung = areaProgrammeDay(sources, '24715', 'loudspeaker', '2026-11-23');
  t.same(namNung.windows.map((w) => `${w.start}–${w.end}`), ['05:30–06:30', '17:30–18:30'], 'the commune’s own hours (Điều 10.1)');
  t.match(namNung.slots, [{ bulletinId: 'bt-province-0001', title: 'Lịch tiêm chủng mở rộng', startAt: at('2026-11-23', '17:30'), reason: { code: 'PRIORITY_NEXT_WINDOW' } }]);
  const daknia = areaProgrammeDay(sources, '24628', 'loudspeaker', '2026-11-23');
  t.equal(daknia.slots[0]?.startAt, at('2026-11-23', '17:00'), 'the same bulletin, the defaults of Đắk Nia');
  t.same(areaProgrammeDay(sources, '24628', 'led', '2026-11-23').slots, [], 'speech is not for LED boards');
  t.same(areaProgrammeDay(sources, '24628', 'loudspeaker', '2026-11-24').slots, [], 'next window plays once');
});
