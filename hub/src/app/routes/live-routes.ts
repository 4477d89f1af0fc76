// GET /api/live: the console's live feed over WebSocket (issue 9: "devices online and offline, live, with no
// refresh"). Registered on the root instance before MQTT-over-WebSocket so that both share one @fastify/websocket
// registration (two would each route every upgrade); its maxPayload stays the MQTT packet limit that /mqtt needs.
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { areaChain, subtree } from '../../areas/index.js';
import { sessionStatus } from '../../accounts/session-store.js';
import { SESSION_COOKIE, parseCookies } from '../../authz/session-cookie.js';
import { DEFAULT_BROKER_LIMITS } from '../../broker/broker-limits.js';
import { LIVE_CLOSE_SIGNED_OUT, LiveFeed } from '../../live/live-feed.js';
import type { LiveScope } from '../../live/live-events.js';
import { LivePoller } from '../../live/live-poller.js';
import type { HubDeps } from '../hub-deps.js';

export const LIVE_PATH = '/api/live';
/** A cross-origin page that somehow got through Fetch Metadata (an old browser) is shut out here too. */
const CLOSE_FOREIGN_ORIGIN = 4403;
const PING_MS = 25_000;

export interface LiveRouteOptions {
  readonly pollMs?: number;
  readonly recheckMs?: number;
}

async function scopeOf(deps: HubDeps, area: string | null): Promise<LiveScope> {
  if (area === null) return { subtree: null, ancestors: new Set() };
  const tree = await deps.areas.tree();
  return { subtree: new Set(subtree(tree, area)), ancestors: new Set(areaChain(tree, area)) };
}

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Whether the console session behind the socket is still good: not signed out, timed out, disabled or re-scoped. */
function sessionCheck(deps: HubDeps, req: FastifyRequest): (() => Promise<boolean>) | undefined {
  const trust = deps.trust;
  const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  const accountId = req.principal?.accountId;
  if (trust === undefined || req.principal?.kind !== 'session' || id === undefined || accountId === undefined) return undefined;
  const version = req.authSession?.authzVersion;
  return async () => {
    const session = await trust.sessions.find(id);
    if (session === undefined || sessionStatus(session, trust.now(), trust.sessions.timeouts) !== 'active') return false;
    const account = await trust.accounts.get(accountId);
    return account !== undefined && !account.disabled && account.authzVersion === version;
  };
}

export function liveRoutes(deps: HubDeps, options: LiveRouteOptions = {}): FastifyPluginAsync {
  const plugin = async (app: FastifyInstance): Promise<void> => {
    if (!app.hasDecorator('websocketServer')) {
      await app.register(websocket, { options: { maxPayload: DEFAULT_BROKER_LIMITS.maxPacketBytes + 16 } });
    }
    const feed = new LiveFeed({
      source: new LivePoller(deps.db, deps.now), log: app.log,
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.recheckMs === undefined ? {} : { recheckMs: options.recheckMs }),
    });
    app.addHook('preClose', async () => feed.stop());
    // An upgrade refused before @fastify/websocket's own hook ran (401 from the trust layer, which runs first) is
    // not marked as a WebSocket request, so nothing would close its socket: the client hangs and so does app.close().
    app.addHook('onResponse', async (req) => {
      if (req.ws !== true && req.headers.upgrade?.toLowerCase() === 'websocket') req.raw.socket.destroy();
    });

    app.get(
      LIVE_PATH,
      { websocket: true, config: { permission: 'device.read', docs: { summary: 'Live feed (WebSocket): device presence, heartbeats, playback logs, command results, bulletin changes in my area', tags: ['console'] } } },
      async (socket, req) => {
        if (!sameOrigin(req)) {
          socket.close(CLOSE_FOREIGN_ORIGIN, 'foreign origin');
          return;
        }
        const check = sessionCheck(deps, req);
        const scope = await scopeOf(deps, req.principal?.area ?? null);
        if (socket.readyState !== socket.OPEN) return;
        const remove = feed.add({
          scope,
          buffered: () => socket.bufferedAmount,
          send: (text) => socket.send(text),
          close: (code, reason) => socket.close(code, reason),
          ...(check === undefined ? {} : { stillValid: check }),
        });
        const ping = setInterval(() => socket.ping(), PING_MS);
        socket.on('close', () => {
          clearInterval(ping);
          remove();
        });
        // The console only listens; anything it sends is ignored.
        socket.on('message', () => undefined);
      },
    );
  };
  // Registered on the root (fastify "skip-override", what fastify-plugin sets) so /mqtt can reuse the WebSocket server.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}

export { LIVE_CLOSE_SIGNED_OUT };
