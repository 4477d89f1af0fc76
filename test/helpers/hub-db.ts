// A real SQLite database in a temporary directory, migrated and seeded with the demo province.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AreaRepository, loadDemoProvinceIfEmpty } from '../../hub/src/areas/index.js';
import { openDatabase, type Database } from '../../hub/src/db/index.js';

export interface TestDb {
  readonly db: Database;
  readonly dir: string;
  readonly close: () => Promise<void>;
}

export async function openTestDb(options: { demo?: boolean } = {}): Promise<TestDb> {
  const dir = await mkdtemp(join(tmpdir(), 'tn-hub-'));
  const db = await openDatabase(join(dir, 'hub.sqlite'));
  if (options.demo !== false) await loadDemoProvinceIfEmpty(new AreaRepository(db));
  return {
    db,
    dir,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
