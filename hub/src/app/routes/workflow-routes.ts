// The hub routes behind the console's workflow screens (issue 9): composer (microphone recordings, LED preview),
// approval queue (revisions) and emergency panel (reach). One plugin, so buildApp registers them in one line.
import type { FastifyInstance } from 'fastify';
import type { HubDeps } from '../hub-deps.js';
import { bulletinInsightRoutes } from './bulletin-insight-routes.js';
import { ledPreviewRoutes, type LedPreviewRouteOptions } from './led-preview-routes.js';
import { recordingRoutes, type RecordingRouteOptions } from './recording-routes.js';

export type WorkflowRouteOptions = RecordingRouteOptions & LedPreviewRouteOptions;

export function workflowRoutes(deps: HubDeps, options: WorkflowRouteOptions = {}) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(recordingRoutes(deps, options));
    await app.register(ledPreviewRoutes(deps, options));
    await app.register(bulletinInsightRoutes(deps));
  };
}
