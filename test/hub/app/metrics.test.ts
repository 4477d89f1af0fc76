// /metrics' event-loop delay is how late the loop ran: Node's histogram records the whole gap between its 10 ms
// timer's turns, so an idle hub used to report a 10 ms delay (and the ingest benchmark judged that gap, not the delay).
import t from 'tap';
import { HubMetrics, loopDelayMs } from '../../../hub/src/app/metrics.js';

t.test('a sample is reduced by the timer period, never below zero; no sample reads 0', async (t) => {
  t.ok(Math.abs(loopDelayMs(10_200_000, 10) - 0.2) < 1e-9, 'a turn 0.2 ms late');
  t.equal(loopDelayMs(31_000_000, 10), 21, 'a 31 ms gap is a loop 21 ms late');
  t.equal(loopDelayMs(9_100_000, 10), 0, 'a turn early (timer coalescing) is not a negative delay');
  t.equal(loopDelayMs(NaN, 10), 0);
});

const gauge = (text: string, name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

t.test('an idle hub reports a delay well below the 10 ms period, and a blocked loop reports the block', async (t) => {
  const metrics = new HubMetrics();
  metrics.start();
  t.teardown(() => metrics.stop());
  await new Promise((r) => setTimeout(r, 400));
  const idle = metrics.render();
  t.ok(gauge(idle, 'tinnguon_event_loop_delay_p50_ms') < 8, `idle median ${gauge(idle, 'tinnguon_event_loop_delay_p50_ms')} ms, not the timer's period`);
  // Block the loop for 60 ms three times in 300 ms: the p99 must see a turn at least ~40 ms late.
  for (let i = 0; i < 3; i++) {
    const until = performance.now() + 60;
    while (performance.now() < until);
    await new Promise((r) => setTimeout(r, 40));
  }
  const busy = metrics.render();
  t.ok(gauge(busy, 'tinnguon_event_loop_delay_p99_ms') >= 40, `p99 ${gauge(busy, 'tinnguon_event_loop_delay_p99_ms')} ms after 60 ms blocks`);
});
