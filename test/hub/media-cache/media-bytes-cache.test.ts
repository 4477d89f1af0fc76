// The download route's in-memory media (issue 8): bounded, least recently used out first, one disk read per file
// however many devices ask at once, and never a byte that does not match its name.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import t, { type Test } from 'tap';
import { MediaBytesCache, type MediaBytesSource } from '../../../hub/src/media-cache/media-bytes-cache.js';
import { MediaStore } from '../../../hub/src/media/media-store.js';

async function storeWith(t: Test, sizes: readonly number[]) {
  const store = new MediaStore({ dataDir: t.testdir() });
  const files: { sha256: string; bytes: Buffer }[] = [];
  for (const size of sizes) {
    const bytes = randomBytes(size);
    const { sha256 } = await store.put(bytes, { maxBytes: size });
    files.push({ sha256, bytes });
  }
  // Counts disk reads, so a test can tell a held file from a reloaded one.
  const reads: string[] = [];
  const source: MediaBytesSource = { read: (sha, max) => (reads.push(sha), store.read(sha, max)) };
  return { store, files, reads, source };
}

t.test('holds whole files and answers later requests without touching the disk', async (t) => {
  const { files, reads, source } = await storeWith(t, [5000]);
  const cache = new MediaBytesCache({ source, maxTotalBytes: 1 << 20, maxFileBytes: 1 << 20 });
  const [file] = files;
  const first = await cache.get(file!.sha256, file!.bytes.length);
  const second = await cache.get(file!.sha256, file!.bytes.length);
  t.same(first, file!.bytes);
  t.equal(second, first, 'the same buffer, not a copy');
  t.same(reads, [file!.sha256], 'one read');
  t.same(cache.stats(), { entries: 1, totalBytes: 5000, hits: 1, loads: 1 });
});

t.test('a fleet asking at once causes one read', async (t) => {
  const { files, reads, source } = await storeWith(t, [70_000]);
  const cache = new MediaBytesCache({ source, maxTotalBytes: 1 << 20, maxFileBytes: 1 << 20 });
  const { sha256, bytes } = files[0]!;
  const all = await Promise.all(Array.from({ length: 200 }, () => cache.get(sha256, bytes.length)));
  t.ok(all.every((b) => b !== undefined && b.equals(bytes)), 'every caller gets the file');
  t.equal(reads.length, 1);
});

t.test('the total bound is never passed: the least recently used file leaves first', async (t) => {
  const { files, reads, source } = await storeWith(t, [400, 400, 400]);
  const cache = new MediaBytesCache({ source, maxTotalBytes: 1000, maxFileBytes: 1000 });
  const [a, b, c] = files as [(typeof files)[0], (typeof files)[0], (typeof files)[0]];
  await cache.get(a.sha256, 400);
  await cache.get(b.sha256, 400);
  await cache.get(a.sha256, 400); // a is now the most recently used
  await cache.get(c.sha256, 400); // 1,200 > 1,000: b must go, not a
  t.same(cache.stats().totalBytes, 800);
  t.equal(cache.stats().entries, 2);
  reads.length = 0;
  await cache.get(a.sha256, 400);
  await cache.get(c.sha256, 400);
  t.same(reads, [], 'a and c still held');
  await cache.get(b.sha256, 400);
  t.same(reads, [b.sha256], 'b was evicted and is read again');
  t.ok(cache.stats().totalBytes <= 1000);
});

t.test('a file above the per-file bound is not held: the caller streams it', async (t) => {
  const { files, reads, source } = await storeWith(t, [3000]);
  const cache = new MediaBytesCache({ source, maxTotalBytes: 10_000, maxFileBytes: 2048 });
  t.equal(await cache.get(files[0]!.sha256, 3000), undefined);
  t.same(reads, [], 'not even read');
  t.equal(cache.stats().totalBytes, 0);
});

t.test('the per-file bound is capped by the total bound', async (t) => {
  const { files, source } = await storeWith(t, [3000]);
  const cache = new MediaBytesCache({ source, maxTotalBytes: 2000, maxFileBytes: 1 << 20 });
  t.equal(await cache.get(files[0]!.sha256, 3000), undefined);
});

t.test('damaged bytes on disk are refused with a coded error, never held', async (t) => {
  const { store, files, reads, source } = await storeWith(t, [2000, 2000]);
  const cache = new MediaBytesCache({ source, maxTotalBytes: 1 << 20, maxFileBytes: 1 << 20 });
  const [sameSize, longer] = files as [(typeof files)[0], (typeof files)[0]];
  const flipped = Buffer.from(sameSize.bytes);
  flipped[100] = flipped[100]! ^ 0xff;
  await writeFile(store.path(sameSize.sha256), flipped);
  await writeFile(store.path(longer.sha256), Buffer.concat([longer.bytes, Buffer.from('x')]));
  for (const f of [sameSize, longer]) {
    await t.rejects(cache.get(f.sha256, 2000), { name: 'HubError', code: 'HUB_ERR_MEDIA_DAMAGED' });
  }
  t.equal(cache.stats().entries, 0);
  await writeFile(store.path(sameSize.sha256), sameSize.bytes);
  t.same(await cache.get(sameSize.sha256, 2000), sameSize.bytes, 'a failed load is not remembered: repaired, it loads');
  t.equal(reads.length, 3);
});

t.test('a missing file is HUB_ERR_MEDIA_NOT_FOUND', async (t) => {
  const { store, files, source } = await storeWith(t, [100]);
  await store.remove(files[0]!.sha256);
  const cache = new MediaBytesCache({ source, maxTotalBytes: 1 << 20, maxFileBytes: 1 << 20 });
  await t.rejects(cache.get(files[0]!.sha256, 100), { name: 'HubError', code: 'HUB_ERR_MEDIA_NOT_FOUND' });
});
