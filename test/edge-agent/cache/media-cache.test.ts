import t from 'tap';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KB, media, setup } from './fixtures/media-server.js';

t.test('downloads, verifies and renames into place under its SHA-256', async (t) => {
  const { server, cache, dir } = await setup(t);
  const { ref, body } = media(300 * KB);
  server.files.set(ref.sha256, body);
  const path = await cache.download(ref);
  t.equal(path, join(dir, ref.sha256));
  t.same(await readFile(path), body);
  t.notOk(existsSync(`${path}.part`));
  t.equal(server.requests[0]?.authorization, 'Basic ZGV2aWNlOnNlY3JldA==', 'device credentials go along');
});

t.test('a connection cut mid-body resumes with a Range request from the bytes already saved', async (t) => {
  const { server, cache } = await setup(t);
  const { ref, body } = media(400 * KB);
  server.files.set(ref.sha256, body);
  server.cutAfter = 150 * KB;
  const path = await cache.download(ref);
  t.same(await readFile(path), body, 'the resumed file hashes right, the saved bytes included');
  t.equal(server.requests.length, 2);
  const resumedFrom = Number(/^bytes=(\d+)-$/.exec(server.requests[1]?.range ?? '')?.[1]);
  t.ok(resumedFrom > 0 && resumedFrom <= 150 * KB, `resumed from byte ${resumedFrom}`);
});

t.test('a part left by an earlier run is resumed, and a corrupt part is thrown away and fetched again', async (t) => {
  const { server, cache, dir } = await setup(t);
  const { ref, body } = media(200 * KB);
  server.files.set(ref.sha256, body);
  await writeFile(join(dir, `${ref.sha256}.part`), body.subarray(0, 120 * KB));
  await cache.download(ref);
  t.same(server.requests.map((r) => r.range), [`bytes=${120 * KB}-`]);

  const other = media(200 * KB);
  server.files.set(other.ref.sha256, other.body);
  const garbage = Buffer.alloc(120 * KB, 7);
  await writeFile(join(dir, `${other.ref.sha256}.part`), garbage);
  const path = await cache.download(other.ref);
  t.same(await readFile(path), other.body);
  t.same(server.requests.slice(1).map((r) => r.range), [`bytes=${120 * KB}-`, undefined], 'mismatch → delete → refetch');
});

t.test('a server that ignores Range makes the download start over, not append the whole file to the part', async (t) => {
  const { server, cache, dir } = await setup(t);
  const { ref, body } = media(100 * KB);
  server.files.set(ref.sha256, body);
  server.ignoreRange = true;
  await writeFile(join(dir, `${ref.sha256}.part`), body.subarray(0, 30 * KB));
  t.same(await readFile(await cache.download(ref)), body);
});

t.test('wrong bytes are never kept: refetched, and refused with AGENT_ERR_HASH_MISMATCH if they stay wrong', async (t) => {
  const { server, cache, dir } = await setup(t);
  const once = media(50 * KB);
  server.files.set(once.ref.sha256, once.body);
  server.wrong = 1;
  t.same(await readFile(await cache.download(once.ref)), once.body);
  t.equal(server.requests.length, 2);

  const bad = media(50 * KB);
  server.files.set(bad.ref.sha256, bad.body);
  server.wrong = 99;
  await t.rejects(cache.download(bad.ref), { code: 'AGENT_ERR_HASH_MISMATCH' });
  t.notOk(existsSync(join(dir, bad.ref.sha256)));
  t.notOk(existsSync(join(dir, `${bad.ref.sha256}.part`)));
  t.equal(server.requests.length, 5, 'three attempts in all');
});

t.test('a file longer than announced is refused as soon as it overruns', async (t) => {
  const { server, cache, dir } = await setup(t);
  const { ref, body } = media(10 * KB);
  server.files.set(ref.sha256, Buffer.concat([body, Buffer.alloc(KB)]));
  await t.rejects(cache.download(ref), { code: 'AGENT_ERR_HASH_MISMATCH' });
  t.notOk(existsSync(join(dir, `${ref.sha256}.part`)));
});

t.test('a full disk refuses the download before any byte is fetched', async (t) => {
  const { server, cache } = await setup(t, { statfs: async () => ({ bavail: 10n, bsize: 4096n }), reserveBytes: 0 });
  const { ref, body } = media(100 * KB);
  server.files.set(ref.sha256, body);
  await t.rejects(cache.download(ref), { code: 'AGENT_ERR_DISK_FULL' });
  t.equal(server.requests.length, 0);
});

t.test('HTTP errors and aborts get coded errors', async (t) => {
  const { server, cache } = await setup(t, { attempts: 2 });
  await t.rejects(cache.download(media(KB).ref), { code: 'AGENT_ERR_DOWNLOAD', message: /HTTP 404/ });
  t.equal(server.requests.length, 2);
  const { ref, body } = media(KB);
  server.files.set(ref.sha256, body);
  await t.rejects(cache.download(ref, AbortSignal.abort()), { code: 'AGENT_ERR_ABORTED' });
  t.throws(() => cache.pathFor('../../etc/passwd'), { code: 'AGENT_ERR_CACHE' });
});

