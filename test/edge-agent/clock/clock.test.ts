// Time (design.md §11): the NTP-style arithmetic, when the clock is trusted, hub time kept on the monotonic clock, and
// the exchange over the link accepting only replies to what it asked.
import t from 'tap';
import fc from 'fast-check';
import { clockTrust } from '../../../edge-agent/src/clock/clock-trust.js';
import { HubClock } from '../../../edge-agent/src/clock/hub-clock.js';
import { bestSample, errorBound, preferredSample, sampleOf } from '../../../edge-agent/src/clock/ntp-sample.js';
import { TimeSync } from '../../../edge-agent/src/clock/time-sync.js';
import { ManualTime } from '../helpers/manual-time.js';

const BUILD = Date.UTC(2026, 10, 1);

t.test('offset and round trip from t0..t3 (RFC 5905 §8)', async (t) => {
  t.same(sampleOf(100, 1150, 1151, 103), { offsetMs: 1049, rttMs: 2, at: 103 }, 'hub 1049 ms ahead, 2 ms on the wire');
  t.equal(sampleOf(100, 50, 40, 110), undefined, 'the hub cannot reply before it received');
  t.equal(sampleOf(100, 50, 60, 105), undefined, 'a negative round trip is not a sample');
  t.equal(bestSample([{ offsetMs: 5, rttMs: 40, at: 1 }, { offsetMs: 9, rttMs: 3, at: 2 }, { offsetMs: 7, rttMs: 3, at: 3 }])?.at, 3, 'lowest round trip, the later on a tie');
  fc.assert(
    fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(500), fc.nat(500), fc.nat(50), (offset, up, down, hold) => {
      const t0 = 1e6;
      const t1 = t0 + up + offset;
      const t2 = t1 + hold;
      const t3 = t0 + up + hold + down;
      const s = sampleOf(t0, t1, t2, t3);
      // The error is half the path asymmetry, never more.
      return s !== undefined && s.rttMs === up + down && Math.abs(s.offsetMs - offset) <= Math.abs(up - down) / 2 + 1e-6;
    }),
  );
});

t.test('trust needs a sync since boot (or the OS, where allowed) and a date after the build', async (t) => {
  const base = { trustSystemNtp: false, systemNtpSynced: false, now: BUILD + 1, notBefore: BUILD };
  t.equal(clockTrust({ ...base, syncedWithHub: false }).trusted, false, 'no sync since boot');
  t.equal(clockTrust({ ...base, syncedWithHub: true }).trusted, true);
  t.equal(clockTrust({ ...base, syncedWithHub: false, systemNtpSynced: true }).trusted, false, 'the OS is not believed unless configured');
  t.equal(clockTrust({ ...base, syncedWithHub: false, systemNtpSynced: true, trustSystemNtp: true }).trusted, true);
  t.match(clockTrust({ ...base, syncedWithHub: true, now: BUILD - 1 }), { trusted: false, reason: 'AGENT_ERR_CLOCK_UNTRUSTED' }, 'a date before the build');
});

t.test('hub time rides the monotonic clock once synced; wall jumps are measured, not followed', async (t) => {
  const time = new ManualTime(BUILD + 1000);
  const clock = new HubClock({ clock: time.clock, notBefore: BUILD, jumpThresholdMs: 2000 });
  t.equal(clock.now(), BUILD + 1000, 'before a sync: the wall clock');
  t.equal(clock.trusted, false);
  t.equal(clock.detectJump(), 0, 'first call takes the baseline');
  t.ok(clock.accept([{ offsetMs: BUILD + 5000, rttMs: 4, at: 0 }]), 'a sample is taken');
  t.equal(clock.now(), BUILD + 5000, 'hub time = monotonic + offset');
  t.match(clock.status(), { trusted: true, offsetMs: 4000, rttMs: 4 }, 'reported as hub minus wall');
  time.jump(-3600_000);
  t.equal(clock.detectJump(), -3600_000, 'a one-hour step back is seen');
  t.equal(clock.now(), BUILD + 5000, 'and hub time did not move');
  time.jump(1500);
  t.equal(clock.detectJump(), 0, 'a step within the threshold is drift, not a jump');
  t.equal(clock.accept([]), false, 'an empty round changes nothing');
});

t.test('the exchange: a few requests, replies matched by t0, the best kept; strays and timeouts ignored', async (t) => {
  const time = new ManualTime(BUILD);
  const clock = new HubClock({ clock: time.clock, notBefore: BUILD - 1 });
  const sent: number[] = [];
  const ref: { sync?: TimeSync } = {};
  const sync = new TimeSync({
    clock, timers: time.timers, samples: 3, timeoutMs: 1000,
    send: async ({ t0 }) => {
      sent.push(t0);
      if (sent.length === 2) return; // this one is lost
      ref.sync?.receive({ t0: t0 + 0.5, t1: 1, t2: 2 }); // a stray that matches nothing
      time.advance(sent.length === 1 ? 30 : 6);
      ref.sync?.receive({ t0, t1: BUILD + 10_000, t2: BUILD + 10_000 });
    },
  });
  ref.sync = sync;
  const round = sync.sync();
  t.equal(sync.sync(), round, 'a second caller joins the round in flight');
  await new Promise((r) => setImmediate(r));
  time.advance(1000); // the lost request times out
  t.equal(await round, true);
  t.equal(sent.length, 3, 'three requests');
  t.match(clock.status(), { rttMs: 6 }, 'the sample with the lowest round trip won');
});

t.test('a worse round does not replace a better recent sample; a stepped hub clock is followed at once', async (t) => {
  const good = { offsetMs: 5000, rttMs: 2, at: 0 };
  const busy = { offsetMs: 5080, rttMs: 200, at: 10_000 };
  t.equal(preferredSample(undefined, busy, 10_000), busy, 'the first sample is taken whatever it is');
  t.equal(preferredSample(good, busy, 10_000), good, 'a round through a busy link (±100 ms) keeps the ±1 ms one');
  // 15 ppm of drift: after 3.3 hours the held sample's bound (1 + 180) passes the busy one's (100).
  const later = { ...busy, at: 12_000_000 };
  t.equal(preferredSample(good, later, 12_000_000), later, 'an old sample gives way once drift could exceed the new bound');
  t.equal(errorBound(good, 1_000_000), 1 + 15, 'half the round trip plus 15 ppm of the age');
  const stepped = { offsetMs: 7000, rttMs: 200, at: 10_000 };
  t.equal(preferredSample(good, stepped, 10_000), stepped, 'offsets 2 s apart cannot both be right: the hub was stepped');
  fc.assert(
    fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.nat(1000), fc.integer({ min: -1e6, max: 1e6 }), fc.nat(1000), fc.nat(1e7), (o1, r1, o2, r2, age) => {
      const held = { offsetMs: o1, rttMs: r1, at: 0 };
      const fresh = { offsetMs: o2, rttMs: r2, at: age };
      const kept = preferredSample(held, fresh, age);
      // Whatever is kept, its bound is no worse than the new sample's, or the new one was taken.
      return kept === fresh || errorBound(kept, age) < errorBound(fresh, age);
    }),
  );
});
