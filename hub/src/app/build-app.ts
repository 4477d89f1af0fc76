// buildApp() returns the Fastify instance without listening (style.md §2); tests call inject().
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { installErrorHandler } from './error-handler.js';
import type { HubDeps } from './hub-deps.js';
import { collectOpenApi } from './openapi.js';
import { areaRoutes } from './routes/area-routes.js';
import { bulletinRoutes } from './routes/bulletin-routes.js';
import { deviceLinkRoutes } from './routes/device-link-routes.js';
import { deviceRoutes } from './routes/device-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { logRoutes } from './routes/log-routes.js';
import { mediaRoutes } from './routes/media-routes.js';
import { programmeRoutes } from './routes/programme-routes.js';

export interface BuildAppOptions {
  readonly logger?: boolean | object;
  /** Extra plugins from the composition root, e.g. MQTT over WebSocket at /mqtt. */
  readonly plugins?: readonly FastifyPluginAsync[];
}

export async function buildApp(deps: HubDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
  });
  installErrorHandler(app);
  const openapi = collectOpenApi(app, { title: 'TinNguon hub API', version: '0.1.0' });
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  await app.register(healthRoutes(deps, openapi));
  await app.register(areaRoutes(deps));
  await app.register(deviceRoutes(deps));
  await app.register(deviceLinkRoutes(deps));
  await app.register(mediaRoutes(deps));
  await app.register(logRoutes(deps));
  await app.register(bulletinRoutes(deps));
  await app.register(programmeRoutes(deps));
  return app;
}