t.test('verifyCached re-hashes before use: a rotten file is evicted and refused', async (t) => {
  const { server, cache, dir } = await setup(t);
  const { ref, body } = media(64 * KB);
  server.files.set(ref.sha256, body);
  const path = await cache.download(ref);
  t.equal(await cache.verifyCached(ref.sha256), path);
  const rotten = Buffer.from(body);
  rotten[1000] = (rotten[1000] ?? 0) ^ 1;
  await writeFile(path, rotten);
  await t.rejects(cache.verifyCached(ref.sha256), { code: 'AGENT_ERR_HASH_MISMATCH' });
  t.notOk(existsSync(join(dir, ref.sha256)));
  await t.rejects(cache.verifyCached(ref.sha256), { code: 'AGENT_ERR_MEDIA_MISSING' });
});

t.test('verifyCached hashes files of every size through its one buffer: below, at and beyond one read', async (t) => {
  const { cache, dir } = await setup(t);
  for (const bytes of [1, 4 * KB - 1, 64 * KB, 64 * KB + 1, 300 * KB]) {
    const { ref, body } = media(bytes);
    const path = join(dir, ref.sha256);
    await writeFile(path, body);
    t.equal(await cache.verifyCached(ref.sha256), path, `${bytes} bytes verify`);
    const rotten = Buffer.from(body);
    rotten[bytes - 1] = (rotten[bytes - 1] ?? 0) ^ 1;
    await writeFile(path, rotten);
    await t.rejects(cache.verifyCached(ref.sha256), { code: 'AGENT_ERR_HASH_MISMATCH' }, `${bytes} bytes: the last byte counts`);
  }
  const empty = createHash('sha256').update('').digest('hex');
  await writeFile(join(dir, empty), '');
  t.equal(await cache.verifyCached(empty), join(dir, empty), 'an empty file hashes as empty');
  const dirSha = createHash('sha256').update('a directory').digest('hex');
  await mkdir(join(dir, dirSha));
  await t.rejects(cache.verifyCached(dirSha), { code: 'AGENT_ERR_CACHE' }, 'a directory in its place is a cache fault');
});

t.test('reconcile: evicts to make room, downloads most needed first, reports refusals and failures', async (t) => {
  const now = Date.UTC(2025, 5, 1);
  const { server, cache, dir } = await setup(t, {
    statfs: async () => ({ bavail: 1010, bsize: KB }),
    reserveBytes: 600 * KB,
    clock: { now: () => now },
  });
  const emergency = media(300 * KB);
  const normal = media(300 * KB);
  const huge = media(2000 * KB);
  const lost = media(10 * KB);
  const old = media(200 * KB);
  for (const m of [emergency, normal, huge]) server.files.set(m.ref.sha256, m.body);
  await writeFile(join(dir, old.ref.sha256), old.body);
  await writeFile(join(dir, 'notes.txt'), 'not ours');

  const report = await cache.reconcile({
    needed: [
      { media: normal.ref, priority: 'normal', neededBy: now + 3_600_000 },
      { media: emergency.ref, priority: 'emergency', neededBy: now },
      { media: huge.ref, priority: 'priority', neededBy: now },
      { media: lost.ref, priority: 'normal', neededBy: now + 7_200_000 },
    ],
    pinned: [],
    playing: [],
  });
  t.same(report.evicted, [old.ref.sha256]);
  t.same(report.downloaded, [emergency.ref.sha256, normal.ref.sha256]);
  t.same(report.failed, [{ sha256: lost.ref.sha256, code: 'AGENT_ERR_DOWNLOAD' }]);
  t.same(report.refused.map((r) => [r.media.sha256, r.code]), [[huge.ref.sha256, 'AGENT_ERR_DISK_FULL']]);
  t.same(server.requests.map((r) => r.sha).slice(0, 2), [emergency.ref.sha256, normal.ref.sha256]);
  t.ok(existsSync(join(dir, 'notes.txt')), 'files that are not ours are left alone');

  await cache.markUsed(emergency.ref.sha256);
  const { present } = await cache.scan();
  t.equal(present.find((p) => p.sha256 === emergency.ref.sha256)?.lastUsedAt, now);
  t.equal((await stat(join(dir, emergency.ref.sha256))).size, 300 * KB);
});

t.test('a part renamed into place while the cache is scanned counts once, as the file it became', async (t) => {
  // Seen with 2,000 agents: an emergency's download finished while a doorbell's reconcile listed the cache, and the
  // scan failed with ENOENT on the vanished part, so that reconcile did nothing.
  const { cache, dir } = await setup(t);
  const shas = Array.from({ length: 300 }, (_, i) => createHash('sha256').update(`media ${i}`).digest('hex'));
  for (let round = 0; round < 5; round++) {
    await Promise.all(shas.map((sha) => writeFile(join(dir, `${sha}.part`), 'x')));
    const scanning = cache.scan();
    for (const sha of shas) await rename(join(dir, `${sha}.part`), join(dir, sha));
    const { present, partial } = await scanning;
    const seen = [...present, ...partial].map((f) => f.sha256).sort();
    t.same(seen, [...shas].sort(), `round ${round}: every medium once (${present.length} finished, ${partial.length} parts)`);
    await Promise.all(shas.map((sha) => unlink(join(dir, sha))));
  }
});
