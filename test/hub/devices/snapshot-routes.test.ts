// "Now showing" at the hub (issue 5): an LED board uploads its frame with its own credentials, officials of its area
// read the latest one, and anything that is not a board's PNG is refused with a code and replaces nothing.
import t from 'tap';
import { HTTP_PATHS } from '@tinnguon/protocol';
import { createFramebuffer } from '../../../edge-agent/src/led/framebuffer.js';
import { encodePng } from '../../../edge-agent/src/led/png-encode.js';
import { SNAPSHOT_MAX_BYTES } from '../../../hub/src/app/routes/snapshot-routes.js';
import { basicAuth, enrolDevice } from '../../helpers/hub-instance.js';
import { startTrustHub } from '../authz/trust-hub.js';

const png = (width: number, height: number, colour: readonly [number, number, number]) => encodePng(createFramebuffer(width, height, colour));

t.test('a board uploads its frame; officials of its area see the latest one, others do not', async (t) => {
  const hub = await startTrustHub(t);
  const { h } = hub;
  const call = hub.call.bind(hub);
  const official = hub.official.bind(hub);
  const board = await enrolDevice(h, '24628', 'led');
  const device = basicAuth(board);
  const read = () => call('GET', `/api/devices/${board.deviceId}/snapshot`, h.auth);

  const none = await read();
  t.same([none.statusCode, none.json<{ error: { code: string } }>().error.code], [404, 'HUB_ERR_SNAPSHOT_NONE'], 'before any upload: a coded 404');

  const first = await call('POST', HTTP_PATHS.snapshot, device, png(96, 32, [255, 0, 0]), { 'content-type': 'image/png' });
  t.equal(first.statusCode, 200, first.body);
  t.same(first.json(), { ok: true, bytes: png(96, 32, [255, 0, 0]).length, width: 96, height: 32 });
  const second = png(96, 32, [255, 204, 0]);
  t.equal((await call('POST', HTTP_PATHS.snapshot, device, second, { 'content-type': 'image/png' })).statusCode, 200);
  const latest = await read();
  t.equal(latest.statusCode, 200);
  t.same([latest.headers['content-type'], latest.headers['cache-control']], ['image/png', 'no-store']);
  t.ok(latest.rawPayload.equals(second), 'the latest upload replaces the one before');

  const own = await official('xa.dak.ha', 'commune_officer', '24628');
  const other = await official('xa.khac', 'commune_officer', '24611');
  t.equal((await call('GET', `/api/devices/${board.deviceId}/snapshot`, own)).statusCode, 200, 'the board’s own commune sees it');
  const refused = await call('GET', `/api/devices/${board.deviceId}/snapshot`, other);
  t.equal(refused.statusCode, 403, 'another commune does not');
});

t.test('what is not a board’s PNG, or not from the board, is refused and replaces nothing', async (t) => {
  const hub = await startTrustHub(t);
  const { h } = hub;
  const call = hub.call.bind(hub);
  const board = await enrolDevice(h, '24628', 'led');
  const speaker = await enrolDevice(h, '24628', 'loudspeaker');
  const good = png(64, 32, [0, 255, 0]);
  t.equal((await call('POST', HTTP_PATHS.snapshot, basicAuth(board), good, { 'content-type': 'image/png' })).statusCode, 200);

  const cases: [string, Record<string, string>, Buffer, string, number, string][] = [
    ['no credentials', {}, good, 'image/png', 401, 'HUB_ERR_UNAUTHENTICATED'],
    ['a wrong password', basicAuth({ mqttUsername: board.mqttUsername, mqttPassword: 'x'.repeat(32) }), good, 'image/png', 401, 'HUB_ERR_UNAUTHENTICATED'],
    ['a loudspeaker cluster', basicAuth(speaker), good, 'image/png', 422, 'HUB_ERR_SNAPSHOT_REFUSED'],
    ['a truncated PNG', basicAuth(board), good.subarray(0, good.length - 20), 'image/png', 422, 'HUB_ERR_MEDIA_CORRUPT'],
    ['text called a PNG', basicAuth(board), Buffer.from('not a picture at all'), 'image/png', 415, 'HUB_ERR_MEDIA_UNSUPPORTED'],
    ['a frame no board has', basicAuth(board), png(1500, 16, [0, 0, 255]), 'image/png', 422, 'HUB_ERR_SNAPSHOT_REFUSED'],
    ['more than the limit', basicAuth(board), Buffer.alloc(SNAPSHOT_MAX_BYTES + 1), 'image/png', 413, 'HUB_ERR_MEDIA_TOO_LARGE'],
  ];
  for (const [what, auth, body, type, status, code] of cases) {
    const res = await call('POST', HTTP_PATHS.snapshot, auth, body, { 'content-type': type });
    t.same([res.statusCode, res.json<{ error: { code: string } }>().error.code], [status, code], what);
  }
  const kept = await call('GET', `/api/devices/${board.deviceId}/snapshot`, h.auth);
  t.ok(kept.rawPayload.equals(good), 'the last good picture is still the one shown');
});
