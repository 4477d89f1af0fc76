// PUT /api/areas/:code/caps/:kind through a real hub (SQLite, broker, trust layer): who may set an area's caps
// (issue 6: "caps per area, e.g. Hà Nội"), what is refused and with which code, how they reach GET /api/areas, the
// devices' signed manifests and the calendar, and the audit entry each change leaves.
import t from 'tap';
import type { SignedEnvelope } from '@tinnguon/protocol';
import { basicAuth, enrolDevice } from '../../helpers/hub-instance.js';
import { startTrustHub, type TrustHub } from '../authz/trust-hub.js';

interface AreaView { code: string; caps?: Record<string, unknown>; windows?: Record<string, unknown> }
interface ErrorView { error?: { code: string; message: string } }

async function areas(hub: TrustHub): Promise<Map<string, AreaView>> {
  const body = (await hub.call('GET', '/api/areas', hub.admin)).json<{ areas: AreaView[] }>();
  return new Map(body.areas.map((a) => [a.code, a]));
}

async function manifestOf(hub: TrustHub, creds: { mqttUsername: string; mqttPassword: string }) {
  const res = await hub.h.hub.app.inject({ url: '/api/device/manifest', headers: basicAuth(creds) });
  return res.json<SignedEnvelope<'manifest'>>().payload;
}

t.test('caps per area, e.g. Hà Nội: set on a district, shown with the areas, inherited into the communes’ manifests and calendar', async (t) => {
  const hub = await startTrustHub(t);
  const daknia = await enrolDevice(hub.h, '24628', 'loudspeaker');
  const board = await enrolDevice(hub.h, '24628', 'led');
  const dakmil = await enrolDevice(hub.h, '24670', 'loudspeaker');
  t.equal((await manifestOf(hub, daknia)).caps, undefined, 'no caps until an area sets some');

  const put = await hub.call('PUT', '/api/areas/660/caps/loudspeaker', hub.admin, { caps: { sessionsPerDay: 2, minutesPerSession: 30 } });
  t.same([put.statusCode, put.json()], [200, { ok: true, caps: { sessionsPerDay: 2, minutesPerSession: 30 } }]);
  const listed = await areas(hub);
  t.same(listed.get('660')?.caps, { loudspeaker: { sessionsPerDay: 2, minutesPerSession: 30 } }, 'GET /api/areas shows them beside the windows');
  t.same(listed.get('24715')?.windows, { loudspeaker: [{ start: '05:30', end: '06:30' }, { start: '17:30', end: '18:30' }] }, 'windows as before');
  t.equal(listed.get('24628')?.caps, undefined, 'the commune has none of its own');

  t.same((await manifestOf(hub, daknia)).caps, { sessionsPerDay: 2, minutesPerSession: 30 }, 'Xã Đắk Nia’s loudspeaker receives its district’s caps');
  t.equal((await manifestOf(hub, board)).caps, undefined, 'its LED board does not: caps are per device kind');
  t.equal((await manifestOf(hub, dakmil)).caps, undefined, 'another district’s loudspeaker does not');
  const calendar = (await hub.call('GET', '/api/areas/24628/programme?kind=loudspeaker', hub.admin)).json<{ caps?: unknown }>();
  t.same(calendar.caps, { sessionsPerDay: 2, minutesPerSession: 30 }, 'the calendar shows the caps it was laid out with');

  t.equal((await hub.call('PUT', '/api/areas/24628/caps/loudspeaker', hub.admin, { caps: {} })).statusCode, 200);
  t.equal((await manifestOf(hub, daknia)).caps, undefined, '{} uncaps the commune: nothing travels');
  t.same((await areas(hub)).get('24628')?.caps, { loudspeaker: {} });
  t.equal((await hub.call('PUT', '/api/areas/24628/caps/loudspeaker', hub.admin, { caps: null })).statusCode, 200);
  t.same((await manifestOf(hub, daknia)).caps, { sessionsPerDay: 2, minutesPerSession: 30 }, 'null clears the override: inherited again');
  t.equal((await areas(hub)).get('24628')?.caps, undefined);
});

t.test('caps per area: the windows’ permission and area scope (Điều 10, set by each locality)', async (t) => {
  const hub = await startTrustHub(t);
  const officer = await hub.official('xa.dak.nia', 'commune_officer', '24628', 'Ksor H’Nhi');
  const district = await hub.official('tp.gia.nghia', 'district_officer', '660');
  const viewer = await hub.official('xem.dak.nia', 'viewer', '24628');
  const caps = { caps: { sessionsPerDay: 1 } };
  const cases: [string, Parameters<TrustHub['call']>[2], string, number, string | undefined][] = [
    ['the commune officer, own commune', officer, '24628', 200, undefined],
    ['the commune officer, its district above', officer, '660', 403, 'HUB_ERR_AREA_SCOPE'],
    ['the commune officer, a sibling commune', officer, '24611', 403, 'HUB_ERR_AREA_SCOPE'],
    ['the district officer, a commune below', district, '24611', 200, undefined],
    ['the district officer, another district', district, '663', 403, 'HUB_ERR_AREA_SCOPE'],
    ['a viewer, own commune', viewer, '24628', 403, 'HUB_ERR_FORBIDDEN'],
    ['nobody signed in', undefined, '24628', 401, 'HUB_ERR_UNAUTHENTICATED'],
  ];
  for (const [who, as, code, status, error] of cases) {
    const res = await hub.call('PUT', `/api/areas/${code}/caps/loudspeaker`, as, caps);
    t.same([res.statusCode, res.json<ErrorView>().error?.code], [status, error], who);
  }
  const listed = await areas(hub);
  t.same([...listed.values()].filter((a) => a.caps !== undefined).map((a) => a.code).sort(), ['24611', '24628'], 'only the allowed changes happened');
});

