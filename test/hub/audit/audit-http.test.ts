// Every state change through the API lands in the hash-chained audit log with who, from where, what, on what, where,
// before and after — and never a secret. Queried by area and time; verified over HTTP; tampering shows.
import t from 'tap';
import { startTrustHub } from '../authz/trust-hub.js';

interface Entry {
  seq: number;
  at: number;
  actor: string;
  actorIp: string;
  action: string;
  target: string | null;
  area: string | null;
  before: Record<string, unknown> | null;
  after: { status: number; request?: Record<string, unknown>; response?: Record<string, unknown> };
}

t.test('changes are audited centrally with before and after; secrets are redacted', async (t) => {
  const hub = await startTrustHub(t);
  const created = await hub.call('POST', '/api/devices', hub.admin, { kind: 'loudspeaker', areaCode: '24628', name: 'Cụm loa thôn Tân Lợi' });
  const { device, enrolmentCode } = created.json<{ device: { id: string }; enrolmentCode: string }>();
  await hub.h.hub.deps.devices.enrol(enrolmentCode);
  await hub.call('PUT', '/api/areas/24628/windows/loudspeaker', hub.admin, { windows: [{ start: '05:30', end: '06:00' }] });
  const account = await hub.call('POST', '/api/accounts', hub.admin, { username: 'xa.dak.nia', displayName: 'Hà Thị Thu', areaCode: '24628', role: 'commune_officer' });
  const { temporaryPassword } = account.json<{ temporaryPassword: string }>();
  const officer = await hub.official('can.bo', 'commune_officer', '24628', 'Ksor H’Nhi');
  await hub.call('POST', `/api/devices/${device.id}/commands`, officer, { action: 'volume', level: 55 });
  await hub.call('GET', '/api/devices', officer);

  const entries = (await hub.call('GET', '/api/audit', hub.admin)).json<{ entries: Entry[] }>().entries.reverse();
  t.same(entries.map((e) => e.action), [
    'POST /api/devices', 'PUT /api/areas/:code/windows/:kind', 'POST /api/accounts', 'POST /api/devices/:id/commands',
  ], 'every change, no reads');
  const [deviceEntry, windowEntry, accountEntry, commandEntry] = entries as [Entry, Entry, Entry, Entry];
  t.match(deviceEntry, { actor: 'admin [break-glass]', actorIp: '127.0.0.1', target: device.id, area: '24628', after: { status: 201, request: { areaCode: '24628' } } });
  t.match(windowEntry, { target: '24628/loudspeaker', area: '24628', before: { code: '24628', name: 'Xã Đắk Nia' }, after: { request: { windows: [{ start: '05:30', end: '06:00' }] } } });
  t.match(commandEntry, { actor: 'can.bo', target: device.id, area: '24628', before: { id: device.id, name: 'Cụm loa thôn Tân Lợi' }, after: { status: 202, request: { action: 'volume', level: 55 } } });
  t.match(accountEntry.after.response, { temporaryPassword: '[redacted]', account: { displayName: 'Hà Thị Thu' } });
  const all = JSON.stringify(await hub.h.hub.deps.db.all('SELECT * FROM audit_log'));
  t.notOk(all.includes(enrolmentCode), 'the enrolment code is not in the log');
  t.notOk(all.includes(temporaryPassword), 'the temporary password is not in the log');
  t.notOk(all.includes(hub.h.hub.deps.adminToken), 'the admin token is not in the log');
});

t.test('bulletin transitions carry the state before and after; queries by area and time; verification over HTTP', async (t) => {
  const hub = await startTrustHub(t);
  const clock = hub.h.hub.deps.now;
  const created = await hub.call('POST', '/api/bulletins', hub.admin, {
    title: 'Thông báo mất điện', priority: 'normal', originArea: '663', targetAreas: ['24670'],
    content: { kind: 'ledText', slide: { type: 'text', text: 'Mất điện 8h–11h', durationMs: 8000 } }, schedule: { type: 'nextWindow' }, validUntil: clock() + 86_400_000,
  });
  const id = created.json<{ bulletin: { id: string } }>().bulletin.id;
  const middle = clock();
  await hub.call('POST', `/api/bulletins/${id}/submit`, hub.admin);
  await hub.call('POST', `/api/bulletins/${id}/approve`, hub.admin);
  const entries = (await hub.call('GET', '/api/audit?area=663', hub.admin)).json<{ entries: Entry[] }>().entries;
  t.match(entries[0], { action: 'POST /api/bulletins/:id/approve', target: id, area: '663', before: { state: 'submitted', revision: 1 }, after: { response: { bulletin: { state: 'approved' } } } });
  t.equal((await hub.call('GET', '/api/audit?area=664', hub.admin)).json<{ entries: Entry[] }>().entries.length, 0, 'another district has none');
  const later = (await hub.call('GET', `/api/audit?from=${middle}`, hub.admin)).json<{ entries: Entry[] }>().entries;
  t.ok(later.every((e) => e.at >= middle));

  t.match((await hub.call('GET', '/api/audit/verify', hub.admin)).json(), { ok: true, checked: 3 });
  const db = hub.h.hub.deps.db;
  await db.run('DROP TRIGGER audit_log_no_update');
  await db.run("UPDATE audit_log SET actor = 'nguoi.khac' WHERE seq = 2");
  t.match((await hub.call('GET', '/api/audit/verify', hub.admin)).json(), { ok: false, firstBreak: { seq: 2, reason: 'altered' } });
  const officer = await hub.official('can.bo.xa', 'commune_officer', '24670');
  t.equal((await hub.call('GET', '/api/audit/verify', officer)).statusCode, 403);
});
