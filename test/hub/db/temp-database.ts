// Shared by the db and areas tests: a real SQLite file in a fresh temporary directory, removed at teardown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../hub/src/db/index.js';
import type { Database, OpenDatabaseOptions } from '../../../hub/src/db/index.js';

/** The one thing these helpers need from a tap test. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function tempDir(t: Teardown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tinnguon-db-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens `hub.db` in a new temporary directory; closed (then deleted) at teardown. */
export async function openTempDatabase(t: Teardown, options?: OpenDatabaseOptions): Promise<{ db: Database; file: string }> {
  const file = join(await tempDir(t), 'hub.db');
  const db = await openDatabase(file, options);
  t.teardown(() => db.close());
  return { db, file };
}