t.test('caps per area: bad requests are refused with a code naming what is wrong, and change nothing', async (t) => {
  const hub = await startTrustHub(t);
  const cases: [string, string, unknown, number, string, RegExp?][] = [
    ['zero sessions', '24628/caps/loudspeaker', { caps: { sessionsPerDay: 0 } }, 400, 'HUB_ERR_CAPS_INVALID', /số buổi phát mỗi ngày.*from 1 to 12, not 0/],
    ['thirteen sessions', '24628/caps/loudspeaker', { caps: { sessionsPerDay: 13 } }, 400, 'HUB_ERR_CAPS_INVALID'],
    ['a fraction of a minute', '24628/caps/loudspeaker', { caps: { minutesPerSession: 2.5 } }, 400, 'HUB_ERR_CAPS_INVALID'],
    ['a number as text is not coerced', '24628/caps/loudspeaker', { caps: { minutesPerSession: '30' } }, 400, 'HUB_ERR_CAPS_INVALID', /not "30"/],
    ['more than ten hours', '24628/caps/led', { caps: { minutesPerSession: 601 } }, 400, 'HUB_ERR_CAPS_INVALID'],
    ['a misspelt field is not silently dropped', '24628/caps/loudspeaker', { caps: { sessionPerDay: 2 } }, 400, 'HUB_ERR_CAPS_INVALID', /unknown field "sessionPerDay"/],
    ['caps missing', '24628/caps/loudspeaker', {}, 400, 'HUB_ERR_VALIDATION'],
    ['caps as a number', '24628/caps/loudspeaker', { caps: 2 }, 400, 'HUB_ERR_VALIDATION'],
    ['an unknown device kind', '24628/caps/radio', { caps: { sessionsPerDay: 2 } }, 400, 'HUB_ERR_VALIDATION'],
    ['an unknown area', '99999/caps/loudspeaker', { caps: { sessionsPerDay: 2 } }, 404, 'HUB_ERR_AREA_UNKNOWN'],
  ];
  for (const [name, path, body, status, code, message] of cases) {
    const res = await hub.call('PUT', `/api/areas/${path}`, hub.admin, body);
    const error = res.json<ErrorView>().error;
    t.same([res.statusCode, error?.code], [status, code], name);
    if (message !== undefined) t.match(error?.message, message, `${name}: the message says why`);
  }
  t.equal((await hub.call('PUT', '/api/areas/24628/caps/loudspeaker', hub.admin, { caps: { minutesPerSession: 30 } })).statusCode, 200);
  t.same((await areas(hub)).get('24628')?.caps, { loudspeaker: { minutesPerSession: 30 } }, 'only the valid change is stored');
});

t.test('caps per area: each change is in the audit log with the area as it was before', async (t) => {
  const hub = await startTrustHub(t);
  const officer = await hub.official('xa.dak.nia', 'commune_officer', '24628', 'Ksor H’Nhi');
  await hub.call('PUT', '/api/areas/24628/caps/loudspeaker', officer, { caps: { sessionsPerDay: 2 } });
  await hub.call('PUT', '/api/areas/24628/caps/loudspeaker', officer, { caps: null });
  await hub.call('PUT', '/api/areas/24628/caps/loudspeaker', officer, { caps: { sessionsPerDay: 0 } });
  interface Entry { actor: string; action: string; target: string; area: string; before: { code: string; caps?: unknown }; after: { status: number; request: unknown } }
  const entries = (await hub.call('GET', '/api/audit?area=24628', hub.admin)).json<{ entries: Entry[] }>().entries.reverse();
  const caps = entries.filter((e) => e.action === 'PUT /api/areas/:code/caps/:kind');
  t.equal(caps.length, 2, 'two changes; the refusal changed nothing and is not an entry');
  t.match(caps[0], { actor: 'xa.dak.nia', target: '24628/loudspeaker', area: '24628', after: { status: 200, request: { caps: { sessionsPerDay: 2 } } } });
  t.equal(caps[0]?.before.caps, undefined, 'before the first change the commune had no caps of its own');
  t.match(caps[1], { before: { code: '24628', caps: { loudspeaker: { sessionsPerDay: 2 } } }, after: { request: { caps: null } } });
  t.match((await hub.call('GET', '/api/audit/verify', hub.admin)).json(), { ok: true });
});
