// What an operator sees of a fleet: the counts added up across workers, the live summary, the demo fleet's lines and
// the final report.
import t from 'tap';
import { renderSummary, SummaryPrinter, summaryLine, type SummaryView } from '../../simulators/src/cli/live-summary.js';
import { demoChanges } from '../../simulators/src/cli/run-demo.js';
import type { DeviceReport, DeviceSnapshot } from '../../simulators/src/device/device-record.js';
import { countSnapshots, mergeCounts, NO_DEVICES } from '../../simulators/src/fleet/fleet-counts.js';
import { buildFleetReport } from '../../simulators/src/fleet/fleet-report.js';

const snap = (index: number, over: Partial<DeviceSnapshot> = {}): DeviceSnapshot => ({
  index, started: true, online: true, trusted: true, manifest: true, playing: false, queued: 0, downloading: false, cached: true, pendingLogs: 0, plays: 0, logsSent: 0, errors: 0, ...over,
});

t.test('counts add up within a worker and across workers; the newest log wins', async (t) => {
  const a = countSnapshots(
    [
      snap(0, { playing: true, queued: 2, plays: 3, logsSent: 3, lastLog: { seq: 3, at: 500, event: 'played', bulletinId: 'bt-a' }, lastLogAt: 500 }),
      snap(1, { online: false, trusted: false, downloading: true, cached: false, pendingLogs: 4, errors: 2, lastError: 'MQTT connect failed' }),
    ],
    (i) => `dev-${i}`,
  );
  t.match(a, { devices: 2, started: 2, online: 1, trusted: 1, manifest: 2, playing: 1, queued: 2, downloading: 1, cached: 1, pendingLogs: 4, plays: 3, logsSent: 3, errors: 2 });
  t.same(a.lastLog, { deviceId: 'dev-0', at: 500, log: { seq: 3, at: 500, event: 'played', bulletinId: 'bt-a' } });
  t.same(a.lastError, { deviceId: 'dev-1', message: 'MQTT connect failed' });
  const b = countSnapshots([snap(7, { lastLog: { seq: 1, at: 900, event: 'missed', reason: 'AGENT_ERR_SLOT_PASSED' }, lastLogAt: 900 })], (i) => `dev-${i}`);
  const total = mergeCounts([a, b, NO_DEVICES]);
  t.match(total, { devices: 3, online: 2, cached: 2, plays: 3, errors: 2 });
  t.equal(total.lastLog?.deviceId, 'dev-7', 'the most recent log across workers');
});

const view = (over: Partial<SummaryView> = {}): SummaryView => ({
  phase: 'running', elapsedMs: 3_723_000, counts: { ...NO_DEVICES, devices: 5000, online: 4987, playing: 12, errors: 3, lastError: { deviceId: 'loa-1', message: 'boom' } },
  faults: { done: 2, planned: 8 }, notices: ['a', 'b', 'c', 'd'], resources: [{ role: 'hub', pid: 1, cpuSec: 10, rssMiB: 200, peakRssMiB: 250, cpuCores: 0.5 }], ...over,
});

t.test('the live summary says what the fleet does, in Vietnamese and English', async (t) => {
  const text = renderSummary(view({ enrol: { total: 5000, reused: 10, enrolled: 90, failed: 1 } })).join('\n');
  t.match(text, 'đang chạy / running 01:02:03');
  t.match(text, 'Đăng ký / enrolment: 101/5000');
  t.match(text, 'trực tuyến / online 4987');
  t.match(text, 'Đang phát / playing 12');
  t.match(text, 'Lỗi cuối / last error: loa-1: boom');
  t.match(text, 'Gây lỗi / faults: 2/8');
  t.match(text, 'hub 0.50 CPU 200 MiB');
  t.notMatch(text, /^ {2}a$/m, 'only the last three notices');
  t.match(summaryLine(view()), /^\[01:02:03\] running devices=5000 online=4987 playing=12 .* errors=3 last-error="boom"$/);
});

t.test('on a terminal the summary is redrawn in place; to a pipe a line now and then; quiet prints nothing', async (t) => {
  const tty: string[] = [];
  const p = new SummaryPrinter({ isTTY: true, write: (s: string) => tty.push(s) });
  p.show(view());
  p.show(view());
  t.notMatch(tty[0] ?? '', /\x1b\[\d+A/, 'nothing to move over the first time');
  t.match(tty[1] ?? '', /^\x1b\[\d+A\x1b\[J/, 'then back up over the previous drawing');
  const pipe: string[] = [];
  const q = new SummaryPrinter({ write: (s: string) => pipe.push(s) }, { lineEveryMs: 60_000 });
  q.show(view());
  q.show(view());
  q.show(view(), true);
  t.equal(pipe.length, 2, 'one line per interval, and when forced');
  const none: string[] = [];
  new SummaryPrinter({ isTTY: true, write: (s: string) => none.push(s) }, { quiet: true }).show(view(), true);
  t.same(none, []);
});

t.test('the demo fleet tells a newcomer when devices come online and report playback', async (t) => {
  const first = demoChanges(undefined, { ...NO_DEVICES, devices: 6, online: 2 });
  t.match(first.join('\n'), '2/6 thiết bị trực tuyến / devices online');
  const later = demoChanges({ ...NO_DEVICES, devices: 6, online: 6 }, { ...NO_DEVICES, devices: 6, online: 6, plays: 6, playing: 4, lastLog: { deviceId: 'loa-1', at: 5, log: { seq: 1, at: 5, event: 'played', bulletinId: 'bt-x' } } });
  t.match(later.join('\n'), '6 lượt phát mới / new plays');
  t.match(later.join('\n'), 'loa-1 báo nhật ký / reported log #1: played bt-x');
  t.same(demoChanges({ ...NO_DEVICES, devices: 6, online: 6 }, { ...NO_DEVICES, devices: 6, online: 6 }), [], 'nothing new, nothing said');
});

t.test('the report totals what every device did', async (t) => {
  const device = (index: number, over: Partial<DeviceReport> = {}): DeviceReport => ({
    index, deviceId: `d${index}`, kind: 'loudspeaker', area: '24628', connects: 1, reboots: 0, online: true, clockTrusted: true, clockOffsetMs: 1, manifestVersion: 2,
    pendingLogs: 0, journalNextSeq: 2, logsSent: 1, highestSeqSent: 1, plays: [{ bulletinId: 'bt-e', priority: 'emergency', at: 1 }], recentLogs: [], errors: 0, faults: {}, ...over,
  });
  const report = buildFleetReport({
    startedAt: Date.UTC(2026, 0, 1), endedAt: Date.UTC(2026, 0, 1, 0, 1), hubUrl: 'http://hub', devices: 2, workers: 1, kind: 'mixed', areas: ['24628'],
    faults: ['drop@1s'], faultActions: { planned: 2, done: 2 }, enrol: { reused: 0, enrolled: 2, enrolPerSec: 12.345, seconds: 0.16 },
    secondsToAllOnline: 3.21, counts: { ...NO_DEVICES, devices: 2 }, resources: [], problems: [], reports: [device(0), device(1, { connects: 3, errors: 2 })],
  });
  t.equal(report.seconds, 60);
  t.same(report.enrol, { reused: 0, enrolled: 2, seconds: 0.2, perSecond: 12.3 });
  t.match(report.totals, { connects: 4, reboots: 0, devicesWithErrors: 1 });
  t.same(report.plays, { 'bt-e': 2 }, 'plays counted per bulletin');
  t.equal(report.secondsToAllOnline, 3.2);
});
