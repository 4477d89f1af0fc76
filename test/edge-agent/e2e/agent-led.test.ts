// An LED board (bảng tin điện tử) on a real hub: when its 17:00 window opens it loops the bulletins the programme
// gives it (layOutLed); an emergency takes the board at once, in red, and the loop comes back after it; the hub's
// "now showing" command gets a PNG of exactly what is on the panel; what was shown is logged once per slot.
import t from 'tap';
import { decodePng } from '../../../edge-agent/src/led/png-decode.js';
import { PngSnapshotSink } from '../../../edge-agent/src/led/png-snapshot-sink.js';
import { enrolDevice, startTestHub } from '../../helpers/hub-instance.js';
import { agentFor, hubLogs, isRow, publishBulletin, waitFor } from './agent-harness.js';
import { shiftedTo } from './shifted-clock.js';

t.test('an LED board loops its window, yields to an emergency, and sends a snapshot', async (t) => {
  const now = shiftedTo(16, 59, 45);
  const h = await startTestHub({ now });
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628', 'led');
  const ledSink = new PngSnapshotSink();
  const a = agentFor(h, { stateDir: t.testdir(), creds, clock: { now, monotonic: () => performance.now() }, osTrusted: true, deps: { ledSink, ledSize: { width: 96, height: 32 } } });
  await a.agent.start();
  t.teardown(() => a.agent.stop());
  await waitFor('link and manifest', () => a.agent.status().connected && a.agent.status().manifestVersion !== null);

  const notice = await publishBulletin(h, {
    title: 'Họp dân', priority: 'priority', originArea: '24628', targetAreas: ['24628'],
    content: { kind: 'ledText', slide: { type: 'text', text: 'Họp dân 19 giờ tối nay tại nhà văn hóa thôn', durationMs: 3000 } },
    schedule: { type: 'nextWindow' }, validUntil: now() + 86_400_000,
  });
  await waitFor('in the programme', () => a.agent.parts.scheduler.slots().some((s) => s.slot.bulletinId === notice));
  t.equal(ledSink.framesShown, 0, 'nothing is shown before the window');
  await waitFor('the loop to start at 17:00', () => ledSink.framesShown > 0, 30_000);
  const yellow = ledSink.lastFrame();
  t.ok(yellow !== undefined && hasColour(yellow.pixels, [0xff, 0xcc, 0x00]), 'the notice is on the board in the default amber');

  const alert = await publishBulletin(h, {
    title: 'Cháy rừng', priority: 'emergency', originArea: '67', targetAreas: ['660'],
    content: { kind: 'ledText', slide: { type: 'text', text: 'CHÁY RỪNG - SƠ TÁN', durationMs: 2000, colour: '#ff0000' } },
    schedule: { type: 'now' }, validUntil: now() + 3600_000,
  });
  await waitFor('the alert on the board', () => a.agent.status().playing?.bulletinId === alert);
  await waitFor('a red frame', () => hasColour(ledSink.lastFrame()?.pixels, [0xff, 0x00, 0x00]));

  const sent = await h.hub.app.inject({ method: 'POST', url: `/api/devices/${creds.deviceId}/commands`, headers: h.auth, payload: { action: 'snapshot' } });
  t.equal(sent.statusCode, 202, 'snapshot command sent');
  const shown = await waitFor('the snapshot at the hub', async () => {
    const res = await h.hub.app.inject({ method: 'GET', url: `/api/devices/${creds.deviceId}/snapshot`, headers: h.auth });
    return res.statusCode === 200 ? res : undefined;
  });
  t.equal(shown.headers['content-type'], 'image/png');
  const frame = decodePng(shown.rawPayload);
  t.same([frame.width, frame.height], [96, 32], 'a PNG at the board’s resolution');
  t.ok(hasColour(frame.pixels, [0xff, 0x00, 0x00]), 'showing the alert, in red, as the board does');

  await waitFor('the alert played and the loop back', async () => (await hubLogs(h, creds.deviceId)).find(isRow('played', alert)) && a.agent.status().playing === null && ledSink.framesShown > 0);
  await waitFor('amber again', () => hasColour(ledSink.lastFrame()?.pixels, [0xff, 0xcc, 0x00]));
  const rows = await waitFor('the notice logged once, with what it showed', async () => {
    const r = await hubLogs(h, creds.deviceId);
    return r.some(isRow('played', notice)) ? r : undefined;
  });
  t.equal(rows.filter(isRow('played', notice)).length, 1, 'one entry for the slot');
  t.ok((rows.find(isRow('played', notice))?.played_ms ?? 0) > 0, 'with the time it was on the board');
  t.same(rows.filter((r) => r.bulletin_id?.startsWith('ledloop-') === true), [], 'the loop itself is not a bulletin');
});

function hasColour(pixels: Uint8Array | undefined, [r, g, b]: readonly [number, number, number]): boolean {
  if (pixels === undefined) return false;
  for (let i = 0; i + 2 < pixels.length; i += 3) if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) return true;
  return false;
}
