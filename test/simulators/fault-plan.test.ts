// From a schedule to the actions of one run: which devices and workers, when, and when they heal. Seeded, so a run
// that found a bug can be repeated exactly.
import t from 'tap';
import { pickIndices, planEndMs, planFaults, seededRandom, selectedCount } from '../../simulators/src/faults/fault-plan.js';
import { parseFaultSpec } from '../../simulators/src/faults/fault-spec.js';

t.test('healing faults end after `for`, one-shot faults do not, kills restart after their downtime', async (t) => {
  const actions = planFaults(parseFaultSpec('drop@10s,for=5s,devices=2; jump@3s,by=+1m,devices=1; kill@20s,for=2s'), { devices: 10, workers: 3, seed: 1 });
  t.same(
    actions.map((a) => [a.atMs, a.op, 'kind' in a ? a.kind : `worker ${a.worker}`]),
    [[3000, 'begin', 'jump'], [10_000, 'begin', 'drop'], [15_000, 'heal', 'drop'], [20_000, 'kill', `worker ${actions[3]?.op === 'kill' ? actions[3].worker : -1}`], [22_000, 'restart', `worker ${actions[3]?.op === 'kill' ? actions[3].worker : -1}`]],
  );
  const drop = actions.find((a) => a.op === 'begin' && a.kind === 'drop');
  const heal = actions.find((a) => a.op === 'heal');
  t.same(heal?.op === 'heal' && drop?.op === 'begin' ? heal.devices : [], drop?.op === 'begin' ? drop.devices : ['x'], 'the same devices heal');
  t.equal(planEndMs(actions), 22_000, 'a run lasts until its last action');
});

t.test('a seed gives the same devices every time; another seed gives others', async (t) => {
  const spec = parseFaultSpec('drop@1s,devices=10%,every=10s,times=3');
  const a = planFaults(spec, { devices: 200, workers: 2, seed: 42 });
  t.same(planFaults(spec, { devices: 200, workers: 2, seed: 42 }), a, 'repeatable');
  t.not(JSON.stringify(planFaults(spec, { devices: 200, workers: 2, seed: 43 })), JSON.stringify(a), 'a different seed, a different draw');
  const begins = a.filter((x) => x.op === 'begin');
  t.same(begins.map((x) => x.atMs), [1000, 11_000, 21_000], 'repeats every 10 s');
  t.ok(begins.every((x) => x.op === 'begin' && x.devices.length === 20 && new Set(x.devices).size === 20 && x.devices.every((i) => i >= 0 && i < 200)), '10% of 200: 20 distinct devices each time');
});

t.test('a skew carries its ramp; heals come before begins at the same instant', async (t) => {
  const actions = planFaults(parseFaultSpec('skew@5s,by=-30s,for=1m,devices=all; latency@0s,by=100ms,for=5s,devices=all'), { devices: 3, workers: 1, seed: 9 });
  t.same(actions.map((a) => `${a.atMs} ${a.op}`), ['0 begin', '5000 heal', '5000 begin']);
  const skew = actions[2];
  t.same(skew?.op === 'begin' ? [skew.kind, skew.byMs, skew.overMs, skew.devices] : [], ['skew', -30_000, 60_000, [0, 1, 2]]);
});

t.test('selection never exceeds the fleet and never picks nothing for a share', async (t) => {
  t.equal(selectedCount({ percent: 1 }, 10), 1, '1% of 10 devices is still one device');
  t.equal(selectedCount({ count: 50 }, 10), 10);
  t.equal(selectedCount({ all: true }, 7), 7);
  t.same(pickIndices(5, 9, seededRandom(1)), [0, 1, 2, 3, 4]);
  t.same(planFaults(parseFaultSpec('kill@1s,workers=3'), { devices: 10, workers: 0, seed: 1 }), [], 'no workers, nothing to kill');
  const r = seededRandom(7);
  const draws = Array.from({ length: 1000 }, r);
  t.ok(draws.every((x) => x >= 0 && x < 1), 'the generator stays in [0, 1)');
});
