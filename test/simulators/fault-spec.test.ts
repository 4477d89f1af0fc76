// Fault schedules as a technician types them: examples, every mistake listed at once, the JSON file form, and a
// property test that printing and parsing a schedule gives it back.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import t from 'tap';
import { isSimError } from '../../simulators/src/errors.js';
import { durationMs, formatDuration, parseDuration } from '../../simulators/src/faults/duration.js';
import { FAULT_KINDS, faultSpecFromJson, formatFault, parseFaultSpec, type FaultSpec } from '../../simulators/src/faults/fault-spec.js';

t.test('durations: units, signs where allowed, and the shortest exact form back', async (t) => {
  t.equal(durationMs('250ms'), 250);
  t.equal(durationMs('20s'), 20_000);
  t.equal(durationMs('1.5m'), 90_000);
  t.equal(durationMs('2h'), 7_200_000);
  t.equal(durationMs('1500'), 1500, 'a bare number is milliseconds (JSON files)');
  t.equal(durationMs('-2m', true), -120_000);
  t.equal(durationMs('-2m'), undefined, 'no sign unless the setting is an offset');
  t.equal(durationMs('soon'), undefined);
  t.equal(formatDuration(90_000), '90s');
  t.equal(formatDuration(-120_000), '-2m');
  t.equal(formatDuration(1500), '1500ms');
  t.throws(() => parseDuration('x', '--duration'), { code: 'SIM_ERR_USAGE' });
});

t.test('a typed schedule becomes plain data with each kind’s defaults', async (t) => {
  const faults = parseFaultSpec('drop@20s,for=5s,devices=10%; kill@45s ; jump@40s,by=-2m,devices=all;latency@0s by=300ms devices=7');
  t.same(faults, [
    { kind: 'drop', atMs: 20_000, forMs: 5000, byMs: 0, times: 1, everyMs: 0, devices: { percent: 10 }, workers: 0 },
    { kind: 'kill', atMs: 45_000, forMs: 1000, byMs: 0, times: 1, everyMs: 0, devices: { all: true }, workers: 1 },
    { kind: 'jump', atMs: 40_000, forMs: 0, byMs: -120_000, times: 1, everyMs: 0, devices: { all: true }, workers: 0 },
    { kind: 'latency', atMs: 0, forMs: 60_000, byMs: 300, times: 1, everyMs: 0, devices: { count: 7 }, workers: 0 },
  ]);
  t.same(parseFaultSpec('corrupt@1m,every=30s,times=3')[0], { kind: 'corrupt', atMs: 60_000, forMs: 0, byMs: 0, times: 3, everyMs: 30_000, devices: { percent: 5 }, workers: 0 });
  t.same(parseFaultSpec('  ;  '), [], 'an empty schedule is no faults');
});

t.test('every mistake in a schedule is named at once, with SIM_ERR_FAULT_SPEC', async (t) => {
  const err = (() => {
    try {
      parseFaultSpec('explode@1s; drop@soon; kill@1s,by=5s; latency@0s,by=0; drop@1s,devices=0; skew@1s,by=+1s,times=2; jump@1s,by');
      return undefined;
    } catch (e) {
      return e;
    }
  })();
  t.ok(isSimError(err, 'SIM_ERR_FAULT_SPEC'), 'a coded error');
  const message = (err as Error).message;
  for (const expected of ['unknown fault "explode"', '#2 "drop@soon": at', 'kill không nhận / takes no "by"', 'latency cần / needs by', 'devices=0', 'times=2 cần / needs every', '"by" không phải key=value']) {
    t.match(message, expected, `names: ${expected}`);
  }
  t.throws(() => parseFaultSpec('drop@1s,for=-5s'), { code: 'SIM_ERR_FAULT_SPEC' }, 'durations other than offsets are unsigned');
});

t.test('the JSON file form takes the same keys, strings or milliseconds', async (t) => {
  t.same(faultSpecFromJson([{ kind: 'freeze', at: '30s', for: 60_000, devices: '2' }]), [
    { kind: 'freeze', atMs: 30_000, forMs: 60_000, byMs: 0, times: 1, everyMs: 0, devices: { count: 2 }, workers: 0 },
  ]);
  t.throws(() => faultSpecFromJson({ kind: 'drop' }), { code: 'SIM_ERR_FAULT_SPEC' }, 'not an array');
  t.throws(() => faultSpecFromJson([{ kind: 'drop', at: true }]), { code: 'SIM_ERR_FAULT_SPEC' }, 'a value of the wrong type');
  t.throws(() => faultSpecFromJson([null]), { code: 'SIM_ERR_FAULT_SPEC' });
});

const selector = fc.oneof(
  fc.constant({ all: true as const }),
  fc.integer({ min: 1, max: 10_000 }).map((count) => ({ count })),
  fc.integer({ min: 1, max: 100 }).map((percent) => ({ percent })),
);
const seconds = (min: number, max: number) => fc.integer({ min, max }).map((s) => s * 1000);
const spec: fc.Arbitrary<FaultSpec> = fc
  .record({
    kind: fc.constantFrom(...FAULT_KINDS),
    atMs: seconds(0, 3600),
    forMs: seconds(1, 600),
    byMs: seconds(1, 600),
    negative: fc.boolean(),
    times: fc.integer({ min: 1, max: 5 }),
    everyMs: seconds(1, 120),
    devices: selector,
    workers: fc.integer({ min: 1, max: 8 }),
  })
  .map(({ negative, ...f }) => ({
    ...f,
    forMs: f.kind === 'jump' || f.kind === 'corrupt' ? 0 : f.forMs,
    byMs: f.kind === 'skew' || f.kind === 'jump' ? (negative ? -f.byMs : f.byMs) : f.kind === 'latency' ? f.byMs : 0,
    everyMs: f.times > 1 ? f.everyMs : 0,
    devices: f.kind === 'kill' ? { all: true as const } : f.devices,
    workers: f.kind === 'kill' ? f.workers : 0,
  }));

t.test('printing a schedule and parsing it back gives the same schedule', async (t) => {
  fc.assert(
    fc.property(fc.array(spec, { minLength: 1, maxLength: 5 }), (faults) => isDeepStrictEqual(parseFaultSpec(faults.map(formatFault).join('; ')), faults)),
    { numRuns: 300 },
  );
  t.pass('300 random schedules survived the round trip');
});
