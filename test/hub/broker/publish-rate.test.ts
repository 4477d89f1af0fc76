// How fast one device may publish: a burst, then a steady rate (hub/src/broker/publish-rate.ts).
import t from 'tap';
import { takePublishToken, type PublishBucket } from '../../../hub/src/broker/publish-rate.js';

const RATE = { perSec: 20, burst: 5 };

t.test('a burst, then the steady rate', async (t) => {
  let bucket: PublishBucket | undefined;
  const take = (at: number): boolean => {
    const r = takePublishToken(bucket, at, RATE);
    bucket = r.bucket;
    return r.allowed;
  };
  t.same([1, 2, 3, 4, 5, 6].map(() => take(0)), [true, true, true, true, true, false], 'a new device has its burst, and no more at once');
  t.equal(take(49), false, 'less than one token back after 49 ms at 20/s');
  t.equal(take(50), true, 'one back after 50 ms');
  t.equal(take(10_000), true, 'a quiet device refills');
  t.equal(bucket?.tokens, RATE.burst - 1, 'but never beyond its burst');
});
