// The bulletin life cycle as an official drives it through the HTTP API.
import t from 'tap';
import { DAY, HOUR, ledDraft, publishBulletin, startHub, TOKEN } from './bulletin-hub.js';

t.test('draft → submitted → approved → published → recalled, every step in the history', async (t) => {
  const hub = await startHub(t);
  const created = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock));
  t.equal(created.status, 201);
  const id = created.body.bulletin.id;
  t.match(created.body.bulletin, { state: 'draft', revision: 1, mode: 'live', repeat: 1, originDepth: 0, validFrom: hub.clock.now });
  t.same(created.body.bulletin.actions, ['edit', 'submit']);

  const edited = await hub.call('PATCH', `/api/bulletins/${id}`, { title: 'Lịch tiêm chủng (sửa giờ)', originArea: '660', targetAreas: ['24628'] });
  t.equal(edited.status, 200);
  t.match(edited.body.bulletin, { revision: 2, title: 'Lịch tiêm chủng (sửa giờ)', originDepth: 1 }, 'an edit raises the revision and recomputes the level');

  const submitted = await hub.call('POST', `/api/bulletins/${id}/submit`);
  t.match(submitted.body.bulletin, { state: 'submitted', resolvedContent: { kind: 'ledText' } });
  const rejected = await hub.call('POST', `/api/bulletins/${id}/reject`, { reason: 'Ghi rõ địa điểm tiêm' });
  t.match(rejected.body.bulletin, { state: 'draft', revision: 2 });
  await hub.call('PATCH', `/api/bulletins/${id}`, { summary: 'Tại trạm y tế xã Đắk Nia' });
  t.equal((await hub.call('POST', `/api/bulletins/${id}/submit`)).body.bulletin.state, 'submitted');
  t.equal((await hub.call('POST', `/api/bulletins/${id}/approve`)).body.bulletin.state, 'approved');
  const published = await hub.call('POST', `/api/bulletins/${id}/publish`);
  t.match(published.body.bulletin, { state: 'published', publishedAt: hub.clock.now, revision: 3 });
  t.notOk(published.body.dispatch.emergencyId, 'a priority bulletin travels by manifest, not by the urgent path');
  const recalled = await hub.call('POST', `/api/bulletins/${id}/recall`, { reason: 'Dời lịch tiêm' });
  t.match(recalled.body.bulletin, { state: 'recalled', recallReason: 'Dời lịch tiêm' });

  const one = await hub.call('GET', `/api/bulletins/${id}`);
  t.same(
    one.body.history.map((h: { action: string; from?: string; to: string }) => [h.action, h.from ?? null, h.to]),
    [
      ['create', null, 'draft'], ['edit', 'draft', 'draft'], ['submit', 'draft', 'submitted'], ['reject', 'submitted', 'draft'],
      ['edit', 'draft', 'draft'], ['submit', 'draft', 'submitted'], ['approve', 'submitted', 'approved'],
      ['publish', 'approved', 'published'], ['recall', 'published', 'recalled'],
    ],
  );
  t.equal(one.body.history[3]?.reason, 'Ghi rõ địa điểm tiêm', 'the rejection keeps its reason');
  t.ok(one.body.history.every((h: { actor: string }) => h.actor === 'admin'));
});

t.test('illegal transitions are refused with HUB_ERR_BULLETIN_STATE and change nothing', async (t) => {
  const hub = await startHub(t);
  const id = (await hub.call('POST', '/api/bulletins', ledDraft(hub.clock))).body.bulletin.id;
  for (const step of ['approve', 'publish']) {
    const r = await hub.call('POST', `/api/bulletins/${id}/${step}`);
    t.equal(r.status, 409, `${step} a draft`);
    t.equal(r.body.error.code, 'HUB_ERR_BULLETIN_STATE');
    t.same(r.body.error.details.allowed, ['edit', 'submit']);
  }
  t.equal((await hub.call('POST', `/api/bulletins/${id}/recall`, { reason: 'x' })).body.error.code, 'HUB_ERR_BULLETIN_STATE');
  await hub.call('POST', `/api/bulletins/${id}/submit`);
  const edit = await hub.call('PATCH', `/api/bulletins/${id}`, { title: 'Đổi sau khi gửi duyệt' });
  t.equal(edit.body.error.code, 'HUB_ERR_BULLETIN_STATE', 'a submitted bulletin cannot be edited');
  t.equal((await hub.call('GET', `/api/bulletins/${id}`)).body.bulletin.state, 'submitted');
  t.equal((await hub.call('GET', '/api/bulletins/bt-does-not-exist/submit')).status, 404);
  const unknown = await hub.call('POST', '/api/bulletins/bt-does-not-exist/submit');
  t.equal(unknown.body.error.code, 'HUB_ERR_BULLETIN_UNKNOWN');
});

