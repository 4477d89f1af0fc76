// buildApp() returns the Fastify instance without listening (style.md §2); tests call inject().
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { accountRoutes, sessionRoutes, tokenRoutes } from '../accounts/index.js';
import { auditRoutes } from '../audit/audit-routes.js';
import { approvalRoutes } from '../authz/approval-routes.js';
import { installTrustLayer } from '../authz/install-trust.js';
import { createTrustLayer } from '../authz/trust-layer.js';
import { MQTT_WEBSOCKET_PATH } from '../broker/mqtt-over-websocket.js';
import { installErrorHandler } from './error-handler.js';
import type { HubDeps } from './hub-deps.js';
import { collectOpenApi } from './openapi.js';
import { areaRoutes } from './routes/area-routes.js';
import { bulletinRoutes } from './routes/bulletin-routes.js';
import { consoleDeviceRoutes } from './routes/console-device-routes.js';
import { consoleRoutes } from './routes/console-routes.js';
import { deviceLinkRoutes } from './routes/device-link-routes.js';
import { deviceRoutes } from './routes/device-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { liveRoutes } from './routes/live-routes.js';
import { logRoutes } from './routes/log-routes.js';
import { mediaRoutes } from './routes/media-routes.js';
import { programmeRoutes } from './routes/programme-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { snapshotRoutes } from './routes/snapshot-routes.js';
import { workflowRoutes } from './routes/workflow-routes.js';

export interface BuildAppOptions {
  readonly logger?: boolean | object;
  /** Extra plugins from the composition root, e.g. MQTT over WebSocket at /mqtt. */
  readonly plugins?: readonly FastifyPluginAsync[];
}

export async function buildApp(given: HubDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const trust = given.trust ?? createTrustLayer(given);
  const deps: HubDeps = { ...given, trust };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
  });
  installErrorHandler(app);
  const openapi = collectOpenApi(app, { title: 'TinNguon hub API', version: '0.1.0' });
  // Before any route: every route registered after this must declare its permission, and is guarded and audited.
  installTrustLayer(app, trust, { transportPaths: [MQTT_WEBSOCKET_PATH] });
  // Before the plugins: it puts @fastify/websocket on the root, which MQTT over WebSocket (/mqtt) then reuses.
  await app.register(liveRoutes(deps));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  await app.register(consoleRoutes());
  await app.register(consoleDeviceRoutes(deps));
  await app.register(healthRoutes(deps, openapi));
  await app.register(areaRoutes(deps));
  await app.register(deviceRoutes(deps));
  // Devices poll manifests and fetch media all day; at info level a fleet would bury everything else in the log.
  await app.register(deviceLinkRoutes(deps), { logLevel: 'warn' });
  await app.register(snapshotRoutes(deps));
  await app.register(mediaRoutes(deps));
  await app.register(logRoutes(deps));
  await app.register(bulletinRoutes(deps, { approvalPolicy: trust.approvals.policyHook }));
  await app.register(programmeRoutes(deps));
  await app.register(workflowRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(adminRoutes(deps));
  await app.register(sessionRoutes(trust));
  await app.register(accountRoutes(trust));
  await app.register(tokenRoutes(trust));
  await app.register(approvalRoutes(deps, trust));
  await app.register(auditRoutes(trust));
  return app;
}
