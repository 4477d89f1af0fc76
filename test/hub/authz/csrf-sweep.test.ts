// CSRF sweep (issue 4): every state-changing route the hub registers, called with a console session cookie
//   - without the CSRF token          → refused, HUB_ERR_CSRF, nothing happens;
//   - with Sec-Fetch-Site: cross-site → refused, HUB_ERR_CROSS_SITE, even with the right token;
//   - with the token, same origin     → through the trust layer (a probe answers right after the guard);
// and the same request with a Bearer token needs no CSRF token at all (no ambient authority).
import t from 'tap';
import type { FastifyPluginAsync } from 'fastify';
import { buildApp } from '../../../hub/src/app/build-app.js';
import { isStateChanging } from '../../../hub/src/authz/request-forgery.js';
import { HUB_ERRORS } from '../../../hub/src/errors.js';
import { startTrustHub } from './trust-hub.js';

const probe: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers['x-authz-probe'] === '1') return reply.code(204).header('x-authz', 'passed').send();
    return undefined;
  });
};
(probe as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/** Any syntactically valid request: the guard decides before the handler, and the probe stops it there. */
function requestFor(method: string, url: string, ids: { bulletin: string; device: string; account: string }) {
  const path = url
    .replace(':code', '67')
    .replace(':kind', 'led')
    .replace(':sha256', 'a'.repeat(64))
    .replace(':id', url.startsWith('/api/bulletins') ? ids.bulletin : url.startsWith('/api/devices') ? ids.device : url.startsWith('/api/accounts') ? ids.account : 'abcdef123456');
  const bodies: Record<string, { payload: unknown; headers?: Record<string, string> }> = {
    'POST /api/areas/import': { payload: 'code,name,parent_code,time_zone\n', headers: { 'content-type': 'text/csv' } },
    'PUT /api/areas/:code/windows/:kind': { payload: { windows: null } },
    'PUT /api/areas/:code/caps/:kind': { payload: { caps: null } },
    'PUT /api/areas/:code/approval-policy': { payload: { policy: null } },
    'PUT /api/areas/:code/selections': { payload: { selections: [] } },
    'POST /api/devices': { payload: { kind: 'led', areaCode: '67', name: 'Bảng tin' } },
    'POST /api/devices/:id/commands': { payload: { action: 'resync' } },
    'POST /api/media': { payload: Buffer.from('x'), headers: { 'content-type': 'audio/mpeg' } },
    'POST /api/media/recording': { payload: Buffer.from('RIFF'), headers: { 'content-type': 'audio/wav' } },
    'POST /api/led/preview': { payload: { width: 64, height: 16, slides: [{ type: 'text', text: 'Thử', durationMs: 1000 }] } },
    'POST /api/media/tts': { payload: { text: 'Xin chào' } },
    'POST /api/bulletins': {
      payload: {
        title: 'Thử', priority: 'normal', originArea: '67', targetAreas: ['67'], content: { kind: 'ledText', slide: { type: 'text', text: 'Thử', durationMs: 8000 } },
        schedule: { type: 'nextWindow' }, validUntil: Date.now() + 86_400_000,
      },
    },
    'PATCH /api/bulletins/:id': { payload: { title: 'Sửa' } },
    'POST /api/bulletins/:id/reject': { payload: { reason: 'Sửa lại' } },
    'POST /api/bulletins/:id/recall': { payload: { reason: 'Nhầm' } },
    'POST /api/bulletins/:id/cancel': { payload: { reason: 'Nhầm' } },
    'PUT /api/bulletins/:id/sensitivity': { payload: { sensitive: true } },
    'POST /api/stop': { payload: { areas: ['67'] } },
    'POST /api/upstream/emergency': { payload: {} },
    'POST /api/accounts': { payload: { username: 'moi.tao', displayName: 'Lê Văn Tám', areaCode: '67', role: 'viewer' } },
    'PATCH /api/accounts/:id': { payload: { agency: 'Sở VH-TT' } },
    'POST /api/session': { payload: { username: 'ai.do', password: 'x' } },
    'POST /api/session/password': { payload: { currentPassword: 'a', newPassword: 'b' } },
    'POST /api/session/totp/confirm': { payload: { code: '123456' } },
    'POST /api/tokens': { payload: { name: 'kịch bản', permissions: ['device.read'] } },
    'POST /api/device/enrol': { payload: { code: 'ABCD-EFGH' } },
    'POST /api/device/snapshot': { payload: Buffer.from('x'), headers: { 'content-type': 'image/png' } },
  };
  return { path, ...(bodies[`${method} ${url}`] ?? {}) };
}

t.test('every state-changing route: no token → refused, cross-site → refused, token → through', async (t) => {
  const hub = await startTrustHub(t);
  const { trust: _shared, ...deps } = hub.h.hub.deps;
  const app = await buildApp(deps, { plugins: [probe] });
  t.teardown(() => app.close());
  const admin = await hub.official('quan.tri.tinh', 'province_admin', '67', 'Phạm Quốc Khánh');
  const ids = {
    bulletin: (await hub.call('POST', '/api/bulletins', hub.admin, requestFor('POST', '/api/bulletins', { bulletin: '', device: '', account: '' }).payload)).json<{ bulletin: { id: string } }>().bulletin.id,
    device: (await hub.h.hub.deps.devices.create({ kind: 'led', areaCode: '67', name: 'Bảng tin tỉnh' })).device.id,
    account: admin.account.id,
  };
  const changing = app.trustLayer.routes.filter((r) => isStateChanging(r.method));
  t.ok(changing.length >= 30, `${changing.length} state-changing routes`);
  const problems: string[] = [];
  for (const route of changing) {
    const r = requestFor(route.method, route.url, ids);
    const send = (headers: Record<string, string>) =>
      app.inject({ method: route.method as 'POST', url: r.path, headers: { 'x-authz-probe': '1', ...headers, ...r.headers }, ...(r.payload === undefined ? {} : { payload: r.payload as string }) });
    const name = `${route.method} ${route.url}`;
    if (route.permission === 'public' || route.permission === 'device') {
      // No session to forge with; a cross-site page still must not sign a browser in (login CSRF).
      const cross = await send({ 'sec-fetch-site': 'cross-site' });
      if (cross.statusCode !== 403 || cross.json<{ error: { code: string } }>().error.code !== 'HUB_ERR_CROSS_SITE') problems.push(`${name}: cross-site not refused`);
      continue;
    }
    const noToken = await send({ cookie: admin.cookie });
    if (noToken.statusCode !== 403 || noToken.json<{ error: { code: string } }>().error.code !== 'HUB_ERR_CSRF') problems.push(`${name}: without token got ${noToken.statusCode}`);
    const wrongToken = await send({ cookie: admin.cookie, 'x-csrf-token': `${admin.csrf.slice(0, -2)}xx` });
    if (wrongToken.json<{ error?: { code: string } }>().error?.code !== 'HUB_ERR_CSRF') problems.push(`${name}: wrong token got ${wrongToken.statusCode}`);
    const cross = await send({ ...admin.headers, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' });
    if (cross.statusCode !== 403 || cross.json<{ error: { code: string } }>().error.code !== 'HUB_ERR_CROSS_SITE') problems.push(`${name}: cross-site got ${cross.statusCode}`);
    const ok = await send({ ...admin.headers, 'sec-fetch-site': 'same-origin' });
    if (ok.headers['x-authz'] !== 'passed') problems.push(`${name}: with token got ${ok.statusCode} ${ok.body}`);
    const bearer = await send({ ...hub.admin, 'sec-fetch-site': 'cross-site' });
    if (bearer.headers['x-authz'] !== 'passed') problems.push(`${name}: bearer request refused (${bearer.statusCode})`);
  }
  t.same(problems, []);
});

t.test('the refusals speak Vietnamese first, English beside', async (t) => {
  const hub = await startTrustHub(t);
  const officer = await hub.official('can.bo.xa', 'commune_officer', '24628', 'Nguyễn Thị Mai');
  const res = await hub.call('POST', '/api/stop', { cookie: officer.cookie }, { areas: ['24628'] });
  t.equal(res.statusCode, 403);
  t.match(res.json(), { error: { code: 'HUB_ERR_CSRF', message: /^Thiếu hoặc sai mã chống giả mạo yêu cầu \(CSRF\)/, messageEn: /^Missing or wrong CSRF token/ } });
  const cross = await hub.call('POST', '/api/stop', officer, { areas: ['24628'] }, { 'sec-fetch-site': 'cross-site' });
  t.match(cross.json(), { error: { code: 'HUB_ERR_CROSS_SITE', message: /^Yêu cầu gửi từ trang web khác bị từ chối/ } });
  for (const code of ['HUB_ERR_RATE_LIMITED', 'HUB_ERR_SIGN_IN_FAILED', 'HUB_ERR_AREA_SCOPE', 'HUB_ERR_TOTP_INVALID', 'HUB_ERR_SESSION_EXPIRED'] as const) {
    t.match(HUB_ERRORS[code].vi, /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i, `${code} has Vietnamese text`);
  }
});
