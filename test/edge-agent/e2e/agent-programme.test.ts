// The programme on a real agent: an official publishes a priority bulletin for "the next window"; the agent fetches
// the manifest, caches the synthesised speech and starts it when the 17:00 window opens (hub and agent clocks are set
// to 16:59:40 local time). An emergency then interrupts it at once; the priority bulletin restarts afterwards
// (Điều 8.1, 8.2 rule table); a STOP silences a second emergency. Every play is at the hub exactly once.
import t from 'tap';
import { enrolDevice, startTestHub } from '../../helpers/hub-instance.js';
import { agentFor, hubLogs, isRow, publishBulletin, waitFor } from './agent-harness.js';
import { localClock, shiftedTo } from './shifted-clock.js';

const LONG_TEXT =
  'Ủy ban nhân dân xã thông báo: từ ngày mai, trạm y tế xã tổ chức tiêm chủng mở rộng cho trẻ em dưới năm tuổi. ' +
  'Đề nghị các gia đình mang theo sổ tiêm chủng và đến đúng giờ. Xin cảm ơn bà con đã lắng nghe.';

t.test('a priority bulletin plays when the window opens; an emergency interrupts it; STOP silences', async (t) => {
  const now = shiftedTo(16, 59, 40);
  const h = await startTestHub({ now });
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628');
  const a = agentFor(h, { stateDir: t.testdir(), creds, clock: { now, monotonic: () => performance.now() }, osTrusted: true });
  await a.agent.start();
  t.teardown(() => a.agent.stop());
  await waitFor('link and manifest', () => a.agent.status().connected && a.agent.status().manifestVersion !== null);

  const priority = await publishBulletin(h, {
    title: 'Tiêm chủng mở rộng', priority: 'priority', originArea: '24628', targetAreas: ['24628'],
    content: { kind: 'tts', text: LONG_TEXT }, schedule: { type: 'nextWindow' }, validUntil: now() + 86_400_000,
  });
  const scheduled = await waitFor('the slot in the programme, its audio cached', () => {
    const slot = a.agent.parts.scheduler.slots().find((s) => s.slot.bulletinId === priority)?.slot;
    return slot !== undefined && a.agent.status().cache.missing === 0 && a.agent.status().cache.files > 0 ? slot : undefined;
  });
  t.ok(now() < scheduled.startAt, 'published and cached before the window opens');
  t.equal(localClock(scheduled.startAt), '17:00:00', 'the slot starts when the window opens');

  const started = await waitFor('the priority bulletin to start', () => a.events.find((e) => e.type === 'firstFrame' && e.bulletinId === priority), 40_000);
  if (started.type === 'firstFrame') {
    t.ok(started.at >= scheduled.startAt, 'never before its slot');
    t.comment(`first frame ${started.at - scheduled.startAt} ms after the slot's absolute start`);
  }
  t.equal(a.amplifier.state, 'on', 'the amplifier is on while it plays');

  const emergency = await publishBulletin(h, {
    title: 'Cháy rừng', priority: 'emergency', originArea: '67', targetAreas: ['67'],
    content: { kind: 'tts', text: 'Cảnh báo cháy rừng tại tiểu khu một trăm hai mươi.' }, schedule: { type: 'now' }, validUntil: now() + 3600_000,
  });
  const heard = await waitFor('the emergency to sound', () => a.events.find((e) => e.type === 'firstFrame' && e.bulletinId === emergency));
  const arrived = a.events.find((e) => e.type === 'urgent');
  if (heard.type === 'firstFrame' && arrived?.type === 'urgent') t.comment(`preemption latency, message → first emergency frame: ${(heard.mono - arrived.mono).toFixed(1)} ms`);
  const cut = a.sink.playbacks.find((p) => p.stoppedAtMs !== undefined);
  t.ok(cut !== undefined, 'the running bulletin was cut off at the sink');

  await waitFor('the priority bulletin restarted and finished', async () => (await hubLogs(h, creds.deviceId)).find(isRow('played', priority)), 60_000);
  const rows = await hubLogs(h, creds.deviceId);
  t.same(rows.filter(isRow('interrupted', priority)).map((r) => r.reason), ['AGENT_ERR_PREEMPTED'], 'interrupted once, by the emergency');
  t.equal(rows.filter(isRow('played', emergency)).length, 1, 'the emergency played once');
  t.equal(rows.filter(isRow('played', priority)).length, 1, 'the priority slot is played once, after the emergency');
  t.equal(rows.find(isRow('played', priority))?.slot_at, scheduled.startAt, 'accounted to its slot');

  const second = await publishBulletin(h, {
    title: 'Sơ tán', priority: 'emergency', originArea: '67', targetAreas: ['660'],
    content: { kind: 'tts', text: LONG_TEXT }, schedule: { type: 'now' }, validUntil: now() + 3600_000, repeat: 2,
  });
  await waitFor('the second emergency to sound', () => a.events.find((e) => e.type === 'firstFrame' && e.bulletinId === second));
  const stop = await h.hub.app.inject({ method: 'POST', url: '/api/stop', headers: h.auth, payload: { areas: ['660'], reason: 'Kết thúc' } });
  t.equal(stop.statusCode, 202, 'the STOP is accepted');
  await waitFor('silence', () => a.agent.status().playing === null && a.agent.status().queued === 0);
  t.ok(a.sink.last?.stoppedAtMs !== undefined, 'the sink was stopped, not drained');
  const stopped = await waitFor('the STOP at the hub', async () => (await hubLogs(h, creds.deviceId)).find(isRow('stopped', second)));
  t.equal(stopped.reason, 'AGENT_ERR_STOPPED', 'logged as stopped by a signed STOP');
  const all = await hubLogs(h, creds.deviceId);
  t.same(all.map((r) => r.seq), [...new Set(all.map((r) => r.seq))], 'no entry twice');
});
