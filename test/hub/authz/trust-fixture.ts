// The trust layer over a real SQLite database (demo province) with a clock the test moves. scrypt runs at cheap
// parameters here only because tests create dozens of accounts; password.test.ts checks the hub's strong default.
import { PasswordHasher } from '../../../hub/src/accounts/password-hash.js';
import { AreaRepository } from '../../../hub/src/areas/index.js';
import { BulletinRepository } from '../../../hub/src/bulletins/index.js';
import { DeviceRepository } from '../../../hub/src/devices/device-repository.js';
import type { Role } from '../../../hub/src/authz/roles.js';
import { createTrustLayer, type TrustLayer, type TrustOptions } from '../../../hub/src/authz/trust-layer.js';
import type { Account } from '../../../hub/src/accounts/account-repository.js';
import type { Database } from '../../../hub/src/db/index.js';
import { openTestDb } from '../../helpers/hub-db.js';

export const CHEAP_HASHER = new PasswordHasher({ logN: 10, r: 8, p: 1 });
export const ADMIN_TOKEN = 'tn_admin_test-break-glass-token';
export const PASSWORD = 'Đồng lúa chín vàng ươm';

export interface TrustFixture {
  readonly db: Database;
  readonly trust: TrustLayer;
  readonly clock: { now: number };
  readonly areas: AreaRepository;
  /** An account with a known password that need not be changed. */
  account(username: string, role: Role, areaCode: string, displayName?: string): Promise<Account>;
}

export async function openTrust(t: { teardown(fn: () => unknown): void }, options: TrustOptions = {}): Promise<TrustFixture> {
  const testDb = await openTestDb();
  t.teardown(() => testDb.close());
  const clock = { now: Date.UTC(2026, 10, 23, 3, 0, 0) };
  const now = () => clock.now;
  const areas = new AreaRepository(testDb.db);
  const trust = createTrustLayer(
    {
      db: testDb.db, areas, bulletins: new BulletinRepository(testDb.db, areas, now), devices: new DeviceRepository(testDb.db, now),
      adminToken: ADMIN_TOKEN, now,
    },
    { hasher: CHEAP_HASHER, ...options },
  );
  return {
    db: testDb.db, trust, clock, areas,
    async account(username, role, areaCode, displayName = `Cán bộ ${username}`) {
      const { account } = await trust.accountService.create({ username, displayName, areaCode, role, password: PASSWORD });
      await trust.accounts.setPassword(account.id, await CHEAP_HASHER.hash(PASSWORD), false);
      return trust.accounts.require(account.id);
    },
  };
}
