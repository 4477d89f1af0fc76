// 200 simulated loudspeakers (the real agent in worker processes) against a real hub: an official publishes a
// priority bulletin for a time inside the operating window and then an emergency. Every device plays the emergency at
// once (Điều 8.1) and the priority bulletin at its slot (Điều 8.2, 10), in that order, and the hub holds exactly
// one playback log per play, with every device's journal fully delivered.
import t from 'tap';
import { offsetToLocalTime } from '../../simulators/src/faults/sim-clock.js';
import { FleetRunner } from '../../simulators/src/fleet/fleet-runner.js';
import { startTestHub } from '../helpers/hub-instance.js';
import { auditLogs, enrolSimFleet, hubLogs, perDevice, publishBulletin, waitFor } from './sim-harness.js';

const DEVICES = 200;

t.test('200 devices play an emergency at once and a priority bulletin at its slot, each logged once', async (t) => {
  // Hub and devices read 17:35 in Asia/Ho_Chi_Minh: inside every commune's loudspeaker window (Điều 10; Nâm Nung's opens at 17:30).
  const delta = offsetToLocalTime(17, 35, 0, Date.now());
  const now = (): number => Date.now() + delta;
  const h = await startTestHub({ now, logger: { level: 'error' } });
  t.teardown(h.stop);
  const enrolled = await enrolSimFleet(h, t.testdir(), DEVICES, 'loudspeaker');
  t.equal(enrolled.enrolled, DEVICES, 'every device enrolled through the hub API');
  t.comment(`enrolment: ${enrolled.enrolPerSec.toFixed(1)} devices/s`);
  const runner = new FleetRunner({
    devices: enrolled.devices,
    workers: 2,
    host: { hubUrl: h.httpUrl, mqttUrl: h.mqttUrl, proxy: false, clockOffsetMs: delta, trustWallClock: true, realtime: false, rampPerSec: 200, seed: 7, countsEveryMs: 250 },
  });
  t.teardown(() => runner.stop());
  await runner.start();
  await waitFor('the whole fleet online with its manifest', () => {
    const c = runner.counts();
    return c.online === DEVICES && c.manifest === DEVICES && c.trusted === DEVICES;
  });

  // Time for 200 devices to fetch the new manifest and the speech on a loaded CI machine.
  const slotAt = now() + 30_000;
  const priority = await publishBulletin(h, {
    title: 'Lịch tiêm chủng', priority: 'priority', originArea: '67', targetAreas: ['67'],
    content: { kind: 'tts', text: 'Trạm y tế xã tổ chức tiêm chủng mở rộng vào sáng thứ bảy.' }, schedule: { type: 'once', at: slotAt }, validUntil: now() + 86_400_000,
  });
  const emergency = await publishBulletin(h, {
    title: 'Cảnh báo lũ quét', priority: 'emergency', originArea: '67', targetAreas: ['67'],
    content: { kind: 'tts', text: 'Cảnh báo lũ quét. Người dân ven suối di chuyển lên vùng cao ngay.' }, schedule: { type: 'now' }, validUntil: now() + 3600_000,
  });

  // A timeout here is not the verdict: the assertions below say which devices lacked what.
  await waitFor('both bulletins played and logged by every device', async () => {
    const rows = await hubLogs(h);
    return perDevice(rows, 'played', emergency).size === DEVICES && perDevice(rows, 'played', priority).size === DEVICES;
  }, 90_000).catch(() => undefined);
  await waitFor('every journal emptied by the hub’s acks', async () => (await runner.countsNow()).pendingLogs === 0, 30_000).catch(() => undefined);
  const rows = await hubLogs(h);
  const reports = await runner.stop();
  t.equal(reports.length, DEVICES, 'a report from every device');

  const order = new Map<string, string[]>();
  for (const r of rows) order.set(r.device_id, [...(order.get(r.device_id) ?? []), `${r.bulletin_id === emergency ? 'E' : r.bulletin_id === priority ? 'P' : r.bulletin_id}:${r.event}${r.reason === null ? '' : `:${r.reason}`}`]);
  t.equal(order.size, DEVICES, 'every device reported');
  const wrongOrder = [...order].filter(([, shape]) => shape.join(' ') !== 'E:played P:played');
  t.same(wrongOrder, [], 'every device logged exactly: the emergency played, then the priority bulletin played');
  const early = rows.filter((r) => r.bulletin_id === priority && r.event === 'played' && (r.started_at ?? 0) < slotAt);
  t.same(early, [], 'no priority bulletin started before its slot');
  t.ok(rows.filter((r) => r.bulletin_id === priority && r.event === 'played').every((r) => r.slot_at === slotAt), 'each accounted to its slot');
  t.same(auditLogs(rows, reports), [], 'zero logs lost, zero doubled: hub seqs = every device’s journal');
});
