// A clock that jumps (issue 5, bad conditions): once the agent has synced with the hub, its idea of the time rides on
// the monotonic clock, so a step of the wall clock — a technician's `date -s`, an RTC that lost its battery — is
// logged and reported, and changes nothing that is verified or scheduled.
import t from 'tap';
import { enrolDevice, startTestHub } from '../../helpers/hub-instance.js';
import { agentFor, hubLogs, isRow, publishBulletin, waitFor } from './agent-harness.js';

t.test('a two-hour jump of the wall clock after sync: reported, and emergencies still verify and play', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628');
  let step = 0;
  const clock = { now: () => Date.now() + step, monotonic: () => performance.now() };
  const a = agentFor(h, { stateDir: t.testdir(), creds, clock, config: { clock: { resyncMin: 1 } } });
  await a.agent.start();
  t.teardown(() => a.agent.stop());
  await waitFor('synced with the hub', () => a.agent.status().clock.trusted);

  step = 2 * 3600_000;
  const jump = await waitFor('the jump to be noticed', () => a.events.find((e) => e.type === 'clockJump'), 30_000);
  if (jump.type === 'clockJump') t.ok(Math.abs(jump.stepMs - step) < 1000, `a step of ${jump.stepMs} ms was measured`);
  const status = a.agent.status();
  t.equal(status.clock.trusted, true, 'still trusted: hub time did not move');
  t.ok(status.clock.offsetMs !== null && Math.abs(status.clock.offsetMs + step) < 1000, 'the heartbeat reports the wall clock two hours ahead of the hub');
  const fault = await waitFor('the jump logged at the hub', async () => (await hubLogs(h, creds.deviceId)).find((r) => r.reason === 'AGENT_ERR_CLOCK_JUMP'));
  t.match(fault.detail, /Đồng hồ hệ thống nhảy 7200 giây/);

  // Signed one hour ahead of expiry by the hub: judged by the wall clock it would look expired.
  const id = await publishBulletin(h, {
    title: 'Kiểm tra khẩn', priority: 'emergency', originArea: '67', targetAreas: ['24628'],
    content: { kind: 'tts', text: 'Thông báo khẩn.' }, schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await waitFor('the emergency played despite the jumped wall clock', async () => (await hubLogs(h, creds.deviceId)).find(isRow('played', id)));
  t.same((await hubLogs(h, creds.deviceId)).filter(isRow('rejected')), [], 'nothing was refused as expired');
});
