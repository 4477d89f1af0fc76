// The agent's own HTTP client (manifests, media, snapshots) against a real server: what the agent reads of a response
// behaves as it does with fetch, and failures surface the way the callers expect (TypeError, AbortError).
import t, { type Test } from 'tap';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttpFetch } from '../../../edge-agent/src/link/node-http-fetch.js';

async function serve(t: Test, handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('GET: status, headers by any case, and the body as it streams', async (t) => {
  const seen: IncomingMessage[] = [];
  // The rest of the body is sent only once the first bytes were read: streaming is shown without a timing race.
  let sendRest = (): void => undefined;
  const base = await serve(t, (req, _body, res) => {
    seen.push(req);
    if (req.url === '/missing') return void res.writeHead(404).end('không có');
    res.writeHead(206, { 'content-range': 'bytes 3-9/10', 'x-many': ['a', 'b'] });
    res.write('abc');
    sendRest = () => res.end('defg');
  });
  const response = await nodeHttpFetch(`${base}/media/x`, { headers: { authorization: 'Basic eA==', range: 'bytes=3-' } });
  t.same([response.status, response.ok], [206, true]);
  t.equal(response.headers.get('Content-Range'), 'bytes 3-9/10');
  t.equal(response.headers.get('x-many'), 'a, b');
  t.equal(response.headers.get('x-absent'), null);
  const chunks: string[] = [];
  for await (const chunk of response.body ?? []) {
    chunks.push(Buffer.from(chunk).toString());
    sendRest();
  }
  t.equal(chunks.join(''), 'abcdefg');
  t.ok(chunks.length >= 2, 'the first bytes came before the last were sent');
  t.same([seen[0]?.headers.authorization, seen[0]?.headers.range, seen[0]?.method], ['Basic eA==', 'bytes=3-', 'GET']);

  const missing = await nodeHttpFetch(`${base}/missing`, { headers: {} });
  t.same([missing.status, missing.ok, await missing.text()], [404, false, 'không có']);
});

t.test('POST sends its body with its length', async (t) => {
  let got: { method?: string; length?: string; body?: Buffer } = {};
  const base = await serve(t, (req, body, res) => {
    got = { method: req.method ?? '', length: req.headers['content-length'] ?? '', body };
    res.writeHead(201).end('{"ok":true}');
  });
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const response = await nodeHttpFetch(`${base}/snapshot`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png.subarray(1) });
  t.same([response.status, await response.text()], [201, '{"ok":true}']);
  t.same([got.method, got.length, [...(got.body ?? [])]], ['POST', '6', [0x50, 0x4e, 0x47, 1, 2, 3]]);
});

t.test('an abort stops the request, or the body mid-way; cancel drops an unread body', async (t) => {
  const base = await serve(t, (req, _body, res) => {
    if (req.url === '/hang') return; // never answers
    res.writeHead(200);
    res.write('first');
    // ...and never ends
  });
  const early = new AbortController();
  setTimeout(() => early.abort(), 30);
  await t.rejects(nodeHttpFetch(`${base}/hang`, { headers: {}, signal: early.signal }), { name: 'AbortError' });

  const late = new AbortController();
  const response = await nodeHttpFetch(`${base}/stream`, { headers: {}, signal: late.signal });
  const reading = (async () => {
    for await (const chunk of response.body ?? []) {
      t.equal(Buffer.from(chunk).toString(), 'first');
      late.abort();
    }
  })();
  await t.rejects(reading, { name: 'AbortError' });

  const dropped = await nodeHttpFetch(`${base}/stream`, { headers: {} });
  await dropped.body?.cancel();
});

t.test('an unreachable hub or a foreign scheme is a TypeError, as with fetch', async (t) => {
  const base = await serve(t, (_req, _body, res) => res.end());
  const port = new URL(base).port;
  await t.rejects(nodeHttpFetch('http://127.0.0.1:1/', { headers: {} }), { name: 'TypeError', message: /fetch failed/ });
  await t.rejects(nodeHttpFetch(`ftp://127.0.0.1:${port}/`, { headers: {} }), { name: 'TypeError', message: /unsupported protocol/ });
});
