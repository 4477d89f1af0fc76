import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import t from 'tap';
import type { MediaFileHandle, MediaFs } from '../../../hub/src/media/media-store.js';
import { MediaStore, nodeMediaFs } from '../../../hub/src/media/media-store.js';
import { fixture } from './fixtures.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const mp3 = fixture('speech-vi.mp3');
const wav = fixture('speech-vi.wav');

async function listTemp(dataDir: string): Promise<string[]> {
  return readdir(join(dataDir, 'media', 'tmp')).catch(() => []);
}

/** Chunks of `size` bytes for ever, counting how many were pulled. */
function endless(size: number): { pulled: () => number; source: AsyncIterable<Uint8Array> } {
  let pulled = 0;
  async function* generate(): AsyncGenerator<Uint8Array> {
    for (;;) {
      pulled++;
      yield new Uint8Array(size).fill(pulled & 0xff);
    }
  }
  return { pulled: () => pulled, source: generate() };
}

t.test('stores bytes under their SHA-256 with a two-character fan-out', async (t) => {
  const dataDir = t.testdir();
  const store = new MediaStore({ dataDir });
  const stored = await store.put(mp3, { maxBytes: 1_000_000 });
  const expected = sha(mp3);
  t.same(stored, { sha256: expected, bytes: mp3.length, created: true });
  const path = join(dataDir, 'media', expected.slice(0, 2), expected);
  t.equal(store.path(expected), path);
  t.same(new Uint8Array(await readFile(path)), mp3, 'the file holds exactly the uploaded bytes');
  t.equal(await store.has(expected), true);
  t.equal((await store.stat(expected)).bytes, mp3.length);
  t.same(await listTemp(dataDir), [], 'no temp file left');
});

t.test('streams, and dedupes identical content', async (t) => {
  const dataDir = t.testdir();
  const store = new MediaStore({ dataDir });
  const chunks = [wav.subarray(0, 1000), wav.subarray(1000, 9000), wav.subarray(9000)];
  const first = await store.put(Readable.from(chunks), { maxBytes: 1_000_000 });
  t.same(first, { sha256: sha(wav), bytes: wav.length, created: true });
  const second = await store.put(wav, { maxBytes: 1_000_000 });
  t.same(second, { sha256: sha(wav), bytes: wav.length, created: false }, 'second upload is a duplicate');
  t.same(await readdir(join(dataDir, 'media', first.sha256.slice(0, 2))), [first.sha256]);
  t.same(await listTemp(dataDir), []);
});

t.test('an oversized stream is stopped early and leaves nothing behind', async (t) => {
  const dataDir = t.testdir();
  const store = new MediaStore({ dataDir });
  const { pulled, source } = endless(64 * 1024);
  await t.rejects(store.put(source, { maxBytes: 200 * 1024 }), { code: 'HUB_ERR_MEDIA_TOO_LARGE' });
  t.equal(pulled(), 4, 'stopped at the chunk that crossed the limit');
  t.same(await listTemp(dataDir), [], 'temp file removed');
  t.same(await readdir(join(dataDir, 'media')), ['tmp'], 'nothing stored');

  await t.rejects(store.put(mp3, { maxBytes: mp3.length - 1 }), { code: 'HUB_ERR_MEDIA_TOO_LARGE' });
  t.ok(await store.put(mp3, { maxBytes: mp3.length }), 'exactly at the limit is accepted');
});

t.test('lookups by a malformed or unknown hash', async (t) => {
  const store = new MediaStore({ dataDir: t.testdir() });
  const unknown = 'f'.repeat(64);
  t.throws(() => store.path('../../etc/passwd'), { code: 'HUB_ERR_MEDIA_NOT_FOUND' }, 'no path traversal');
  t.throws(() => store.path('A'.repeat(64)), { code: 'HUB_ERR_MEDIA_NOT_FOUND' }, 'upper case is not our name');
  t.equal(await store.has('../x'), false);
  t.equal(await store.has(unknown), false);
  await t.rejects(store.stat(unknown), { code: 'HUB_ERR_MEDIA_NOT_FOUND' });
  await t.rejects(store.open(unknown), { code: 'HUB_ERR_MEDIA_NOT_FOUND' });
  t.equal(await store.remove(unknown), false);
});

