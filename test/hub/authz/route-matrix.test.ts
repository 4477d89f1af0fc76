// The authorisation matrix walked over EVERY route the hub registers, for every role, from every relationship to the
// target area: own area, parent, child and sibling (issue 4). The expected answer comes from this file's own table of
// what each route does (which permission, which target) and the permission matrix's rows; the guard must agree on
// every one. A route the table does not know fails the test: nothing can be added unguarded and untested.
//
// A probe plugin answers 204 right after the guard, so handlers never run: this test is about who gets through.
import t from 'tap';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Priority } from '@tinnguon/protocol';
import { buildApp } from '../../../hub/src/app/build-app.js';
import { PERMISSION_MATRIX, roleHas, type Permission } from '../../../hub/src/authz/permission-matrix.js';
import { ROLES } from '../../../hub/src/authz/roles.js';
import type { RouteEntry } from '../../../hub/src/authz/route-access.js';
import { startTrustHub, type Caller } from './trust-hub.js';

// Huyện Đắk Mil (663): parent Tỉnh Đắk Nông (67, the root), child Thị trấn Đắk Mil (24670), sibling Huyện Krông Nô (664).
const TARGET = '663';
const RELATIONS = { own: '663', parent: '67', child: '24670', sibling: '664' } as const;
type Relation = keyof typeof RELATIONS;
const PRIORITIES: Priority[] = ['emergency', 'priority', 'normal'];

/** What a route is, written here independently of the route's own declaration. */
type Spec =
  | { readonly kind: 'public' | 'device' }
  | { readonly kind: 'self' }
  | {
      readonly kind: 'permission';
      readonly permission: Permission | `${'bulletin.draft' | 'bulletin.submit' | 'bulletin.approve' | 'bulletin.publish'}`;
      /** Whether the request names the target area (directly or through a bulletin, device or account in it). */
      readonly targeted: boolean;
    };

interface Fixture {
  readonly spec: Spec;
  request(ids: Ids, priority: Priority): { url: string; payload?: unknown; headers?: Record<string, string> };
}

interface Ids {
  readonly bulletin: Record<Priority, string>;
  readonly device: string;
  readonly account: string;
  readonly token: string;
  readonly sha: string;
}

const p = (permission: Extract<Spec, { kind: 'permission' }>['permission'], targeted = true): Spec => ({ kind: 'permission', permission, targeted });
const PUBLIC: Spec = { kind: 'public' };
const SELF: Spec = { kind: 'self' };
const DAY = 24 * 3600_000;

function draft(priority: Priority) {
  return {
    title: 'Thông báo thử', priority, originArea: TARGET, targetAreas: [TARGET],
    content: { kind: 'ledText', slide: { type: 'text', text: 'Thử', durationMs: 8000 } },
    schedule: priority === 'emergency' ? { type: 'now' } : { type: 'nextWindow' }, validUntil: Date.now() + DAY,
  };
}