t.test('a published bulletin past its validity reads as expired and can no longer be recalled', async (t) => {
  const hub = await startHub(t);
  const { id } = await publishBulletin(hub, ledDraft(hub.clock, { validUntil: hub.clock.now + HOUR }));
  hub.clock.now += HOUR;
  const r = await hub.call('GET', `/api/bulletins/${id}`);
  t.equal(r.body.bulletin.state, 'expired');
  t.same(r.body.bulletin.actions, []);
  t.equal((await hub.call('POST', `/api/bulletins/${id}/recall`, { reason: 'muộn' })).body.error.code, 'HUB_ERR_BULLETIN_STATE');
  t.same((await hub.call('GET', '/api/bulletins?state=expired')).body.bulletins.map((b: { id: string }) => b.id), [id]);
  t.same((await hub.call('GET', '/api/bulletins?state=published')).body.bulletins, []);
  t.same(await hub.deps.bulletins.published(), [], 'dispatch no longer sees it');
});

t.test('areas: unknown targets and targets outside the issuing area are refused', async (t) => {
  const hub = await startHub(t);
  const unknown = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { targetAreas: ['660', '99999'] }));
  t.equal(unknown.status, 404);
  t.equal(unknown.body.error.code, 'HUB_ERR_AREA_UNKNOWN');
  t.match(unknown.body.error.message, /Địa bàn không tồn tại: 99999/);
  t.same(unknown.body.error.details.unknown, ['99999']);
  t.equal((await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { originArea: 'XX' }))).body.error.code, 'HUB_ERR_AREA_UNKNOWN');
  const outside = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { originArea: '663', targetAreas: ['24670', '24628'] }));
  t.equal(outside.status, 403);
  t.equal(outside.body.error.code, 'HUB_ERR_AREA_OUT_OF_SCOPE', 'Đắk Mil cannot address a commune of Gia Nghĩa');
  t.same(outside.body.error.details.outside, ['24628']);
});

t.test('schedules that cannot be right are refused with HUB_ERR_SCHEDULE_INVALID', async (t) => {
  const hub = await startHub(t);
  const now = hub.clock.now;
  const cases: [string, Record<string, unknown>][] = [
    ['a one-off time in the past', { schedule: { type: 'once', at: now - 60_000 } }],
    ['toDate before fromDate', { schedule: { type: 'recurring', weekdays: [1, 3], times: ['06:00'], fromDate: '2026-12-10', toDate: '2026-12-01' } }],
    ['a recurring schedule that already ended', { schedule: { type: 'recurring', weekdays: [1], times: ['06:00'], fromDate: '2026-01-01', toDate: '2026-02-01' } }],
    ['validUntil not after validFrom', { validFrom: now + DAY, validUntil: now + DAY }],
    ['an emergency that waits for a window', { priority: 'emergency', schedule: { type: 'nextWindow' } }],
    ["'now' for a priority bulletin", { schedule: { type: 'now' } }],
    ['a one-off time after the validity ends', { schedule: { type: 'once', at: now + 3 * DAY } }],
  ];
  for (const [name, over] of cases) {
    const r = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, over));
    t.equal(r.status, 400, name);
    t.equal(r.body.error.code, 'HUB_ERR_SCHEDULE_INVALID', name);
  }
  const fine = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { schedule: { type: 'once', at: now + HOUR } }));
  t.equal(fine.status, 201, 'a one-off time within the validity is accepted');
  hub.clock.now += 2 * HOUR;
  const late = await hub.call('POST', `/api/bulletins/${fine.body.bulletin.id}/submit`);
  t.equal(late.body.error.code, 'HUB_ERR_SCHEDULE_INVALID', 'the time is checked again when submitted');
});

