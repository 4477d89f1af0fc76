// The gate shares one download per SHA-256 between an emergency's prefetch, its play and a reconcile; a player gets
// the verified bytes as soon as they match, the others the durable file (issue 8). A prefetch of what is already
// cached fetches nothing: the play verifies it anyway.
import t from 'tap';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeHttpFetch } from '../../../edge-agent/src/link/node-http-fetch.js';
import { ensurePlayable } from '../../../edge-agent/src/runtime/ensure-cached.js';
import { MediaGate } from '../../../edge-agent/src/runtime/media-gate.js';
import { KB, media, setup } from '../cache/fixtures/media-server.js';
import { wavPath } from '../audio/fixtures/audio-test-kit.js';

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

t.test('the pinned attention tone, once verified by a reconcile, plays without touching the card', async (t) => {
  const { server, cache, dir } = await setup(t);
  const gate = new MediaGate(cache);
  const tone = media(64 * KB);
  const speech = media(40 * KB);
  server.files.set(tone.ref.sha256, tone.body);
  server.files.set(speech.ref.sha256, speech.body);
  const signal = new AbortController().signal;
  await gate.reconcile({ needed: [{ media: speech.ref, priority: 'normal', neededBy: 0 }], pinned: [tone.ref], playing: [] }, signal);
  t.equal(server.requests.length, 2, 'both fetched and verified');
  // The card now fails under the tone (the same thing as a busy card, seen from the player: no read happens).
  await writeFile(join(dir, tone.ref.sha256), Buffer.alloc(0));
  await writeFile(join(dir, speech.ref.sha256), Buffer.alloc(0));
  t.same((await ensurePlayable(gate, tone.ref, signal)).bytes, tone.body, 'the tone plays from the bytes verified at reconcile');
  t.equal(server.requests.length, 2, 'with no read of the card and no new download');
  t.same((await ensurePlayable(gate, speech.ref, signal)).bytes, speech.body, 'other media is re-read and re-hashed before use');
  await gate.idle();
  t.equal(server.requests.length, 3, 'so the damaged speech file was fetched again');

  const next = media(64 * KB);
  server.files.set(next.ref.sha256, next.body);
  await gate.reconcile({ needed: [], pinned: [next.ref], playing: [] }, signal);
  t.same((await ensurePlayable(gate, next.ref, signal)).bytes, next.body, 'a new tone replaces the one held');
  await writeFile(join(dir, tone.ref.sha256), Buffer.alloc(0));
  await t.rejects(gate.loadVerified(tone.ref), { code: 'AGENT_ERR_HASH_MISMATCH' }, 'the old tone is no longer held');
});

t.test('a pinned tone that is audio is held decoded; one that does not decode is held as its bytes', async (t) => {
  const { server, cache } = await setup(t);
  const gate = new MediaGate(cache);
  const body = readFileSync(wavPath);
  const tone = { ref: { sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length, mime: 'audio/wav' as const }, body };
  server.files.set(tone.ref.sha256, tone.body);
  const signal = new AbortController().signal;
  await gate.reconcile({ needed: [], pinned: [tone.ref], playing: [] }, signal);
  const held = await ensurePlayable(gate, tone.ref, signal);
  t.same(held.bytes, body, 'its verified bytes');
  t.match(held.decoded?.decoded, [{ sampleRate: 16000, channels: 1 }], 'and its PCM, decoded once');
  t.equal(held.decoded?.decoded[0]?.pcm.length, 16000);

  const noise = media(8 * KB);
  server.files.set(noise.ref.sha256, noise.body);
  await gate.reconcile({ needed: [], pinned: [noise.ref], playing: [] }, signal);
  const heldNoise = await ensurePlayable(gate, noise.ref, signal);
  t.same(heldNoise.bytes, noise.body);
  t.equal(heldNoise.decoded, undefined, 'random bytes: its play will report AGENT_ERR_DECODE as any medium would');
});
