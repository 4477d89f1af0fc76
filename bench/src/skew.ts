// `skew` (issues 6 and 8): how far apart the loudspeakers of one commune start the same scheduled bulletin when their
// clocks are off by up to ±200 ms. The hub runs in its own process on the real clock; the agents run in this one (one
// monotonic clock times them all) and correct their offsets only through the hub's time exchange. The commune's
// loudspeaker window is opened to the whole day first, so the run works at any hour (an official's own override).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveEnrolment } from '@tinnguon/edge-agent';
import { runSkewTrials, spreadOffsets } from '@tinnguon/simulators';
import { startHubProcess } from './hub-process.js';
import { numberOption, report, type BenchArgs } from './report.js';

const COMMUNE = '24628';
const TARGET_P99_MS = 5;

export async function skewBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 24;
  const trials = numberOption(args, '--trials', 3);
  const maxOffsetMs = numberOption(args, '--offset', 200);
  const hub = await startHubProcess();
  const root = await mkdtemp(join(tmpdir(), 'tn-bench-skew-'));
  try {
    await hub.api('PUT', `/api/areas/${COMMUNE}/windows/loudspeaker`, { windows: [{ start: '00:00', end: '24:00' }] });
    const enrolled = await hub.enrol(devices, [COMMUNE]);
    const stateDirs = await Promise.all(enrolled.map(async (e, i) => {
      const dir = join(root, `d${i}`);
      await saveEnrolment(dir, e);
      return dir;
    }));
    const result = await runSkewTrials({
      stateDirs, offsetsMs: spreadOffsets(devices, maxOffsetMs), hubUrl: hub.http, mqttUrl: hub.mqtt, hubDeltaMs: 0, trials, leadMs: 15_000,
      publish: async (slotAt) => {
        const { bulletin } = await hub.api<{ bulletin: { id: string } }>('POST', '/api/bulletins', {
          title: `Đo đồng bộ ${slotAt}`, priority: 'priority', originArea: COMMUNE, targetAreas: [COMMUNE],
          content: { kind: 'tts', text: 'Thông báo lịch tiêm chủng mở rộng tại trạm y tế xã.' }, schedule: { type: 'once', at: slotAt }, validUntil: slotAt + 3600_000,
        });
        for (const step of ['submit', 'approve', 'publish']) await hub.api('POST', `/api/bulletins/${bulletin.id}/${step}`);
        return bulletin.id;
      },
    });
    const lateness = result.frames.map((f) => f.trueHubAt - f.slotAt).sort((a, b) => a - b);
    report(args, {
      name: 'skew',
      devices,
      trials,
      clockOffsetsMs: `±${maxOffsetMs}`,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      spreadMs: result.spreadMs,
      uncorrectedSpreadMs: result.uncorrectedSpreadMs,
      // How late the first frames reached the sinks: the agents sharing this process's event loop start one after
      // another; each skips as far into the audio (at most 1 s), which is what keeps the content in step.
      maxStartLatenessMs: lateness[lateness.length - 1] ?? 0,
      target: `p99 spread ≤ ${TARGET_P99_MS} ms`,
      pass: result.p99Ms <= TARGET_P99_MS,
    });
  } finally {
    await hub.stop();
    await rm(root, { recursive: true, force: true });
  }
}
