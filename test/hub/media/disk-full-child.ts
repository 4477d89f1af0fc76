// Run by media-store-disk-full.test.ts inside its own mount namespace, with a tiny tmpfs mounted at argv[2]. Fills
// the disk for real and prints what it saw as one JSON line.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isHubError } from '../../../hub/src/errors.js';
import { MediaStore } from '../../../hub/src/media/media-store.js';

const dataDir = process.argv[2] ?? '';
const store = new MediaStore({ dataDir });
const small = new Uint8Array(16 * 1024).fill(7);
const earlier = await store.put(small, { maxBytes: 1e9 });

async function* big(): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < 64; i++) yield new Uint8Array(64 * 1024).fill(i); // 4 MiB into a 256 KiB disk
}
let code = 'none';
try {
  await store.put(big(), { maxBytes: 1e9 });
} catch (err) {
  code = isHubError(err) ? err.code : String(err);
}
const earlierBytes = await readFile(store.path(earlier.sha256));
const temp = await readdir(join(dataDir, 'media', 'tmp'));
const fanout = (await readdir(join(dataDir, 'media'))).sort();
const again = await store.put(new Uint8Array(1024).fill(9), { maxBytes: 1e9 }).then(
  () => 'stored',
  (err: unknown) => String(err),
);
console.log(
  JSON.stringify({
    code,
    temp,
    fanout,
    earlierFanout: earlier.sha256.slice(0, 2),
    earlierIntact: Buffer.compare(earlierBytes, small) === 0,
    afterwards: again,
  }),
);
