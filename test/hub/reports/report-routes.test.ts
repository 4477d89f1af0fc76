// Reports through the HTTP API of a real hub: scoped to the caller's subtree (a commune reads only itself, and asking
// for a neighbour is refused with a code), correct counts, and downloads that Excel and Python can open.
import t from 'tap';
import { addDays, localDateOf } from '@tinnguon/protocol';
import { startTrustHub } from '../authz/trust-hub.js';
import { pythonAvailable, readWithPython } from './xlsx-read.js';

const TZ = 'Asia/Ho_Chi_Minh';
const DAY = 24 * 3600_000;
const OWN = '24628'; // Xã Đắk Nia
const SIBLING = '24611'; // Phường Nghĩa Đức, same city (660)

async function seeded(t: Parameters<typeof startTrustHub>[0]) {
  const hub = await startTrustHub(t);
  const { devices, db } = hub.h.hub.deps;
  const mine = (await devices.create({ kind: 'loudspeaker', areaCode: OWN, name: 'Cụm loa thôn Tân Lập' })).device;
  const theirs = (await devices.create({ kind: 'led', areaCode: SIBLING, name: 'Bảng tin phường' })).device;
  await db.run("UPDATE devices SET state = 'active'");
  const created = await hub.call('POST', '/api/bulletins', hub.admin, {
    title: 'Phòng chống dịch sốt xuất huyết', priority: 'normal', originArea: '660', targetAreas: ['660'],
    content: { kind: 'ledText', slide: { type: 'text', text: 'Diệt lăng quăng', durationMs: 8000 } }, schedule: { type: 'nextWindow' }, validUntil: Date.now() + DAY,
  });
  const bulletinId = created.json<{ bulletin: { id: string } }>().bulletin.id;
  const now = Date.now();
  const today = localDateOf(now, TZ);
  const logs: [string, number, number, string, string | null, number | null][] = [
    [mine.id, 1, now - 2 * DAY, 'played', bulletinId, 120_000],
    [mine.id, 2, now - DAY, 'played', bulletinId, 120_000],
    [mine.id, 3, now - DAY + 1000, 'missed', bulletinId, null],
    [theirs.id, 1, now - DAY, 'played', bulletinId, 60_000],
    [theirs.id, 2, now - DAY, 'rejected', null, null],
    [mine.id, 4, now - 30 * DAY, 'played', bulletinId, 1], // outside the default week
  ];
  for (const [device, seq, at, event, bulletin, playedMs] of logs) {
    await db.run('INSERT INTO playback_logs (device_id, seq, at, event, bulletin_id, played_ms, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [device, seq, at, event, bulletin, playedMs, at]);
  }
  // Presence: ours online since long before the week; theirs offline for the last day.
  await db.run('INSERT INTO device_status_history (device_id, at, state) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)', [
    mine.id, now - 60 * DAY, 'online', theirs.id, now - 60 * DAY, 'online', theirs.id, now - DAY, 'offline',
  ]);
  return { hub, mine, theirs, bulletinId, today, weekAgo: addDays(today, -6) };
}

interface PlaybackBody {
  area: { code: string };
  fromDate: string;
  toDate: string;
  totals: { played: number; missed: number; rejected: number; total: number };
  byArea: { code: string; total: { total: number } }[];
  byDevice: { deviceId: string; counts: { played: number } }[];
  byBulletin: { bulletinId: string | null; title: string | null; devicesPlayed: number }[];
  byDay: { date: string; counts: { total: number } }[];
}

t.test('a commune officer reads its own commune only; a neighbour or the city is refused', async (t) => {
  const { hub, mine, today, weekAgo } = await seeded(t);
  const officer = await hub.official('can.bo.dak.nia', 'commune_officer', OWN, 'Y Blang Niê');
  const own = await hub.call('GET', '/api/reports/playback', officer);
  t.equal(own.statusCode, 200);
  const body = own.json<PlaybackBody>();
  t.match(body, { area: { code: OWN }, fromDate: weekAgo, toDate: today });
  t.same(body.byDevice.map((d) => d.deviceId), [mine.id], 'the neighbour’s board is not listed');
  t.match(body.totals, { played: 2, missed: 1, rejected: 0, total: 3 });
  t.same(body.byArea.map((a) => a.code), [OWN]);
  t.equal(body.byDay.length, 7);

  for (const url of [
    `/api/reports/playback?area=${SIBLING}`, '/api/reports/playback?area=660', `/api/reports/availability?area=${SIBLING}`,
    `/api/reports/playback/export?format=xlsx&area=${SIBLING}`, `/api/reports/availability/export?format=csv&area=660`,
  ]) {
    const refused = await hub.call('GET', url, officer);
    t.equal(refused.statusCode, 403, url);
    t.equal(refused.json<{ error: { code: string } }>().error.code, 'HUB_ERR_AREA_SCOPE', url);
  }
  const availability = await hub.call('GET', '/api/reports/availability', officer);
  t.same(availability.json<{ byDevice: { deviceId: string }[] }>().byDevice.map((d) => d.deviceId), [mine.id]);
});

t.test('the city sees both communes; per bulletin and per area add up', async (t) => {
  const { hub, mine, theirs, bulletinId } = await seeded(t);
  const body = (await hub.call('GET', '/api/reports/playback?area=660', hub.admin)).json<PlaybackBody>();
  t.match(body.totals, { played: 3, missed: 1, rejected: 1, total: 5 });
  t.same(body.byDevice.map((d) => [d.deviceId, d.counts.played]).sort(), [[mine.id, 2], [theirs.id, 1]].sort());
  t.same(body.byBulletin.map((b) => [b.bulletinId, b.title, b.devicesPlayed]), [[bulletinId, 'Phòng chống dịch sốt xuất huyết', 2], [null, null, 0]]);
  t.same(body.byArea.filter((a) => a.total.total > 0).map((a) => [a.code, a.total.total]), [['660', 5], ['24611', 2], [OWN, 3]]);
  const filtered = (await hub.call('GET', `/api/reports/playback?area=660&bulletin=${bulletinId}`, hub.admin)).json<PlaybackBody>();
  t.equal(filtered.totals.total, 4, 'the bulletin filter leaves out the rejection of something else');

  const avail = (await hub.call('GET', '/api/reports/availability?area=660', hub.admin)).json<{ byDevice: { deviceId: string; share: number; outages: number }[] }>();
  const share = new Map(avail.byDevice.map((d) => [d.deviceId, d]));
  t.equal(share.get(mine.id)!.share, 1, 'online the whole week');
  t.ok(share.get(theirs.id)!.share < 1 && share.get(theirs.id)!.share > 0.8, 'offline for about one day of the week');
  t.equal(share.get(theirs.id)!.outages, 1);
});

t.test('bad requests get coded errors', async (t) => {
  const { hub } = await seeded(t);
  const cases: [string, string][] = [
    ['/api/reports/playback?from=2026-05-10&to=2026-05-01', 'HUB_ERR_REPORT_RANGE'],
    ['/api/reports/playback?from=2024-01-01&to=2026-01-01', 'HUB_ERR_REPORT_RANGE'],
    ['/api/reports/playback?from=2026-02-30', 'HUB_ERR_REPORT_RANGE'],
    ['/api/reports/playback?area=99999', 'HUB_ERR_AREA_UNKNOWN'],
    ['/api/reports/playback/export?format=pdf', 'HUB_ERR_VALIDATION'],
    ['/api/reports/availability/export?format=csv&table=bulletin', 'HUB_ERR_VALIDATION'],
  ];
  for (const [url, code] of cases) t.equal((await hub.call('GET', url, hub.admin)).json<{ error: { code: string } }>().error.code, code, url);
});

t.test('CSV opens in Excel with Vietnamese intact; XLSX holds every table', async (t) => {
  const { hub, mine, weekAgo, today } = await seeded(t);
  const csv = await hub.call('GET', '/api/reports/playback/export?format=csv&table=device&area=660', hub.admin);
  t.equal(csv.statusCode, 200);
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(csv.headers['content-disposition'], `attachment; filename="bao-cao-phat-660-${weekAgo}-${today}.csv"`);
  t.equal(csv.headers['cache-control'], 'private, no-store');
  t.same([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM first');
  const lines = csv.rawPayload.toString('utf8').slice(1).split('\r\n');
  t.equal(lines[0], 'Mã thiết bị,Tên thiết bị,Loại,Mã địa bàn,Tên địa bàn,Đã phát,Bị lỡ,Bị ngắt,Bị dừng,Bị từ chối,Lỗi,Tổng,Thời lượng phát (phút),Tỷ lệ phát (%)');
  t.ok(lines.includes(`${mine.id},Cụm loa thôn Tân Lập,Cụm loa,${OWN},Xã Đắk Nia,2,1,0,0,0,0,3,4,66.7`), lines.join('\n'));
  const english = await hub.call('GET', '/api/reports/availability/export?format=csv&lang=en&area=660', hub.admin);
  t.match(english.rawPayload.toString('utf8'), /^\uFEFFArea code,Area,Level \(0 = report area\),Hours online,Hours observed,Availability \(%\)\r\n660,Thành phố Gia Nghĩa,0,/);

  const xlsx = await hub.call('GET', '/api/reports/playback/export?format=xlsx&area=660', hub.admin);
  t.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.equal(xlsx.rawPayload.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
  await t.test('Python reads every sheet', { skip: pythonAvailable() ? false : 'python3 is not installed' }, async (t) => {
    const sheets = readWithPython(xlsx.rawPayload);
    t.same(Object.keys(sheets), ['Theo địa bàn', 'Theo bản tin', 'Theo thiết bị', 'Theo ngày']);
    t.same(sheets['Theo địa bàn']![1]!.slice(0, 6), ['660', 'Thành phố Gia Nghĩa', 0, 2, 3, 1], 'code, name, level, devices, played, missed');
    t.equal(sheets['Theo ngày']!.length, 8, 'a header and seven days');
  });
});
