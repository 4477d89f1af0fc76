// `connections` judges the RSS an idle hub settles at, not the connect storm's garbage seconds after it (issue 8:
// idle devices held). The summary and the projection are pure; these tables are what the verdict rests on.
import t from 'tap';
import { projectRss, summariseIdle } from '../../bench/src/connections-idle.js';

const at = (pairs: readonly [number, number][]) => pairs.map(([s, rssMiB]) => ({ atMs: s * 1000, rssMiB }));

t.test('the settled figure is the median of the last window, not the storm peak or the 5 s figure', async (t) => {
  // A storm's garbage (450) collected around 20 s, then idle at ~320 with one stray sample.
  const samples = at([[5, 450], [10, 450], [15, 449], [20, 330], [25, 320], [30, 321], [35, 319], [40, 500], [45, 320], [50, 322]]);
  t.same(summariseIdle(samples, 5000, 15_000), { earlyMiB: 450, peakMiB: 500, settledMiB: 321, settledSamples: 4 });
});

t.test('edges: unordered samples, an even window, no sample at 5 s, none at all', async (t) => {
  t.same(summariseIdle(at([[20, 300], [10, 200], [15, 100]]), 5000, 5000), { earlyMiB: 200, peakMiB: 300, settledMiB: 200, settledSamples: 2 });
  t.equal(summariseIdle(at([[2, 10], [3, 20]]), 5000, 1000).earlyMiB, 20, 'the last sample when the period ends before 5 s');
  const none = summariseIdle([], 5000, 30_000);
  t.ok(Number.isNaN(none.settledMiB) && Number.isNaN(none.peakMiB) && none.settledSamples === 0);
});

t.test('projection: the enrolled hub plus the RSS each connection adds, at the target', async (t) => {
  // 19,000 connections adding 19,000 × 12 KiB = 222.7 MiB to a 100 MiB hub → 12 KiB each → 100 + 585.9 at 50,000.
  const p = projectRss(100 + (19_000 * 12) / 1024, 100, 19_000, 50_000);
  t.equal(Math.round(p.perConnectionKiB * 1000) / 1000, 12);
  t.equal(Math.round(p.projectedMiB * 10) / 10, 685.9);
  t.ok(Number.isNaN(projectRss(200, 100, 0, 50_000).projectedMiB), 'nothing held: no projection');
  t.ok(Number.isNaN(projectRss(NaN, 100, 10, 50_000).perConnectionKiB), 'no sample: no projection');
});
