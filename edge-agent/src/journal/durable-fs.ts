// The few durable file operations the agent's stores share. Power is cut at random on village poles: whatever a
// caller was told is stored must survive, and a half-written file must never replace a good one.
import { open, rename, type FileHandle } from 'node:fs/promises';

/** Writes all of `data` at the end of the file, then fdatasync (the size is part of what datasync persists). */
export async function appendDurably(file: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await file.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
  await file.datasync();
}

/** Makes a created, renamed or deleted directory entry durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` atomically: write a temporary file, sync it, rename it over, sync the directory. */
export async function writeFileAtomic(path: string, data: Uint8Array, dir: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await appendDurably(handle, data);
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  await fsyncDir(dir);
}
