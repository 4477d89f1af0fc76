// GET /api/device/media/<sha256> as an agent's cache uses it, once the file is held in memory (issue 8): exact
// Range answers (RFC 9110 §14), 304 and immutable caching for content-addressed names, and access only while the
// device is enrolled and active — a revoked or re-keyed credential is refused on the very next request.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import t, { type Test } from 'tap';
import { basicAuth, enrolDevice, startTestHub, type RunningHub } from '../../helpers/hub-instance.js';

const mp3 = readFileSync(new URL('../../fixtures/media/speech-vi.mp3', import.meta.url));

async function hubWithMedia(t: Test): Promise<{ h: RunningHub; sha256: string; url: string }> {
  const h = await startTestHub();
  t.teardown(h.stop);
  const up = await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'audio/mpeg' }, payload: mp3 });
  const { sha256 } = up.json<{ ref: { sha256: string } }>().ref;
  return { h, sha256, url: `/api/device/media/${sha256}` };
}

const codeOf = (res: { json<T>(): T }) => res.json<{ error: { code: string } }>().error.code;

t.test('whole file and byte ranges from memory are exact, with their headers', async (t) => {
  const { h, sha256, url } = await hubWithMedia(t);
  const device = basicAuth(await enrolDevice(h));
  const size = mp3.length;

  const whole = await h.hub.app.inject({ url, headers: device });
  t.equal(whole.statusCode, 200);
  t.ok(whole.rawPayload.equals(mp3), 'the stored bytes');
  t.equal(whole.headers['content-length'], String(size));
  t.equal(whole.headers['content-type'], 'audio/mpeg');
  t.equal(whole.headers.etag, `"${sha256}"`);
  t.equal(whole.headers['cache-control'], 'private, max-age=31536000, immutable');
  t.equal(whole.headers['accept-ranges'], 'bytes');

  const ranges: [string, number, number][] = [
    ['bytes=0-0', 0, 0],
    ['bytes=10-19', 10, 19],
    ['bytes=-100', size - 100, size - 1],
    [`bytes=${size - 7}-`, size - 7, size - 1],
    [`bytes=100-${size + 5000}`, 100, size - 1],
  ];
  for (const [range, start, end] of ranges) {
    const part = await h.hub.app.inject({ url, headers: { ...device, range } });
    t.equal(part.statusCode, 206, range);
    t.ok(part.rawPayload.equals(mp3.subarray(start, end + 1)), `${range}: the right bytes`);
    t.equal(part.headers['content-range'], `bytes ${start}-${end}/${size}`, range);
    t.equal(part.headers['content-length'], String(end - start + 1), range);
  }
  const again = await h.hub.app.inject({ url, headers: device });
  t.ok(again.rawPayload.equals(mp3), 'slicing for a range leaves the held file whole');

  const past = await h.hub.app.inject({ url, headers: { ...device, range: `bytes=${size}-` } });
  t.equal(past.statusCode, 416);
  t.equal(codeOf(past), 'HUB_ERR_RANGE');
  t.equal(past.headers['content-range'], `bytes */${size}`);

  const ignored = await h.hub.app.inject({ url, headers: { ...device, range: 'bytes=0-9', 'if-range': '"another"' } });
  t.equal(ignored.statusCode, 200, 'If-Range naming another validator: the whole file');
  t.equal(ignored.rawPayload.length, size);

  const unchanged = await h.hub.app.inject({ url, headers: { ...device, 'if-none-match': `"${sha256}"` } });
  t.equal(unchanged.statusCode, 304);
  t.equal(unchanged.rawPayload.length, 0);

  const head = await h.hub.app.inject({ method: 'HEAD', url, headers: device });
  t.equal(head.statusCode, 200);
  t.equal(head.headers['content-length'], String(size));
  t.equal(head.rawPayload.length, 0);
});

t.test('a revoked device is refused on its next request, though the file is held in memory', async (t) => {
  const { h, url } = await hubWithMedia(t);
  const creds = await enrolDevice(h);
  const other = basicAuth(await enrolDevice(h));
  t.equal((await h.hub.app.inject({ url, headers: basicAuth(creds) })).statusCode, 200);

  const revoked = await h.hub.app.inject({ method: 'POST', url: `/api/devices/${creds.deviceId}/revoke`, headers: h.auth });
  t.equal(revoked.statusCode, 200);
  const refused = await h.hub.app.inject({ url, headers: basicAuth(creds) });
  t.equal(refused.statusCode, 401);
  t.equal(codeOf(refused), 'HUB_ERR_UNAUTHENTICATED');
  const ranged = await h.hub.app.inject({ url, headers: { ...basicAuth(creds), range: 'bytes=0-99' } });
  t.equal(ranged.statusCode, 401, 'nor a range of it');
  t.equal((await h.hub.app.inject({ url, headers: other })).statusCode, 200, 'other devices keep fetching');
});

t.test('after re-enrolment the old secret is refused at once', async (t) => {
  const { h, url } = await hubWithMedia(t);
  const old = await enrolDevice(h);
  t.equal((await h.hub.app.inject({ url, headers: basicAuth(old) })).statusCode, 200);
  const rotated = await h.hub.app.inject({ method: 'POST', url: `/api/devices/${old.deviceId}/rotate`, headers: h.auth });
  const { enrolmentCode } = rotated.json<{ enrolmentCode: string }>();
  const fresh = (await h.hub.app.inject({ method: 'POST', url: '/api/device/enrol', payload: { code: enrolmentCode } })).json<{ mqttUsername: string; mqttPassword: string }>();
  const refused = await h.hub.app.inject({ url, headers: basicAuth(old) });
  t.equal(refused.statusCode, 401);
  t.equal(codeOf(refused), 'HUB_ERR_UNAUTHENTICATED');
  t.equal((await h.hub.app.inject({ url, headers: basicAuth(fresh) })).statusCode, 200);
});

t.test('unknown media is 404 and a damaged stored file is refused, both coded', async (t) => {
  const { h, sha256, url } = await hubWithMedia(t);
  const device = basicAuth(await enrolDevice(h));
  const unknown = await h.hub.app.inject({ url: `/api/device/media/${'0'.repeat(64)}`, headers: device });
  t.equal(unknown.statusCode, 404);
  t.equal(codeOf(unknown), 'HUB_ERR_MEDIA_NOT_FOUND');

  const damaged = Buffer.from(mp3);
  damaged[500] = damaged[500]! ^ 0xff;
  await writeFile(h.hub.deps.media.path(sha256), damaged);
  const refused = await h.hub.app.inject({ url, headers: device });
  t.equal(refused.statusCode, 500);
  t.equal(codeOf(refused), 'HUB_ERR_MEDIA_DAMAGED', 'never sent to a fleet from memory');
});

t.test('a file a device asked for before it was uploaded is served once it is', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const device = basicAuth(await enrolDevice(h));
  const url = `/api/device/media/${createHash('sha256').update(mp3).digest('hex')}`;
  t.equal((await h.hub.app.inject({ url, headers: device })).statusCode, 404, 'not yet uploaded');
  await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'audio/mpeg' }, payload: mp3 });
  const now = await h.hub.app.inject({ url, headers: device });
  t.equal(now.statusCode, 200, 'a miss is not remembered');
  t.ok(now.rawPayload.equals(mp3));
});
