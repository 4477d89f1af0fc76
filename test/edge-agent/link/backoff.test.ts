// Full-jitter backoff ("Exponential Backoff and Jitter", AWS 2015): uniform in [0, min(max, base·2^n)).
import t from 'tap';
import fc from 'fast-check';
import { backoffCap, fullJitterDelay } from '../../../edge-agent/src/link/backoff.js';

const policy = { baseMs: 1000, maxMs: 300_000 };

t.test('the cap doubles per attempt up to the maximum', async (t) => {
  t.same([0, 1, 2, 3, 8, 9, 1000].map((n) => backoffCap(n, policy)), [1000, 2000, 4000, 8000, 256_000, 300_000, 300_000]);
  t.equal(backoffCap(-3, policy), 1000, 'a negative attempt counts as the first');
});

t.test('every delay lies in [0, cap) and the whole range is used', async (t) => {
  fc.assert(
    fc.property(fc.nat(80), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
      const d = fullJitterDelay(attempt, policy, () => r);
      return Number.isInteger(d) && d >= 0 && d < backoffCap(attempt, policy);
    }),
  );
  t.equal(fullJitterDelay(5, policy, () => 0), 0, 'full jitter reaches zero (no floor), unlike "equal jitter"');
  t.equal(fullJitterDelay(5, policy, () => 0.999_999), 31_999, 'and just under the cap');
  t.equal(fullJitterDelay(5, policy, () => Number.NaN), 0, 'a broken random source cannot make it wait forever');
});
