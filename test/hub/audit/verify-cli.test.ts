// The verification command an operator runs: exit 0 intact, 1 tampered (naming the row), 2 cannot check.
import t from 'tap';
import { join } from 'node:path';
import { AuditLog } from '../../../hub/src/audit/audit-log.js';
import { parseArgs, runVerifyCli } from '../../../hub/src/audit/verify-cli.js';
import { openTestDb } from '../../helpers/hub-db.js';

function capture() {
  const lines: string[] = [];
  return { lines, out: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) } };
}

t.test('intact, then tampered, then unreadable', async (t) => {
  const testDb = await openTestDb();
  t.teardown(() => testDb.close());
  const log = new AuditLog(testDb.db);
  for (let i = 0; i < 4; i++) await log.append({ actor: 'tran.thi.binh', action: 'PUT /api/areas/:code/windows/:kind', area: '24628', after: { i } });

  const ok = capture();
  t.equal(await runVerifyCli(['--data', testDb.dir], ok.out), 0);
  t.match(ok.lines.join('\n'), /toàn vẹn \/ audit log intact: 4 dòng/);

  await testDb.db.run('DROP TRIGGER audit_log_no_delete');
  await testDb.db.run('DELETE FROM audit_log WHERE seq = 2');
  const bad = capture();
  t.equal(await runVerifyCli(['--db', join(testDb.dir, 'hub.sqlite')], bad.out), 1);
  t.match(bad.lines.join('\n'), /thiếu dòng 2 \(bị xoá\) \/ row 2 is missing/);

  const usage = capture();
  t.equal(await runVerifyCli([], usage.out), 2);
  t.match(usage.lines[0], /Cách dùng \/ usage/);
  const missing = capture();
  t.equal(await runVerifyCli(['--db', join(testDb.dir, 'khong-co.sqlite')], missing.out), 2);
  t.match(missing.lines[0], /Không mở được/);
  t.equal(parseArgs(['--data']), undefined);
  t.equal(parseArgs(['--other', 'x']), undefined);
});