t.test('content: unknown media, wrong kind of media, malformed bodies', async (t) => {
  const hub = await startHub(t);
  const missing = 'ab'.repeat(32);
  const r1 = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { content: { kind: 'audio', mediaSha256: missing } }));
  t.equal(r1.body.error.code, 'HUB_ERR_MEDIA_NOT_FOUND');
  const png = await hub.upload('tiny.png', 'image/png');
  const r2 = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { content: { kind: 'audio', mediaSha256: png } }));
  t.equal(r2.body.error.code, 'HUB_ERR_CONTENT_MEDIA_MISMATCH', 'an image is not audio');
  const r3 = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { content: { kind: 'video', url: 'http://evil.example/x.mp4' } }));
  t.equal(r3.body.error.code, 'HUB_ERR_VALIDATION');
  const r4 = await hub.call('POST', '/api/bulletins', { ...ledDraft(hub.clock), title: '' });
  t.equal(r4.body.error.code, 'HUB_ERR_VALIDATION');

  const slides = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, {
    content: { kind: 'slides', slides: [{ type: 'image', mediaSha256: png, durationMs: 5000 }, { type: 'ticker', text: 'Phòng chống sốt xuất huyết', durationMs: 10_000, pixelsPerSecond: 32 }] },
  }));
  t.equal(slides.status, 201);
  const submitted = await hub.call('POST', `/api/bulletins/${slides.body.bulletin.id}/submit`);
  t.match(submitted.body.bulletin.resolvedContent, { kind: 'slides', slides: [{ type: 'image', durationMs: 5000, media: { sha256: png, mime: 'image/png' } }, { type: 'ticker' }] });
});

t.test('listing by state and by area', async (t) => {
  const hub = await startHub(t);
  const province = (await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { targetAreas: ['67'] }))).body.bulletin.id;
  const krongNo = (await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { originArea: '664', targetAreas: ['24715'] }))).body.bulletin.id;
  const { id: giaNghia } = await publishBulletin(hub, ledDraft(hub.clock));
  const ids = async (query: string) => (await hub.call('GET', `/api/bulletins${query}`)).body.bulletins.map((b: { id: string }) => b.id).sort();
  t.same(await ids('?area=24628'), [giaNghia, province].sort(), 'a commune sees what reaches it from above');
  t.same(await ids('?area=664'), [krongNo, province].sort(), 'a district sees its own and what reaches it');
  t.same(await ids('?state=published'), [giaNghia]);
  t.same(await ids('?state=draft&area=664'), [krongNo, province].sort());
  t.same(await ids('?state=draft&area=24715'), [krongNo, province].sort());
  t.same(await ids('?state=draft&area=24700'), [province], 'a sibling commune does not see Nâm Nung’s own');
  t.same(await ids('?limit=1'), [giaNghia], 'newest first');
  hub.clock.now += 60_000;
  await hub.call('PATCH', `/api/bulletins/${province}`, { title: 'Thông báo toàn tỉnh (bản sửa)' });
  t.same(await ids('?limit=1'), [province], 'the last one changed comes first');
  t.equal((await hub.call('GET', '/api/bulletins?state=lost')).body.error.code, 'HUB_ERR_VALIDATION');
});

t.test('every bulletin route needs the admin token', async (t) => {
  const hub = await startHub(t);
  for (const [method, url] of [['GET', '/api/bulletins'], ['POST', '/api/bulletins'], ['POST', '/api/stop'], ['PUT', '/api/areas/24628/selections'], ['POST', '/api/upstream/emergency']] as const) {
    const r = await hub.app.inject({ method, url, headers: { authorization: `Bearer not-${TOKEN}` }, payload: {} });
    t.equal(r.statusCode, 401, `${method} ${url}`);
  }
});

