// The reconnect schedule (reconnect-policy.ts): a refused connection (the hub restarting, issue 8 bench `reconnect`)
// is retried on a short jittered schedule for a bounded window of the outage; every sign of overload keeps the
// exponential full jitter ("Exponential Backoff and Jitter", AWS 2015) that protects the hub, including its connect
// gate's CONNACK 3 (hub/src/broker/connect-gate.ts).
import t from 'tap';
import fc from 'fast-check';
import {
  connackFailure, linkFailureOf, outageSince, reconnectDelay, type LinkFailure, type Outage, type ReconnectPolicy,
} from '../../../edge-agent/src/link/reconnect-policy.js';

const policy: ReconnectPolicy = { baseMs: 1000, maxMs: 300_000, refusedRetryMs: 1000, refusedWindowMs: 60_000 };
const T0 = Date.UTC(2026, 10, 23, 7);
const half = () => 0.5;
const fresh = outageSince(T0);
const afterSteps = (steps: number, overloaded = false): Outage => ({ since: T0, steps, overloaded });

t.test('table: failure kind and outage → schedule, wait (random = 0.5) and the outage after', async (t) => {
  const rows: [string, LinkFailure, Outage, number, 'short' | 'exponential', number, Outage][] = [
    // what happened, failure, outage before, ms since T0, schedule, delay, outage after
    ['link lost: the first step of full jitter, a new outage', 'lost', afterSteps(7, true), 90_000, 'exponential', 500, { since: T0 + 90_000, steps: 1, overloaded: false }],
    ['refused (hub restarting): short, the step is not advanced', 'refused', afterSteps(1), 3000, 'short', 1000, afterSteps(1)],
    ['reset before CONNACK counts as refused', 'reset', afterSteps(1), 3000, 'short', 1000, afterSteps(1)],
    ['refused at the end of the window: still short', 'refused', afterSteps(1), 59_999, 'short', 1000, afterSteps(1)],
    ['refused past the window: exponential from the step reached', 'refused', afterSteps(1), 60_000, 'exponential', 1000, afterSteps(2)],
    ['busy (CONNACK 3) right after a restart: exponential from the base, not from the refusals', 'busy', afterSteps(1), 5000, 'exponential', 1000, afterSteps(2, true)],
    ['refused after the hub said busy: exponential (a hub once overloaded is not hurried)', 'refused', afterSteps(2, true), 8000, 'exponential', 2000, afterSteps(3, true)],
    ['connect or CONNACK timeout: exponential, overload', 'timeout', afterSteps(3), 10_000, 'exponential', 4000, afterSteps(4, true)],
    ['closed before CONNACK without a reset (the broker\u2019s connect timeout): exponential, overload', 'closed', afterSteps(0), 1000, 'exponential', 500, afterSteps(1, true)],
    ['credentials refused: exponential, not counted as overload', 'rejected', afterSteps(0), 1000, 'exponential', 500, afterSteps(1)],
    ['anything else: exponential', 'other', afterSteps(4), 1000, 'exponential', 8000, afterSteps(5)],
  ];
  for (const [what, failure, before, elapsed, schedule, delayMs, outage] of rows) {
    t.same(reconnectDelay(failure, before, T0 + elapsed, policy, half), { delayMs, schedule, outage }, what);
  }
});

t.test('the short schedule is uniform in [0.5, 1.5) × refusedRetryMs and never below half of it', async (t) => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 59_999 }), (r, elapsed) => {
      const d = reconnectDelay('refused', fresh, T0 + elapsed, policy, () => r);
      return d.schedule === 'short' && Number.isInteger(d.delayMs) && d.delayMs >= 500 && d.delayMs < 1500;
    }),
  );
  t.equal(reconnectDelay('refused', fresh, T0, policy, () => Number.NaN).delayMs, 500, 'a broken random source gives the shortest wait, not none');
});

t.test('a metered link is not hurried: short retries end with the window, whatever the outage', async (t) => {
  // An hour against a dead hub (every try refused), with and without the short schedule.
  const hour = (p: ReconnectPolicy): number[] => {
    const waits: number[] = [];
    let outage = fresh;
    let failure: LinkFailure = 'lost';
    for (let at = T0; at < T0 + 3600_000; failure = 'refused') {
      const d = reconnectDelay(failure, outage, at, p, half);
      outage = d.outage;
      at += d.delayMs;
      waits.push(d.delayMs);
    }
    return waits;
  };
  const short = hour(policy);
  const exponential = hour({ ...policy, refusedWindowMs: 0 });
  const extra = short.length - exponential.length;
  t.ok(extra > 50 && extra <= 60, `${short.length} tries against ${exponential.length}: at most the 60 s window's worth at ~1 s more`);
  t.same(short.slice(-10), exponential.slice(-10), 'and an hour in, the same waits at the cap (150 s with random = 0.5)');
  t.equal(short.at(-1), 150_000);
});

t.test('refusedWindowMs 0 turns the short schedule off', async (t) => {
  const off = { ...policy, refusedWindowMs: 0 };
  t.same(reconnectDelay('refused', afterSteps(3), T0, off, half), { delayMs: 4000, schedule: 'exponential', outage: afterSteps(4) });
});

t.test('a clock stepped back during the outage does not keep the short schedule open', async (t) => {
  t.equal(reconnectDelay('refused', fresh, T0 - 3600_000, policy, half).schedule, 'exponential');
});

t.test('failure kinds are read from socket codes, CONNACK return codes and transport marks', async (t) => {
  const coded = (code: string | number, message = 'x'): Error => Object.assign(new Error(message), { code });
  const rows: [string, unknown, LinkFailure][] = [
    ['ECONNREFUSED', coded('ECONNREFUSED'), 'refused'],
    ['ECONNRESET', coded('ECONNRESET'), 'reset'],
    ['EPIPE', coded('EPIPE'), 'reset'],
    ['ETIMEDOUT', coded('ETIMEDOUT'), 'timeout'],
    ['MQTT.js CONNACK 3 (server unavailable)', coded(3, 'Connection refused: Server unavailable'), 'busy'],
    ['MQTT.js CONNACK 5 (not authorized)', coded(5, 'Connection refused: Not authorized'), 'rejected'],
    ['a cause two levels down', new Error('link', { cause: new Error('wrapped', { cause: coded('ECONNREFUSED') }) }), 'refused'],
    ['a transport mark', Object.assign(new Error('no CONNACK'), { linkFailure: 'timeout' }), 'timeout'],
    ['an unknown mark is ignored', Object.assign(new Error('?'), { linkFailure: 'hurry' }), 'other'],
    ['DNS failure', coded('ENOTFOUND'), 'other'],
    ['the message alone says nothing', new Error('ECONNREFUSED'), 'other'],
    ['not an Error', 'ECONNREFUSED', 'other'],
  ];
  for (const [what, err, kind] of rows) t.equal(linkFailureOf(err), kind, what);
  t.same([0, 1, 2, 3, 4, 5].slice(1).map(connackFailure), ['rejected', 'rejected', 'busy', 'rejected', 'rejected'], 'MQTT 3.1.1 §3.2.2.3');
});
