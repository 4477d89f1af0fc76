// Small media is verified in memory and played from the very bytes that were hashed (issue 8): read back from the
// card in one read, or taken from a download the moment it matches its SHA-256, before the file is fsynced and renamed.
// Nothing unverified is ever handed over; what the card or the network got wrong is refused as before.
import t from 'tap';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IN_MEMORY_MEDIA_BYTES } from '../../../edge-agent/src/cache/fetch-to-memory.js';
import { nodeHttpFetch } from '../../../edge-agent/src/link/node-http-fetch.js';
import type { FetchLike, HttpResponse } from '../../../edge-agent/src/cache/download-media.js';
import { KB, media, setup } from './fixtures/media-server.js';

for (const size of [80 * KB, 400 * KB]) t.test(`loadVerified hands back the hashed bytes of ${size / KB} KiB; a rotten, grown or missing file is refused`, async (t) => {
  // 80 KiB is read on the event loop, 400 KiB through the thread pool (media-cache.ts SYNC_READ_BYTES): same answers.
  const { server, cache, dir } = await setup(t);
  const { ref, body } = media(size);
  server.files.set(ref.sha256, body);
  const path = await cache.download(ref);
  const verified = await cache.loadVerified(ref);
  t.equal(verified.path, path);
  t.same(verified.bytes, body, 'the bytes that were hashed');

  await writeFile(path, Buffer.concat([body, Buffer.from([0])]));
  await t.rejects(cache.loadVerified(ref), { code: 'AGENT_ERR_HASH_MISMATCH' }, 'a file that grew is the wrong file');
  t.notOk(existsSync(path), 'and is evicted');
  await t.rejects(cache.loadVerified(ref), { code: 'AGENT_ERR_MEDIA_MISSING' });

  await cache.download(ref);
  const rotten = Buffer.from(body);
  rotten[500] = (rotten[500] ?? 0) ^ 4;
  await writeFile(path, rotten);
  await t.rejects(cache.loadVerified(ref), { code: 'AGENT_ERR_HASH_MISMATCH' });
  t.notOk(existsSync(join(dir, ref.sha256)));
});

t.test('media above the in-memory bound is verified as a stream and played from its file', async (t) => {
  const { server, cache } = await setup(t);
  const big = media(IN_MEMORY_MEDIA_BYTES + KB);
  server.files.set(big.ref.sha256, big.body);
  const path = await cache.download(big.ref, undefined, () => t.fail('no bytes are held for large media'));
  t.same(await cache.loadVerified(big.ref), { path });
});

t.test('a download hands over its verified bytes before the file is written, then makes the file durable', async (t) => {
  const { server, cache, dir } = await setup(t, { fetch: nodeHttpFetch });
  const { ref, body } = media(120 * KB);
  server.files.set(ref.sha256, body);
  const handed: { bytes: Buffer; fileThere: boolean; partThere: boolean }[] = [];
  const path = await cache.download(ref, undefined, (bytes) =>
    handed.push({ bytes, fileThere: existsSync(join(dir, ref.sha256)), partThere: existsSync(join(dir, `${ref.sha256}.part`)) }),
  );
  t.equal(handed.length, 1);
  t.same(handed[0]?.bytes, body, 'exactly the served bytes');
  t.same([handed[0]?.fileThere, handed[0]?.partThere], [false, false], 'nothing was on the card yet');
  t.same(await readFile(path), body, 'then the file is in place');
  t.notOk(existsSync(`${path}.part`));
});

t.test('bytes that do not match their SHA-256 are never handed over', async (t) => {
  const { server, cache, dir } = await setup(t, { fetch: nodeHttpFetch });
  const { ref, body } = media(40 * KB);
  server.files.set(ref.sha256, body);
  server.wrong = 99;
  let handed = 0;
  await t.rejects(cache.download(ref, undefined, () => handed++), { code: 'AGENT_ERR_HASH_MISMATCH' });
  t.equal(handed, 0);
  t.equal(server.requests.length, 3, 'three attempts');
  t.notOk(existsSync(join(dir, ref.sha256)));
  t.notOk(existsSync(join(dir, `${ref.sha256}.part`)));

  const longer = media(10 * KB);
  server.files.set(longer.ref.sha256, Buffer.concat([longer.body, Buffer.alloc(KB)]));
  server.wrong = 0;
  await t.rejects(cache.download(longer.ref, undefined, () => handed++), { code: 'AGENT_ERR_HASH_MISMATCH' });
  t.equal(handed, 0, 'nor a body longer than announced');
});

t.test('a full card does not hold back verified bytes; the cache copy is refused with AGENT_ERR_DISK_FULL', async (t) => {
  const { server, cache, dir } = await setup(t, { statfs: async () => ({ bavail: 10n, bsize: 4096n }) });
  const { ref, body } = media(100 * KB);
  server.files.set(ref.sha256, body);
  const handed: Buffer[] = [];
  await t.rejects(cache.download(ref, undefined, (bytes) => handed.push(bytes)), { code: 'AGENT_ERR_DISK_FULL' });
  t.same(handed, [body], 'the emergency still has its audio');
  t.notOk(existsSync(join(dir, ref.sha256)));
  await t.rejects(cache.download(ref), { code: 'AGENT_ERR_DISK_FULL' }, 'without a player waiting, nothing is fetched');
  t.equal(server.requests.length, 1);
});

t.test('a connection cut mid-body keeps what arrived; the next attempt resumes it with a Range request', async (t) => {
  const { server, cache } = await setup(t, { fetch: nodeHttpFetch });
  const { ref, body } = media(300 * KB);
  server.files.set(ref.sha256, body);
  server.cutAfter = 100 * KB;
  const handed: Buffer[] = [];
  const path = await cache.download(ref, undefined, (bytes) => handed.push(bytes));
  t.same(await readFile(path), body);
  t.same(handed, [body], 'handed over once, whole');
  t.equal(server.requests.length, 2);
  const resumedFrom = Number(/^bytes=(\d+)-$/.exec(server.requests[1]?.range ?? '')?.[1]);
  t.ok(resumedFrom > 0 && resumedFrom <= 100 * KB, `resumed from byte ${resumedFrom}`);
});

t.test('what is handed over is what was hashed, even from a client that reuses its chunk buffer', async (t) => {
  const { ref, body } = media(64 * KB);
  // A body that hands out one buffer, refilled for every chunk (as a pooled reader may): a player holding those views
  // would get the last chunk over and over, never the bytes that were hashed.
  const reusing: FetchLike = async () => {
    const buffer = new Uint8Array(4 * KB);
    const response: HttpResponse = {
      status: 200, ok: true, headers: { get: () => null }, text: async () => '',
      body: {
        async *[Symbol.asyncIterator]() {
          for (let at = 0; at < body.length; at += buffer.length) {
            buffer.set(body.subarray(at, at + buffer.length));
            yield buffer;
          }
        },
        cancel: async () => undefined,
      },
    };
    return response;
  };
  const { cache } = await setup(t, { fetch: reusing });
  const handed: Buffer[] = [];
  const path = await cache.download(ref, undefined, (bytes) => handed.push(bytes));
  t.same(handed, [body], 'the verified content, byte for byte');
  t.same(await readFile(path), body);
});