t.test('commune selections are stored, exposed and checked', async (t) => {
  const hub = await startHub(t);
  const { id: normal } = await publishBulletin(hub, ledDraft(hub.clock, { priority: 'normal', targetAreas: ['67'] }));
  const { id: far } = await publishBulletin(hub, ledDraft(hub.clock, { originArea: '664', targetAreas: ['664'] }));
  const selections = [{ bulletinId: normal, order: 1, schedule: { type: 'recurring', weekdays: [1, 2, 3, 4, 5], times: ['17:15'], fromDate: '2026-11-23', toDate: '2026-11-30' } }];
  const put = await hub.call('PUT', '/api/areas/24628/selections', { selections });
  t.equal(put.status, 200);
  t.same(put.body.selections, selections);
  t.same((await hub.call('GET', '/api/areas/24628/selections')).body.selections, selections);
  t.same((await hub.deps.bulletins.selections()).get('24628'), selections, 'dispatch reads the same choices');

  t.equal((await hub.call('PUT', '/api/areas/24628/selections', { selections: [{ bulletinId: far }] })).body.error.code, 'HUB_ERR_AREA_OUT_OF_SCOPE');
  t.equal((await hub.call('PUT', '/api/areas/24628/selections', { selections: [{ bulletinId: 'bt-nothing-here' }] })).body.error.code, 'HUB_ERR_BULLETIN_UNKNOWN');
  t.equal((await hub.call('PUT', '/api/areas/99999/selections', { selections: [] })).body.error.code, 'HUB_ERR_AREA_UNKNOWN');
  t.equal((await hub.call('GET', '/api/areas/99999/selections')).body.error.code, 'HUB_ERR_AREA_UNKNOWN');
  const now = await hub.call('PUT', '/api/areas/24628/selections', { selections: [{ bulletinId: normal, schedule: { type: 'now' } }] });
  t.equal(now.body.error.code, 'HUB_ERR_SCHEDULE_INVALID');
  t.same((await hub.call('GET', '/api/areas/24628/selections')).body.selections, selections, 'a refused change leaves the choices as they were');
  t.same((await hub.call('PUT', '/api/areas/24628/selections', { selections: [] })).body.selections, []);
});

t.test('an edit cannot smuggle in life-cycle fields, and says what it changes', async (t) => {
  const hub = await startHub(t);
  const id = (await hub.call('POST', '/api/bulletins', ledDraft(hub.clock))).body.bulletin.id;
  t.equal((await hub.call('PATCH', `/api/bulletins/${id}`, { state: 'published' })).body.error.code, 'HUB_ERR_VALIDATION');
  t.equal((await hub.call('PATCH', `/api/bulletins/${id}`, {})).body.error.code, 'HUB_ERR_VALIDATION');
  t.equal((await hub.call('PATCH', `/api/bulletins/${id}`, { targetAreas: ['99999'] })).body.error.code, 'HUB_ERR_AREA_UNKNOWN');
  t.match((await hub.call('GET', `/api/bulletins/${id}`)).body.bulletin, { state: 'draft', revision: 1, targetAreas: ['660'] });
});

t.test('the approval policy hook decides who may approve', async (t) => {
  // The shape issue 4 will fill in: here, a policy that refuses whoever submitted the bulletin.
  const hub = await startHub(t, {
    approvalPolicy: ({ actor, history }) =>
      history.some((h) => h.action === 'submit' && h.actor === actor) ? { allow: false, code: 'HUB_ERR_FORBIDDEN', detail: 'the submitter cannot approve' } : { allow: true },
  });
  const id = (await hub.call('POST', '/api/bulletins', ledDraft(hub.clock))).body.bulletin.id;
  await hub.call('POST', `/api/bulletins/${id}/submit`);
  const r = await hub.call('POST', `/api/bulletins/${id}/approve`);
  t.equal(r.status, 403);
  t.equal(r.body.error.code, 'HUB_ERR_FORBIDDEN');
  t.equal((await hub.call('GET', `/api/bulletins/${id}`)).body.bulletin.state, 'submitted');
});
