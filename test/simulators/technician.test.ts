// Technician mode's answers, from a manifest: what plays now and next and why (the programme the device itself runs),
// what a typed command means, and how status and logs read.
import t from 'tap';
import type { DeviceInspection } from '../../simulators/src/fleet/worker-protocol.js';
import { explainProgramme, renderExplanation } from '../../simulators/src/tech/explain-programme.js';
import { formatLogs, formatNow, formatStatus } from '../../simulators/src/tech/format-inspection.js';
import { parseTechCommand } from '../../simulators/src/tech/tech-commands.js';
import { sampleBulletin, sampleManifest, T0 } from '../helpers/samples.js';

const H = 3600_000;
/** 16:00 local on T0's day: an hour before the evening window (Điều 10). */
const AT_1600 = T0 + 6 * H;

function manifest() {
  const m = sampleManifest();
  return {
    ...m,
    bulletins: [
      sampleBulletin({ bulletinId: 'bt-uu-tien-0001', title: 'Lịch tiêm chủng', priority: 'priority', schedule: { type: 'nextWindow' }, repeat: 1, validUntil: T0 + 48 * H }),
      sampleBulletin({ bulletinId: 'bt-khan-cap-0001', title: 'Lũ quét', priority: 'emergency', schedule: { type: 'now' }, validUntil: T0 + 12 * H }),
      sampleBulletin({ bulletinId: 'bt-ngoai-gio-001', title: 'Giờ lạ', priority: 'priority', schedule: { type: 'once', at: T0 + 10 * H }, repeat: 1, validUntil: T0 + 48 * H }),
    ],
    selections: [],
  };
}

t.test('before the window: nothing now, the priority bulletin next at 17:00 and why; the emergency in force', async (t) => {
  const e = explainProgramme(manifest(), AT_1600, true);
  t.equal(e.window?.open, false);
  t.same(e.current, []);
  t.equal(e.next?.bulletinId, 'bt-uu-tien-0001');
  t.equal(e.next?.startAt, T0 + 7 * H, '17:00 local');
  t.same(e.emergencies.map((x) => x.bulletinId), ['bt-khan-cap-0001']);
  t.ok(e.warnings.some((w) => w.bulletinId === 'bt-ngoai-gio-001' && w.code === 'OUTSIDE_WINDOW'), '20:00 is outside every window: not placed, and said why');
  const text = renderExplanation(e).join('\n');
  t.match(text, 'Giờ thiết bị / device time: 16:00 23/11/2026 (Asia/Ho_Chi_Minh)');
  t.match(text, 'next window 17:00 23/11/2026–18:30 (Điều 10)');
  t.match(text, 'Tiếp theo / next: "Lịch tiêm chủng" (ưu tiên) 17:00 23/11/2026, 12 s (đến / until 17:00)');
  t.match(text, /vì \/ because: .+ \/ .+/);
  t.match(text, 'KHẨN CẤP / EMERGENCY "Lũ quét"');
  t.match(text, 'không xếp lịch / not placed bt-ngoai-gio-001');
});

t.test('inside the window the slot is "now"; an untrusted clock is said out loud', async (t) => {
  const e = explainProgramme(manifest(), T0 + 7 * H + 5000, false);
  t.equal(e.window?.open, true);
  t.same(e.current.map((s) => s.bulletinId), ['bt-uu-tien-0001']);
  t.match(renderExplanation(e).join('\n'), 'ĐỒNG HỒ CHƯA TIN CẬY');
});

t.test('typed commands', async (t) => {
  t.same(parseTechCommand(''), { cmd: 'now' }, 'Enter asks what plays now');
  t.same(parseTechCommand('  STATUS '), { cmd: 'status' });
  t.same(parseTechCommand('fault drop 10s'), { cmd: 'fault', kind: 'drop', byMs: 0, forMs: 10_000 });
  t.same(parseTechCommand('fault drop'), { cmd: 'fault', kind: 'drop', byMs: 0, forMs: 0 }, 'until healed by hand');
  t.same(parseTechCommand('fault latency 500ms 1m'), { cmd: 'fault', kind: 'latency', byMs: 500, forMs: 60_000 });
  t.same(parseTechCommand('fault jump -2m'), { cmd: 'fault', kind: 'jump', byMs: -120_000, forMs: 0 });
  t.same(parseTechCommand('fault skew'), { cmd: 'fault', kind: 'skew', byMs: 30_000, forMs: 60_000 });
  t.same(parseTechCommand('heal freeze'), { cmd: 'heal', kind: 'freeze' });
  t.same(parseTechCommand('kill'), { cmd: 'kill', downMs: 2000 });
  t.same(parseTechCommand('png /tmp/a.png'), { cmd: 'png', file: '/tmp/a.png' });
  t.same(parseTechCommand('q'), { cmd: 'quit' });
  for (const bad of ['reboot now', 'fault', 'fault meteor', 'fault latency soon', 'kill forever', 'heal']) t.throws(() => parseTechCommand(bad), { code: 'SIM_ERR_USAGE' }, bad);
});

t.test('status, logs and "now" screens read from an inspection', async (t) => {
  const inspection: DeviceInspection = {
    report: {
      index: 0, deviceId: 'bang-24628-0001', kind: 'led', area: '24628', connects: 2, reboots: 0, online: true, clockTrusted: true, clockOffsetMs: 1.5, manifestVersion: 3,
      pendingLogs: 1, journalNextSeq: 4, logsSent: 2, highestSeqSent: 2, plays: [{ bulletinId: 'bt-khan-cap-0001', priority: 'emergency', at: AT_1600 - 2000, attentionTone: true }, { bulletinId: 'bt-khan-cap-0001', priority: 'emergency', at: AT_1600 }],
      recentLogs: [{ seq: 2, at: AT_1600, event: 'played', bulletinId: 'bt-khan-cap-0001' }], errors: 1, lastError: 'MQTT connect failed', faults: { drop: 1 },
    },
    status: null, manifest: null, pendingLogs: [{ seq: 3, at: AT_1600 + 1000, event: 'missed', bulletinId: 'bt-uu-tien-0001', reason: 'AGENT_ERR_SLOT_PASSED' }],
    clockNow: AT_1600, clockOffsetMs: 0, link: { dropped: true, frozen: false, latencyMs: 0 }, diskFull: true,
  };
  t.match(formatStatus(inspection).join('\n'), 'bảng tin LED / LED board');
  t.match(formatStatus(inspection).join('\n'), 'Chưa chạy / not running');
  const logs = formatLogs(inspection).join('\n');
  t.match(logs, '#2 2026-11-23 09:00:00Z played bt-khan-cap-0001');
  t.match(logs, '#3 2026-11-23 09:00:01Z missed bt-uu-tien-0001 (AGENT_ERR_SLOT_PASSED)');
  // The tone is a prelude under the emergency's id: the technician must not read it as the bulletin playing twice.
  t.match(logs, '  2026-11-23 08:59:58Z bt-khan-cap-0001 (emergency, âm báo trước / attention tone)\n  2026-11-23 09:00:00Z bt-khan-cap-0001 (emergency)');
  t.same(formatNow(inspection), ['Chưa có lịch phát từ máy chủ / no manifest from the hub yet']);
  t.match(formatNow({ ...inspection, manifest: manifest() }).join('\n'), 'Tiếp theo / next: "Lịch tiêm chủng"');
});
