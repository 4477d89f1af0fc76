// The audit log's hash chain against someone with the sqlite3 shell: alter a row, rewrite one with a fresh hash,
// delete one, cut off the newest. Verification must name the first broken row every time.
import fc from 'fast-check';
import t from 'tap';
import { AuditLog } from '../../../hub/src/audit/audit-log.js';
import { auditHash, type AuditRow } from '../../../hub/src/audit/audit-hash.js';
import { verifyAuditRows } from '../../../hub/src/audit/verify-audit.js';
import type { Database } from '../../../hub/src/db/index.js';
import { openTestDb } from '../../helpers/hub-db.js';

async function logWith(t: { teardown(fn: () => unknown): void }, n: number) {
  const testDb = await openTestDb();
  t.teardown(() => testDb.close());
  let clock = Date.UTC(2026, 0, 5, 1, 0, 0);
  const log = new AuditLog(testDb.db, () => clock);
  for (let i = 1; i <= n; i++) {
    clock += 60_000;
    await log.append({
      actor: i % 2 === 0 ? 'nguyen.van.an' : 'admin [break-glass]', actorIp: '10.0.0.7', action: 'POST /api/bulletins/:id/approve',
      target: `bt-${i}`, area: i % 3 === 0 ? '24628' : '663', before: { state: 'submitted' }, after: { state: 'approved', title: `Bản tin số ${i}` },
    });
  }
  return { db: testDb.db, log, dir: testDb.dir };
}

/** What an attacker with the sqlite3 shell does first. */
async function dropGuards(db: Database): Promise<void> {
  await db.run('DROP TRIGGER audit_log_no_update');
  await db.run('DROP TRIGGER audit_log_no_delete');
}

t.test('an untouched chain verifies, and the hub itself cannot update or delete rows', async (t) => {
  const { db, log } = await logWith(t, 10);
  t.match(await log.verify(), { ok: true, checked: 10, head: { seq: 10 } });
  await t.rejects(db.run("UPDATE audit_log SET actor = 'ke.gian' WHERE seq = 3"), /append-only/);
  await t.rejects(db.run('DELETE FROM audit_log WHERE seq = 3'), /append-only/);
  const rows = await log.query({ areas: ['24628'] });
  t.same(rows.map((r) => r.seq), [9, 6, 3], 'queried by area, newest first');
  t.same(rows[0]?.after, { state: 'approved', title: 'Bản tin số 9' }, 'Vietnamese text intact');
  t.same((await log.query({ from: Date.UTC(2026, 0, 5, 1, 3, 0), to: Date.UTC(2026, 0, 5, 1, 5, 0) })).map((r) => r.seq), [4, 3], 'by time');
  t.same((await log.query({ beforeSeq: 3 })).map((r) => r.seq), [2, 1], 'paging');
  t.same(await log.query({ areas: [] }), []);
});

t.test('a row altered in place is named', async (t) => {
  const { db, log } = await logWith(t, 10);
  await dropGuards(db);
  await db.run("UPDATE audit_log SET actor = 'nguoi.khac' WHERE seq = 4");
  t.match(await log.verify(), { ok: false, checked: 3, firstBreak: { seq: 4, reason: 'altered' }, head: { seq: 3 } });
});

t.test('a row rewritten with a fresh hash breaks the link to the next one', async (t) => {
  const { db, log } = await logWith(t, 10);
  await dropGuards(db);
  const row = await db.get<Record<string, string | number | null>>('SELECT * FROM audit_log WHERE seq = 6');
  const forged = { seq: 6, at: row!.at as number, actor: 'nguoi.khac', actorIp: row!.actor_ip as string, action: row!.action as string, target: row!.target as string, area: row!.area as string, before: row!.before as string, after: row!.after as string, prevHash: row!.prev_hash as string };
  await db.run('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 6', [forged.actor, auditHash(forged)]);
  t.match(await log.verify(), { ok: false, firstBreak: { seq: 7, reason: 'relinked', previousSeq: 6 } });
});

t.test('a deleted row is named by its number', async (t) => {
  const { db, log } = await logWith(t, 10);
  await dropGuards(db);
  await db.run('DELETE FROM audit_log WHERE seq = 5');
  t.match(await log.verify(), { ok: false, checked: 4, firstBreak: { seq: 5, reason: 'missing' } });
});

t.test('the first row deleted', async (t) => {
  const { db, log } = await logWith(t, 3);
  await dropGuards(db);
  await db.run('DELETE FROM audit_log WHERE seq = 1');
  t.match(await log.verify(), { ok: false, checked: 0, firstBreak: { seq: 1, reason: 'missing' } });
});

t.test('the newest rows cut off are seen through sqlite_sequence, and later appends do not hide it', async (t) => {
  const { db, log } = await logWith(t, 10);
  await dropGuards(db);
  await db.run('DELETE FROM audit_log WHERE seq >= 9');
  t.match(await log.verify(), { ok: false, checked: 8, firstBreak: { seq: 9, reason: 'truncated', issued: 10 } });
  await log.append({ actor: 'admin [break-glass]', action: 'POST /api/stop' });
  t.match(await log.verify(), { ok: false, firstBreak: { seq: 9, reason: 'missing' } }, 'the next row is 11, not 9');
});

t.test('whichever single row is altered, verification names it (property)', async (t) => {
  const { db } = await logWith(t, 12);
  const rows = (await db.all<Record<string, string | number | null>>('SELECT * FROM audit_log ORDER BY seq')).map((r): AuditRow => ({
    seq: r.seq as number, at: r.at as number, actor: r.actor as string, actorIp: r.actor_ip as string | null, action: r.action as string,
    target: r.target as string | null, area: r.area as string | null, before: r.before as string | null, after: r.after as string | null,
    prevHash: r.prev_hash as string, hash: r.hash as string,
  }));
  t.equal(verifyAuditRows(rows, 12).ok, true);
  const fields = ['at', 'actor', 'actorIp', 'action', 'target', 'area', 'before', 'after'] as const;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: rows.length - 1 }), fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 8 }), (i, field, junk) => {
      const altered = rows.map((r) => ({ ...r }));
      const row = altered[i] as Record<string, unknown>;
      row[field] = field === 'at' ? (row.at as number) + 1 : `${String(row[field])}${junk}`;
      const result = verifyAuditRows(altered, 12);
      return !result.ok && result.firstBreak?.seq === i + 1 && result.firstBreak.reason === 'altered';
    }),
  );
});
