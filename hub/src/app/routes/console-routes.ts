// The web console's files (issue 9): /console/ is index.html, /console/js/* the compiled browser modules
// (hub/console/dist, built by the root `tsc -b`), anything else under /console/ the static files (hub/console/static).
// Served with a strict Content-Security-Policy (no inline script, nothing from another origin: the console must run on
// a closed provincial network), nosniff, and no-cache with an ETag, so an upgraded hub is never half-cached.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HubError } from '../../errors.js';

export const CONSOLE_PREFIX = '/console/';

/** hub/console, from hub/src/app/routes (sources) and hub/dist/app/routes (built) alike. */
const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** The file a console URL path names, or undefined: only known types, no dot-files, never outside its folder. */
export function consoleFile(rest: string, dir = CONSOLE_DIR): string | undefined {
  const path = rest === '' ? 'index.html' : rest;
  if (!/^[A-Za-z0-9_\-./]+$/.test(path) || path.split('/').some((s) => s === '' || s.startsWith('.'))) return undefined;
  if (TYPES[extname(path)] === undefined) return undefined;
  const [root, inside] = path.startsWith('js/') ? [join(dir, 'dist'), path.slice(3)] : [join(dir, 'static'), path];
  const file = normalize(join(root, inside));
  return file.startsWith(root + sep) ? file : undefined;
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('x-frame-options', 'DENY');
}

export function consoleRoutes(options: { readonly dir?: string } = {}) {
  const dir = options.dir ?? CONSOLE_DIR;
  return async (app: FastifyInstance): Promise<void> => {
    // The old placeholder page at / is gone: officials land on the console.
    app.get('/', { config: { permission: 'public' } }, async (_req, reply) => reply.redirect(CONSOLE_PREFIX, 302));
    app.get('/console', { config: { permission: 'public' } }, async (_req, reply) => reply.redirect(CONSOLE_PREFIX, 301));

    app.get<{ Params: { '*': string } }>(`${CONSOLE_PREFIX}*`, { config: { permission: 'public' } }, async (req, reply) => {
      const file = consoleFile(req.params['*'], dir);
      if (file === undefined) throw new HubError('HUB_ERR_NOT_FOUND', req.params['*']);
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        throw new HubError('HUB_ERR_NOT_FOUND', req.params['*']);
      }
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      secure(reply).header('cache-control', 'no-cache').header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type(TYPES[extname(file)]!).send(body);
    });
  };
}