t.test('open serves the whole file or an inclusive byte range; remove deletes', async (t) => {
  const store = new MediaStore({ dataDir: t.testdir() });
  const content = new TextEncoder().encode('Thông báo khẩn: nước lũ đang lên');
  const { sha256 } = await store.put(content, { maxBytes: 1000 });
  t.equal(await text(await store.open(sha256)), 'Thông báo khẩn: nước lũ đang lên');
  const part = await buffer(await store.open(sha256, { start: 6, end: 10 }));
  t.same(new Uint8Array(part), content.subarray(6, 11), 'bytes 6 to 10, both included');
  t.equal(part.toString('utf8'), ' báo', 'which here spell a whole word');
  t.equal(await store.remove(sha256), true);
  t.equal(await store.has(sha256), false);
});

t.test('sweepTemp removes what a crash left in the temp directory', async (t) => {
  const dataDir = t.testdir();
  const store = new MediaStore({ dataDir });
  t.equal(await store.sweepTemp(), 0, 'no temp directory yet');
  await mkdir(join(dataDir, 'media', 'tmp'), { recursive: true });
  await writeFile(join(dataDir, 'media', 'tmp', 'abc.part'), 'half an upload');
  t.equal(await store.sweepTemp(), 1);
  t.same(await listTemp(dataDir), []);
});

t.test('an aborted upload leaves nothing behind', async (t) => {
  const dataDir = t.testdir();
  const store = new MediaStore({ dataDir });
  const controller = new AbortController();
  async function* slowly(): AsyncGenerator<Uint8Array> {
    yield mp3.subarray(0, 100);
    controller.abort(new Error('client went away'));
    yield mp3.subarray(100);
  }
  await t.rejects(store.put(slowly(), { maxBytes: 1e6, signal: controller.signal }), { message: 'client went away' });
  t.same(await listTemp(dataDir), []);
});

type FailAt = 'write' | 'sync' | 'rename' | 'mkdir-fanout';

/** The real filesystem, except that one step reports ENOSPC (after writing part of the data, for `write`). */
function fullDiskAt(step: FailAt): MediaFs {
  const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  return {
    ...nodeMediaFs,
    async open(path, flags, mode) {
      const handle = await nodeMediaFs.open(path, flags, mode);
      if (flags !== 'wx') return handle;
      let written = 0;
      const failing: MediaFileHandle = {
        async write(data) {
          if (step === 'write' && written + data.length > 1000) {
            await handle.write(data.subarray(0, 1000 - written)); // a partial write first, as a real disk does
            throw enospc();
          }
          written += data.length;
          return handle.write(data);
        },
        async sync() {
          if (step === 'sync') throw enospc();
          return handle.sync();
        },
        close: () => handle.close(),
        createReadStream: (options) => handle.createReadStream(options),
      };
      return failing;
    },
    async rename(from, to) {
      if (step === 'rename') throw enospc();
      return nodeMediaFs.rename(from, to);
    },
    async mkdir(path, options) {
      if (step === 'mkdir-fanout' && !path.endsWith('tmp')) throw enospc();
      return nodeMediaFs.mkdir(path, options);
    },
  };
}

t.test('a full disk is HUB_ERR_DISK_FULL, with no partial file and earlier media untouched', async (t) => {
  for (const step of ['write', 'sync', 'rename', 'mkdir-fanout'] as const) {
    const dataDir = t.testdir({});
    const earlier = await new MediaStore({ dataDir }).put(wav, { maxBytes: 1e6 });
    const store = new MediaStore({ dataDir, fs: fullDiskAt(step) });
    await t.rejects(store.put(Readable.from([mp3.subarray(0, 800), mp3.subarray(800)]), { maxBytes: 1e6 }), {
      code: 'HUB_ERR_DISK_FULL',
    }, `ENOSPC at ${step}`);
    t.same(await listTemp(dataDir), [], `${step}: temp file removed`);
    t.equal(await store.has(sha(mp3)), false, `${step}: nothing under the new hash`);
    t.same(new Uint8Array(await readFile(store.path(earlier.sha256))), wav, `${step}: earlier media intact`);
  }
});
