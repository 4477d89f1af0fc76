// The benchmarks' own verdicts and readings (issue 8): the raw emergency judged as the agents are (with a pinned
// attention tone, sound starts as the message arrives), the loopback's TIME_WAIT count, and the agents run's CPU share.
import t from 'tap';
import { rawAudioStart } from '../../bench/src/raw-audio-start.js';
import { describeLoopback, timeWaitCount } from '../../bench/src/loopback.js';
import { cpuShare } from '../../bench/src/cpu-share.js';

const T0 = 1_000_000;

t.test('with a tone, sound starts at the message; speech later than the tone ends is a silence', async (t) => {
  const arrivals = [T0 + 300, T0 + 100, T0 + 900];
  const fetched = [T0 + 1200, T0 + 2600, T0 + 3400]; // device 0: within its tone (ends at 2,300)
  const r = rawAudioStart(arrivals, fetched, T0, 2000);
  t.same(r.audioStart, [100, 300, 900]);
  t.same(r.silences, [500, 500], 'device 1: tone ends at 2,100, speech at 2,600; device 2: tone ends at 2,900, speech at 3,400');
  t.equal(r.devicesWithoutSound, 0);
  t.match(r.verdictOn, /2000 ms attention tone/);
});

t.test('a device the message never reached has no sound, whatever it fetched; a failed fetch is no silence figure', async (t) => {
  const r = rawAudioStart([NaN, T0 + 50, T0 + 60], [T0 + 500, -1, NaN], T0, 2000);
  t.same(r.audioStart, [50, 60]);
  t.equal(r.devicesWithoutSound, 1);
  t.same(r.silences, []);
});

t.test('without a tone, sound starts when the speech is fetched, and a failed fetch means no sound', async (t) => {
  const r = rawAudioStart([T0 + 100, T0 + 200, T0 + 300], [T0 + 900, -1, NaN], T0, undefined);
  t.same(r.audioStart, [900], 'from t0, not from the message');
  t.equal(r.devicesWithoutSound, 2);
  t.match(r.verdictOn, /speech fetched/);
});

t.test("TIME_WAIT is read from /proc/net/sockstat's TCP line", async (t) => {
  t.equal(timeWaitCount('sockets: used 8\nTCP: inuse 1 orphan 0 tw 2275 alloc 1 mem 45\nUDP: inuse 0 mem 0\n'), 2275);
  t.equal(timeWaitCount('sockets: used 8\nUDP: inuse 0 mem 0\n'), undefined);
  t.equal(timeWaitCount(''), undefined);
  t.equal(describeLoopback({ timeWaitFound: 11_049, timeWaitAtStart: 0, waitedS: 60.2 }), '11049 in TIME_WAIT found, 0 at start (waited 60.2 s)');
});

t.test("the cores' share: how busy, the CPU per started tone, and the p50 that cost gives", async (t) => {
  // 1 s on 2 cores, both saturated (hub 0.4 s, workers 1.6 s), 1,000 tones started: 2 ms of CPU each.
  const f = cpuShare({ wallMs: 1000, hubCpuS: 0.4, workersCpuS: 1.6, tonesStarted: 1000, cores: 2 }, 2000);
  t.equal(f.busyShare, 1);
  t.equal(f.cpuMsPerTone, 2);
  t.equal(f.p50EstimateMs, 1000, '1,000 tones × 2 ms over 2 cores');
  t.ok(Number.isNaN(cpuShare({ wallMs: 1000, hubCpuS: 1, workersCpuS: 1, tonesStarted: 0, cores: 2 }, 2000).cpuMsPerTone), 'no tone, no cost per tone');
});
