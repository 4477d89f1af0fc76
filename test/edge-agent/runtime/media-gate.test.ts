// The gate shares one download per SHA-256 between an emergency's prefetch, its play and a reconcile; a player gets
// the verified bytes as soon as they match, the others the durable file (issue 8). A prefetch of what is already
// cached fetches nothing: the play verifies it anyway.
import t from 'tap';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeHttpFetch } from '../../../edge-agent/src/link/node-http-fetch.js';
import { ensurePlayable } from '../../../edge-agent/src/runtime/ensure-cached.js';
import { MediaGate } from '../../../edge-agent/src/runtime/media-gate.js';
import { KB, media, setup } from '../cache/fixtures/media-server.js';

t.test('a play, a prefetch and a reconcile of one medium share one request; the play gets the verified bytes', async (t) => {
  const { server, cache, dir } = await setup(t, { fetch: nodeHttpFetch });
  const gate = new MediaGate(cache);
  const { ref, body } = media(90 * KB);
  server.files.set(ref.sha256, body);
  const prefetch = gate.prefetch(ref);
  const playable = await ensurePlayable(gate, ref, new AbortController().signal);
  t.same(playable.bytes, body, 'played from the hashed bytes');
  t.equal(playable.path, join(dir, ref.sha256));
  t.equal(await gate.download(ref), join(dir, ref.sha256), 'a reconcile joins the same download');
  await prefetch;
  await gate.idle();
  t.equal(server.requests.length, 1);
  t.same(await readFile(join(dir, ref.sha256)), body, 'and the file is in the cache');
});

t.test('prefetch fetches nothing for a file cached at its size, and fetches one that is missing or cut short', async (t) => {
  const { server, cache, dir } = await setup(t);
  const gate = new MediaGate(cache);
  const { ref, body } = media(30 * KB);
  server.files.set(ref.sha256, body);
  await writeFile(join(dir, ref.sha256), body);
  await gate.prefetch(ref);
  t.equal(server.requests.length, 0);

  await writeFile(join(dir, ref.sha256), body.subarray(0, 10 * KB));
  await gate.prefetch(ref);
  t.equal(server.requests.length, 1);
  t.same(await readFile(join(dir, ref.sha256)), body);

  const other = media(20 * KB);
  server.files.set(other.ref.sha256, other.body);
  await gate.prefetch(other.ref);
  t.ok(existsSync(join(dir, other.ref.sha256)));
  t.equal(server.requests.length, 2);
});

t.test('a cached medium plays from the bytes read and hashed once; a rotten one is fetched again', async (t) => {
  const { server, cache, dir } = await setup(t);
  const gate = new MediaGate(cache);
  const { ref, body } = media(50 * KB);
  server.files.set(ref.sha256, body);
  const rotten = Buffer.from(body);
  rotten[7] = (rotten[7] ?? 0) ^ 0x80;
  await writeFile(join(dir, ref.sha256), rotten);
  const signal = new AbortController().signal;
  t.same((await ensurePlayable(gate, ref, signal)).bytes, body, 'the good bytes, fetched again');
  await gate.idle();
  t.equal(server.requests.length, 1);
  t.same((await ensurePlayable(gate, ref, signal)).bytes, body, 'then from the card');
  t.equal(server.requests.length, 1);
});
