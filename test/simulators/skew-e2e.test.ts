// Synchronised start (issue 6): twelve loudspeakers of one commune whose clocks are off by −200…+200 ms correct
// themselves through their time exchange with the hub and begin a scheduled bulletin together, in step to well under
// the 40 ms at which a listener hears two speakers as an echo. `npm run bench -- skew` measures the same bigger.
import t from 'tap';
import { spreadOffsets, startSpread } from '../../simulators/src/measure/start-spread.js';
import { runSkewTrials } from '../../simulators/src/measure/skew-trial.js';
import { offsetToLocalTime } from '../../simulators/src/faults/sim-clock.js';
import { startTestHub } from '../helpers/hub-instance.js';
import { enrolSimFleet, publishBulletin } from './sim-harness.js';

const DEVICES = 12;
const ECHO_MS = 40;

t.test('speakers with clocks off by ±200 ms start the same item together', async (t) => {
  // 17:35 in Asia/Ho_Chi_Minh: inside the commune's loudspeaker window (Điều 10).
  const delta = offsetToLocalTime(17, 35, 0, Date.now());
  const h = await startTestHub({ now: () => Date.now() + delta, logger: { level: 'error' } });
  t.teardown(h.stop);
  const enrolled = await enrolSimFleet(h, t.testdir(), DEVICES, 'loudspeaker', ['24628']);
  const offsetsMs = spreadOffsets(DEVICES, 200);
  const result = await runSkewTrials({
    stateDirs: enrolled.devices.map((d) => d.stateDir), offsetsMs, hubUrl: h.httpUrl, mqttUrl: h.mqttUrl, hubDeltaMs: delta, leadMs: 12_000,
    publish: (slotAt) => publishBulletin(h, {
      title: 'Lịch cắt điện', priority: 'priority', originArea: '24628', targetAreas: ['24628'],
      content: { kind: 'tts', text: 'Điện lực thông báo lịch cắt điện sáng chủ nhật.' }, schedule: { type: 'once', at: slotAt }, validUntil: slotAt + 86_400_000,
    }),
  });
  t.comment(`start spread: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms from the median, ${result.spreadMs.toFixed(1)} ms first to last (uncorrected clocks: ${result.uncorrectedSpreadMs} ms)`);
  t.comment(`per device (offset → error, begun at): ${result.frames.map((f, i) => `${f.clockOffsetMs} → ${result.errorsMs[i]?.toFixed(1)} ms @${f.startOffsetMs.toFixed(0)}`).join(', ')}`);
  t.equal(result.devices, DEVICES, 'every device started the item');
  t.equal(result.uncorrectedSpreadMs, 400, 'the clocks really were 400 ms apart');
  t.ok(result.spreadMs < ECHO_MS, `first to last within ${ECHO_MS} ms (${result.spreadMs.toFixed(1)} ms)`);
  t.ok(result.frames.every((f) => f.trueHubAt - f.startOffsetMs >= f.slotAt - ECHO_MS / 2), 'none started noticeably early');
});

t.test('the spread figures', async (t) => {
  const frame = (offset: number, at: number, skip = 0) => ({ deviceId: `d${offset}`, clockOffsetMs: offset, trueHubAt: at, slotAt: 1000, startOffsetMs: skip });
  const s = startSpread([frame(-200, 1002), frame(0, 1004), frame(200, 1010, 4)]);
  t.same(s.errorsMs, [2, 4, 6], 'a late start that skipped as far into the audio is in step');
  t.same([s.p50Ms, s.p99Ms, s.spreadMs, s.uncorrectedSpreadMs], [2, 2, 4, 400]);
  t.same(spreadOffsets(5, 200), [-200, -100, 0, 100, 200]);
});