const FIXTURES: Record<string, Fixture> = {
  'GET /healthz': { spec: PUBLIC, request: () => ({ url: '/healthz' }) },
  'GET /readyz': { spec: PUBLIC, request: () => ({ url: '/readyz' }) },
  'GET /metrics': { spec: PUBLIC, request: () => ({ url: '/metrics' }) },
  'GET /': { spec: PUBLIC, request: () => ({ url: '/' }) },
  'GET /console': { spec: PUBLIC, request: () => ({ url: '/console' }) },
  'GET /console/*': { spec: PUBLIC, request: () => ({ url: '/console/index.html' }) },
  'GET /api/live': { spec: p('device.read', false), request: () => ({ url: '/api/live' }) },
  'GET /api/console/devices': { spec: p('device.read', false), request: () => ({ url: '/api/console/devices' }) },
  'GET /api/console/devices/:id/history': { spec: p('device.read'), request: (ids) => ({ url: `/api/console/devices/${ids.device}/history` }) },
  'GET /docs/openapi.json': { spec: PUBLIC, request: () => ({ url: '/docs/openapi.json' }) },
  'GET /docs': { spec: PUBLIC, request: () => ({ url: '/docs' }) },
  'POST /api/device/enrol': { spec: PUBLIC, request: () => ({ url: '/api/device/enrol', payload: { code: 'ABCD-EFGH' } }) },
  'GET /api/device/manifest': { spec: { kind: 'device' }, request: () => ({ url: '/api/device/manifest' }) },
  'POST /api/device/snapshot': { spec: { kind: 'device' }, request: () => ({ url: '/api/device/snapshot', payload: Buffer.from('not a png'), headers: { 'content-type': 'image/png' } }) },
  'GET /api/device/media/:sha256': { spec: { kind: 'device' }, request: (ids) => ({ url: `/api/device/media/${ids.sha}` }) },
  'POST /api/session': { spec: PUBLIC, request: () => ({ url: '/api/session', payload: { username: 'ai.do', password: 'x' } }) },

  'GET /api/session': { spec: SELF, request: () => ({ url: '/api/session' }) },
  'DELETE /api/session': { spec: SELF, request: () => ({ url: '/api/session' }) },
  'POST /api/session/password': { spec: SELF, request: () => ({ url: '/api/session/password', payload: { currentPassword: 'a', newPassword: 'b' } }) },
  'POST /api/session/totp': { spec: SELF, request: () => ({ url: '/api/session/totp' }) },
  'POST /api/session/totp/confirm': { spec: SELF, request: () => ({ url: '/api/session/totp/confirm', payload: { code: '123456' } }) },
  'GET /api/tokens': { spec: SELF, request: () => ({ url: '/api/tokens' }) },
  'POST /api/tokens': { spec: SELF, request: () => ({ url: '/api/tokens', payload: { name: 'kịch bản', permissions: ['device.read'] } }) },
  'DELETE /api/tokens/:id': { spec: SELF, request: (ids) => ({ url: `/api/tokens/${ids.token}` }) },

  'GET /api/areas': { spec: p('area.read', false), request: () => ({ url: '/api/areas' }) },
  'POST /api/areas/import': {
    spec: p('area.manage', false),
    request: () => ({ url: '/api/areas/import', payload: 'code,name,parent_code,time_zone\n', headers: { 'content-type': 'text/csv' } }),
  },
  'PUT /api/areas/:code/windows/:kind': { spec: p('area.windows'), request: () => ({ url: `/api/areas/${TARGET}/windows/led`, payload: { windows: null } }) },
  'GET /api/areas/:code/approval-policy': { spec: p('area.read'), request: () => ({ url: `/api/areas/${TARGET}/approval-policy` }) },
  'PUT /api/areas/:code/approval-policy': { spec: p('approval.policy'), request: () => ({ url: `/api/areas/${TARGET}/approval-policy`, payload: { policy: null } }) },
  'GET /api/areas/:code/selections': { spec: p('programme.read'), request: () => ({ url: `/api/areas/${TARGET}/selections` }) },
  'PUT /api/areas/:code/selections': { spec: p('programme.choose'), request: () => ({ url: `/api/areas/${TARGET}/selections`, payload: { selections: [] } }) },
  'GET /api/areas/:code/programme': { spec: p('programme.read'), request: () => ({ url: `/api/areas/${TARGET}/programme` }) },
  'GET /api/areas/:code/programme/preview': { spec: p('programme.read'), request: () => ({ url: `/api/areas/${TARGET}/programme/preview` }) },

  'GET /api/devices': { spec: p('device.read', false), request: () => ({ url: '/api/devices' }) },
  'POST /api/devices': { spec: p('device.manage'), request: () => ({ url: '/api/devices', payload: { kind: 'led', areaCode: TARGET, name: 'Bảng tin thử' } }) },
  'GET /api/devices/:id': { spec: p('device.read'), request: (ids) => ({ url: `/api/devices/${ids.device}` }) },
  'POST /api/devices/:id/revoke': { spec: p('device.manage'), request: (ids) => ({ url: `/api/devices/${ids.device}/revoke` }) },
  'POST /api/devices/:id/rotate': { spec: p('device.manage'), request: (ids) => ({ url: `/api/devices/${ids.device}/rotate` }) },
  'POST /api/devices/:id/commands': { spec: p('device.command'), request: (ids) => ({ url: `/api/devices/${ids.device}/commands`, payload: { action: 'volume', level: 40 } }) },
  'GET /api/devices/:id/commands': { spec: p('device.read'), request: (ids) => ({ url: `/api/devices/${ids.device}/commands` }) },
  'GET /api/devices/:id/snapshot': { spec: p('device.read'), request: (ids) => ({ url: `/api/devices/${ids.device}/snapshot` }) },

  'POST /api/media': { spec: p('media.upload', false), request: () => ({ url: '/api/media', payload: Buffer.from('not really audio'), headers: { 'content-type': 'audio/mpeg' } }) },
  'POST /api/media/tts': { spec: p('media.upload', false), request: () => ({ url: '/api/media/tts', payload: { text: 'Xin chào' } }) },
  'GET /api/media/:sha256': { spec: p('media.read', false), request: (ids) => ({ url: `/api/media/${ids.sha}` }) },
  'GET /api/logs': { spec: p('report.read'), request: () => ({ url: `/api/logs?area=${TARGET}` }) },

  'POST /api/bulletins': { spec: p('bulletin.draft'), request: (_ids, pr) => ({ url: '/api/bulletins', payload: draft(pr) }) },
  'PATCH /api/bulletins/:id': { spec: p('bulletin.draft'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}`, payload: { title: 'Sửa tiêu đề' } }) },
  'GET /api/bulletins': { spec: p('bulletin.read', false), request: () => ({ url: '/api/bulletins' }) },
  'GET /api/bulletins/:id': { spec: p('bulletin.read'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}` }) },
  'POST /api/bulletins/:id/submit': { spec: p('bulletin.submit'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/submit` }) },
  'POST /api/bulletins/:id/approve': { spec: p('bulletin.approve'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/approve` }) },
  'POST /api/bulletins/:id/reject': { spec: p('bulletin.approve'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/reject`, payload: { reason: 'Sửa lại' } }) },
  'POST /api/bulletins/:id/publish': { spec: p('bulletin.publish'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/publish` }) },
  'POST /api/bulletins/:id/recall': { spec: p('bulletin.recall'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/recall`, payload: { reason: 'Nhầm' } }) },
  'POST /api/bulletins/:id/cancel': { spec: p('bulletin.recall'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/cancel`, payload: { reason: 'Báo động nhầm' } }) },
  'GET /api/bulletins/:id/approval': { spec: p('bulletin.read'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/approval` }) },
  'PUT /api/bulletins/:id/sensitivity': { spec: p('bulletin.classify'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/sensitivity`, payload: { sensitive: true } }) },
  'POST /api/stop': { spec: p('emergency.stop'), request: () => ({ url: '/api/stop', payload: { areas: [TARGET] } }) },
  'POST /api/upstream/emergency': { spec: p('emergency.relay', false), request: () => ({ url: '/api/upstream/emergency', payload: {} }) },

  'GET /api/accounts': { spec: p('account.manage', false), request: () => ({ url: '/api/accounts' }) },
  'POST /api/accounts': {
    spec: p('account.manage'),
    request: () => ({ url: '/api/accounts', payload: { username: 'moi.tao', displayName: 'Lê Thị Hồng', areaCode: TARGET, role: 'viewer' } }),
  },
  'GET /api/accounts/:id': { spec: p('account.manage'), request: (ids) => ({ url: `/api/accounts/${ids.account}` }) },
  'PATCH /api/accounts/:id': { spec: p('account.manage'), request: (ids) => ({ url: `/api/accounts/${ids.account}`, payload: { agency: 'UBND huyện' } }) },
  'POST /api/accounts/:id/password-reset': { spec: p('account.manage'), request: (ids) => ({ url: `/api/accounts/${ids.account}/password-reset` }) },
  'DELETE /api/accounts/:id/totp': { spec: p('account.manage'), request: (ids) => ({ url: `/api/accounts/${ids.account}/totp` }) },
  'GET /api/audit': { spec: p('audit.read'), request: () => ({ url: `/api/audit?area=${TARGET}` }) },
  'PUT /api/areas/:code/caps/:kind': { spec: p('area.windows'), request: () => ({ url: `/api/areas/${TARGET}/caps/led`, payload: { caps: null } }) },
  'POST /api/media/recording': { spec: p('media.upload', false), request: () => ({ url: '/api/media/recording', payload: Buffer.from('RIFF'), headers: { 'content-type': 'audio/wav' } }) },
  'POST /api/led/preview': { spec: p('media.read', false), request: () => ({ url: '/api/led/preview', payload: { width: 64, height: 16, slides: [{ type: 'text', text: 'Thử', durationMs: 1000 }] } }) },
  'GET /api/led/boards': { spec: p('device.read', false), request: () => ({ url: '/api/led/boards' }) },
  'GET /api/bulletins/:id/reach': { spec: p('bulletin.read'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/reach` }) },
  'GET /api/bulletins/:id/revisions': { spec: p('bulletin.read'), request: (ids, pr) => ({ url: `/api/bulletins/${ids.bulletin[pr]}/revisions` }) },
  'GET /api/reports/playback': { spec: p('report.read'), request: () => ({ url: `/api/reports/playback?area=${TARGET}` }) },
  'GET /api/reports/availability': { spec: p('report.read'), request: () => ({ url: `/api/reports/availability?area=${TARGET}` }) },
  'GET /api/reports/playback/export': { spec: p('report.read'), request: () => ({ url: `/api/reports/playback/export?format=csv&area=${TARGET}` }) },
  'GET /api/reports/availability/export': { spec: p('report.read'), request: () => ({ url: `/api/reports/availability/export?format=xlsx&area=${TARGET}` }) },
  'POST /api/areas/import/preview': { spec: p('area.manage', false), request: () => ({ url: '/api/areas/import/preview', payload: 'code,name,parent_code\n', headers: { 'content-type': 'text/csv' } }) },
  'GET /api/areas/:code/windows': { spec: p('area.read'), request: () => ({ url: `/api/areas/${TARGET}/windows` }) },
  'GET /api/audit/search': { spec: p('audit.read'), request: () => ({ url: `/api/audit/search?area=${TARGET}` }) },
  'GET /api/audit/verify': { spec: p('audit.verify', false), request: () => ({ url: '/api/audit/verify' }) },
};

/** The area semantics of issue 4, stated once here: a subtree reaches down, a read reaches up too, root is the province. */
function scopeAllows(permission: Permission, relation: Relation, targeted: boolean): boolean {
  const scope = PERMISSION_MATRIX[permission].scope;
  if (scope === 'root') return relation === 'parent';
  if (!targeted) return true;
  if (scope === 'reach') return relation !== 'sibling';
  return relation === 'own' || relation === 'parent';
}

const isPrioritised = (perm: string) => /^bulletin\.(draft|submit|approve|publish)$/.test(perm);

/** Answers 204 with a marker right after the trust layer's preHandler: the guard let it through. */
const probe: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', async (req, reply) => {
    if (req.headers['x-authz-probe'] === '1') return reply.code(204).header('x-authz', 'passed').send();
    return undefined;
  });
};
(probe as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

t.test('every route × every role × own/parent/child/sibling area agrees with the matrix', async (t) => {
  const hub = await startTrustHub(t);
  const { trust: _shared, ...deps } = hub.h.hub.deps;
  const app: FastifyInstance = await buildApp(deps, { plugins: [probe] });
  t.teardown(() => app.close());
  const routes: RouteEntry[] = app.trustLayer.routes;

  const unknown = routes.map((r) => `${r.method} ${r.url}`).filter((k) => FIXTURES[k] === undefined);
  t.same(unknown, [], 'every registered route has an entry in this test (add one with the route)');
  t.ok(routes.length >= 50, `${routes.length} routes`);

  // Targets in Huyện Đắk Mil: a bulletin of each priority, a device, an account; a token and media for self/reads.
  const ids: Ids = {
    bulletin: Object.fromEntries(
      await Promise.all(
        PRIORITIES.map(async (pr) => {
          const r = await hub.call('POST', '/api/bulletins', hub.admin, draft(pr));
          return [pr, r.json<{ bulletin: { id: string } }>().bulletin.id] as const;
        }),
      ),
    ) as Record<Priority, string>,
    device: (await hub.h.hub.deps.devices.create({ kind: 'led', areaCode: TARGET, name: 'Bảng tin Đắk Mil' })).device.id,
    account: (await hub.trust.accountService.create({ username: 'muc.tieu', displayName: 'Đối tượng', areaCode: TARGET, role: 'viewer', password: 'Đồng lúa chín vàng ươm' })).account.id,
    token: 'abcdef123456',
    sha: 'a'.repeat(64),
  };

  const callers = new Map<string, Caller>();
  for (const role of ROLES) {
    for (const [relation, area] of Object.entries(RELATIONS)) {
      callers.set(`${role}@${relation}`, await hub.official(`${role.replace(/_/g, '.')}.${relation}`, role, area));
    }
  }

  let checked = 0;
  const mismatches: string[] = [];
  for (const route of routes) {
    const fixture = FIXTURES[`${route.method} ${route.url}`];
    if (fixture === undefined) continue;
    const spec = fixture.spec;
    const priorities: (Priority | undefined)[] = spec.kind === 'permission' && isPrioritised(spec.permission) ? PRIORITIES : [undefined];
    for (const priority of priorities) {
      const req = fixture.request(ids, priority ?? 'normal');
      const send = (headers: Record<string, string>) =>
        app.inject({
          method: route.method as 'GET', url: req.url, headers: { 'x-authz-probe': '1', ...headers, ...req.headers },
          ...(req.payload === undefined ? {} : { payload: req.payload as string }),
        });
      if (spec.kind === 'public' || spec.kind === 'device') {
        const res = await send({});
        if (res.headers['x-authz'] !== 'passed') mismatches.push(`${route.method} ${route.url} should be open, got ${res.statusCode}`);
        checked++;
        continue;
      }
      const anonymous = await send({});
      if (anonymous.statusCode !== 401) mismatches.push(`${route.method} ${route.url} without credentials: ${anonymous.statusCode}`);
      for (const role of ROLES) {
        for (const relation of Object.keys(RELATIONS) as Relation[]) {
          const caller = callers.get(`${role}@${relation}`)!;
          let expected = true;
          if (spec.kind === 'permission') {
            const permission = (isPrioritised(spec.permission) ? `${spec.permission}.${priority}` : spec.permission) as Permission;
            expected = roleHas(role, permission) && scopeAllows(permission, relation, spec.targeted);
          }
          const res = await send(caller.headers);
          const passed = res.headers['x-authz'] === 'passed';
          const refusedBy = res.statusCode === 403 ? res.json<{ error: { code: string } }>().error.code : undefined;
          const deniedByGuard = refusedBy === 'HUB_ERR_FORBIDDEN' || refusedBy === 'HUB_ERR_AREA_SCOPE';
          if (passed !== expected || (!passed && !deniedByGuard)) {
            mismatches.push(`${route.method} ${route.url}${priority ? ` [${priority}]` : ''} as ${role} in the ${relation} area: expected ${expected ? 'allow' : 'deny'}, got ${res.statusCode} ${refusedBy ?? ''}`);
          }
          checked++;
        }
      }
      const breakGlass = await send(hub.admin);
      if (breakGlass.headers['x-authz'] !== 'passed') mismatches.push(`${route.method} ${route.url}: break-glass refused (${breakGlass.statusCode})`);
    }
  }
  t.same(mismatches, [], `${checked} route × role × area checks`);
  t.ok(checked > 1500);
});

t.test('a route without a permission declaration stops the hub from starting', async (t) => {
  const hub = await startTrustHub(t);
  const { trust: _shared, ...deps } = hub.h.hub.deps;
  const unguarded: FastifyPluginAsync = async (app) => {
    app.get('/api/forgotten', async () => ({ secret: true }));
  };
  await t.rejects(buildApp(deps, { plugins: [unguarded] }), { code: 'HUB_ERR_ROUTE_UNGUARDED', message: /GET \/api\/forgotten/ });
  const misspelt: FastifyPluginAsync = async (app) => {
    app.get('/api/typo', { config: { permission: 'device.raed' as 'device.read' } }, async () => ({}));
  };
  await t.rejects(buildApp(deps, { plugins: [misspelt] }), { code: 'HUB_ERR_ROUTE_UNGUARDED', message: /unknown \(device\.raed\)/ });
  const noPriority: FastifyPluginAsync = async (app) => {
    app.post('/api/oops', { config: { permission: 'bulletin.approve' } }, async () => ({}));
  };
  await t.rejects(buildApp(deps, { plugins: [noPriority] }), { code: 'HUB_ERR_ROUTE_UNGUARDED', message: /needs a bulletin target/ });
});
