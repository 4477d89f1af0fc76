// The programme calendar through a real hub (demo province, SQLite, broker) as the console uses it, and proof that
// it is what an enrolled device will play: its own signed manifest, run through buildProgramme, gives the same day.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { buildProgramme, localDayRange, programmeInputFromManifest, type SignedEnvelope } from '@tinnguon/protocol';
import { basicAuth, enrolDevice, startTestHub, type RunningHub } from '../../helpers/hub-instance.js';
import { at } from '../../protocol/programme/programme-fixtures.js';

interface Slot { bulletinId: string; title: string; startAt: number; endAt: number; windowStart: number; reason: { code: string; vi: string; en: string } }
interface Day { date: string; windows: { start: string; end: string }[]; slots: Slot[]; warnings: { bulletinId: string; title: string; code: string; vi: string }[] }
interface Calendar extends Day { area: { code: string; name: string; timeZone: string }; kind: string }

const MONDAY = '2026-11-23';

async function call(h: RunningHub, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await h.hub.app.inject({ method, url, headers: h.auth, ...(payload === undefined ? {} : { payload }) });
  return { status: res.statusCode, body: res.json<Record<string, unknown> & { error?: { code: string; message: string } }>() };
}

async function publish(h: RunningHub, draft: object, query = ''): Promise<{ id: string; status: number; code?: string }> {
  const created = await call(h, 'POST', '/api/bulletins', draft);
  if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
  const id = (created.body.bulletin as { id: string }).id;
  for (const step of ['submit', 'approve']) {
    const r = await call(h, 'POST', `/api/bulletins/${id}/${step}`);
    if (r.status !== 200) throw new Error(`${step}: ${JSON.stringify(r.body)}`);
  }
  const r = await call(h, 'POST', `/api/bulletins/${id}/publish${query}`);
  return { id, status: r.status, ...(r.body.error ? { code: r.body.error.code } : {}) };
}

t.test('the calendar of a commune for a day, through the API, equals what its enrolled loudspeaker will play', async (t) => {
  const clock = { now: at(MONDAY, '10:00') };
  const h = await startTestHub({ now: () => clock.now });
  t.teardown(h.stop);
  const upload = await h.hub.app.inject({ method: 'POST', url: '/api/media', headers: { ...h.auth, 'content-type': 'audio/mpeg' }, payload: readFileSync(new URL('../../fixtures/media/speech-vi.mp3', import.meta.url)) });
  t.equal(upload.statusCode, 201);
  const { ref } = upload.json<{ ref: { sha256: string; durationMs: number } }>();
  const speech = { kind: 'audio', mediaSha256: ref.sha256 };
  const base = { priority: 'priority', content: speech, schedule: { type: 'nextWindow' }, validUntil: at(MONDAY, '23:00') + 24 * 3600_000 };

  const province = await publish(h, { ...base, title: 'Tỉnh: phòng chống sốt xuất huyết', originArea: '67', targetAreas: ['67'], repeat: 2 });
  const commune = await publish(h, { ...base, title: 'Xã Đắk Nia: họp dân thôn 3', originArea: '24628', targetAreas: ['24628'] });
  const normal = await publish(h, { ...base, priority: 'normal', title: 'Thành phố: lịch thu gom rác', originArea: '660', targetAreas: ['660'] });
  const unpicked = await publish(h, { ...base, priority: 'normal', title: 'Thành phố: không được chọn', originArea: '660', targetAreas: ['660'] });
  t.same([province, commune, normal, unpicked].map((p) => p.status), [200, 200, 200, 200]);

  // Điều 10: 11:00 is outside every window; refused, then published on an explicit confirmation kept in the history.
  const nightDraft = { ...base, title: 'Phát lúc 11 giờ', originArea: '24628', targetAreas: ['24628'], schedule: { type: 'once', at: at(MONDAY, '11:00') } };
  const refused = await publish(h, nightDraft);
  t.same([refused.status, refused.code], [409, 'HUB_ERR_OUTSIDE_WINDOW']);
  const confirmed = await call(h, 'POST', `/api/bulletins/${refused.id}/publish?confirmOutsideWindow=true`);
  t.equal(confirmed.status, 200);
  const history = (await call(h, 'GET', `/api/bulletins/${refused.id}`)).body.history as { action: string; reason?: string }[];
  t.match(history.find((x) => x.action === 'publish')?.reason, /Xác nhận phát hành dù giờ phát nằm ngoài khung giờ hoạt động; sẽ không phát tại: 24628\/loudspeaker 2026-11-23 11:00/);

  const dayUrl = `/api/areas/24628/programme?date=${MONDAY}&kind=loudspeaker`;
  const before = (await call(h, 'GET', dayUrl)).body as unknown as Calendar;
  t.same(before.area, { code: '24628', name: 'Xã Đắk Nia', timeZone: 'Asia/Ho_Chi_Minh' });
  t.same(before.windows.map((w) => `${w.start}–${w.end}`), ['05:00–06:30', '17:00–18:30']);
  t.same(before.slots.map((s) => s.bulletinId), [province.id, commune.id], 'Điều 8.2 default order; normal ones wait to be picked (Điều 8.3)');
  t.equal(before.slots[0]?.startAt, at(MONDAY, '17:00'));
  t.equal(before.slots[0]?.title, 'Tỉnh: phòng chống sốt xuất huyết');
  t.match(before.slots[0]?.reason.vi, /^Ưu tiên, cấp tỉnh \(67\): vào khung giờ kế tiếp 17:00–18:30.*xếp trước bản tin ưu tiên của xã/);
  t.match(before.warnings, [{ bulletinId: refused.id, code: 'OUTSIDE_WINDOW' }], 'the confirmed item shows why it will not play');

  // Điều 8.2–8.3: the commune chair puts its own first and picks the city's bulletin for 17:20.
  const put = await call(h, 'PUT', '/api/areas/24628/selections', {
    selections: [{ bulletinId: commune.id, order: 0 }, { bulletinId: province.id, order: 1 }, { bulletinId: normal.id, schedule: { type: 'once', at: at(MONDAY, '17:20') } }],
  });
  t.equal(put.status, 200);
  const after = (await call(h, 'GET', dayUrl)).body as unknown as Calendar;
  t.same(after.slots.map((s) => s.bulletinId), [commune.id, province.id, normal.id]);
  t.same(after.slots.map((s) => s.reason.code), ['PRIORITY_CHAIR_ORDER', 'PRIORITY_CHAIR_ORDER', 'NORMAL_CHOSEN']);
  t.equal(after.slots[2]?.startAt, at(MONDAY, '17:20'));
  t.notOk(after.slots.some((s) => s.bulletinId === unpicked.id));

  // The device's own view: its signed manifest, run through the same function, gives the same day.
  const creds = await enrolDevice(h, '24628', 'loudspeaker');
  const res = await h.hub.app.inject({ url: '/api/device/manifest', headers: basicAuth(creds) });
  const manifest = res.json<SignedEnvelope<'manifest'>>().payload;
  const { fromMs, toMs } = localDayRange(MONDAY, manifest.timeZone);
  const device = buildProgramme(programmeInputFromManifest(manifest), fromMs, toMs);
  t.same(after.slots.map(({ title: _title, ...slot }) => slot), device.slots, 'calendar = device timeline');
  t.same(after.warnings.map(({ title: _title, ...w }) => w), device.warnings);
});

t.test('LED preview for the coming days, another commune’s own windows, and refusals', async (t) => {
  const clock = { now: at(MONDAY, '10:00') };
  const h = await startTestHub({ now: () => clock.now });
  t.teardown(h.stop);
  const ledText = { kind: 'ledText', slide: { type: 'text', text: 'Tiêm chủng mở rộng: 8 giờ sáng thứ Bảy', durationMs: 8000 } };
  const board = await publish(h, { title: 'Bảng tin: tiêm chủng', priority: 'priority', originArea: '67', targetAreas: ['67'], content: ledText, schedule: { type: 'nextWindow' }, validUntil: at(MONDAY, '10:00') + 5 * 24 * 3600_000 });
  t.equal(board.status, 200);

  const preview = await call(h, 'GET', '/api/areas/24715/programme/preview?days=2&kind=led');
  t.equal(preview.status, 200);
  const days = preview.body.days as Day[];
  t.same(days.map((d) => d.date), [MONDAY, '2026-11-24'], 'from today in the area’s zone');
  t.match(days[0]?.slots, [{ bulletinId: board.id, startAt: at(MONDAY, '17:00'), endAt: at(MONDAY, '22:00'), reason: { vi: /trình chiếu lặp lại trên bảng tin đến 22:00/ } }]);
  t.same(days[1]?.slots, [], 'a priority bulletin takes the next window, once');
  const speakers = (await call(h, 'GET', `/api/areas/24715/programme?date=${MONDAY}`)).body as unknown as Calendar;
  t.equal(speakers.kind, 'loudspeaker', 'loudspeakers by default');
  t.same(speakers.windows.map((w) => `${w.start}–${w.end}`), ['05:30–06:30', '17:30–18:30'], 'Xã Nâm Nung’s own hours');
  t.same(speakers.slots, []);

  const today = (await call(h, 'GET', '/api/areas/24715/programme?kind=led')).body as unknown as Calendar;
  t.equal(today.date, MONDAY);

  const errors: [string, number, string][] = [
    ['/api/areas/99999/programme', 404, 'HUB_ERR_AREA_UNKNOWN'],
    ['/api/areas/24715/programme?date=2026-02-30', 400, 'HUB_ERR_VALIDATION'],
    ['/api/areas/24715/programme?date=23-11-2026', 400, 'HUB_ERR_VALIDATION'],
    ['/api/areas/24715/programme?kind=radio', 400, 'HUB_ERR_VALIDATION'],
    ['/api/areas/24715/programme/preview?days=15', 400, 'HUB_ERR_VALIDATION'],
  ];
  for (const [url, status, code] of errors) {
    const r = await call(h, 'GET', url);
    t.same([r.status, r.body.error?.code], [status, code], url);
  }
  const anonymous = await h.hub.app.inject({ url: '/api/areas/24715/programme' });
  t.equal(anonymous.statusCode, 401, 'behind the admin token like every official route');
  const openapi = await h.hub.app.inject({ url: '/docs/openapi.json' });
  t.ok(Object.keys(openapi.json<{ paths: Record<string, unknown> }>().paths).includes('/api/areas/{code}/programme/preview'), 'documented');
});
