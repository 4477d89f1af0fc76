// `node hub/dist/audit/verify-cli.js --data DIR` (or `--db FILE`): verifies the audit chain of a hub's database
// without writing to it, prints the first broken link, exits 0 when intact, 1 when broken, 2 when it cannot check.
// Safe to run beside a running hub: it opens the database read-only.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Connection } from '../db/sqlite-connection.js';
import { verifyAuditLog } from './audit-log.js';
import type { AuditBreak } from './verify-audit.js';

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

const USAGE = 'Cách dùng / usage: verify-cli --data <thư mục dữ liệu / data dir> | --db <hub.sqlite>';

function describe(b: AuditBreak): string {
  switch (b.reason) {
    case 'altered':
      return `dòng ${b.seq} bị sửa / row ${b.seq} was altered`;
    case 'relinked':
      return `dòng ${b.seq} không nối với dòng ${b.previousSeq} (dòng trước bị sửa hoặc thay) / row ${b.seq} does not link to row ${b.previousSeq} (that row was rewritten or replaced)`;
    case 'missing':
      return `thiếu dòng ${b.seq} (bị xoá) / row ${b.seq} is missing (deleted)`;
    case 'truncated':
      return `các dòng từ ${b.seq} đến ${b.issued} bị xoá khỏi cuối nhật ký / rows ${b.seq}–${b.issued} were removed from the end`;
  }
}

export function parseArgs(argv: readonly string[]): { file: string } | undefined {
  const [flag, value, ...rest] = argv;
  if (value === undefined || rest.length > 0) return undefined;
  if (flag === '--data') return { file: join(value, 'hub.sqlite') };
  if (flag === '--db') return { file: value };
  return undefined;
}

export async function runVerifyCli(argv: readonly string[], out: CliOutput): Promise<number> {
  const args = parseArgs(argv);
  if (args === undefined) {
    out.error(USAGE);
    return 2;
  }
  let conn: Connection;
  try {
    conn = await Connection.open(args.file, true);
  } catch (err) {
    out.error(`Không mở được / cannot open ${args.file}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  try {
    const result = await verifyAuditLog(conn);
    if (result.ok) {
      out.log(`Nhật ký kiểm toán toàn vẹn / audit log intact: ${result.checked} dòng / rows, đầu chuỗi / head ${result.head.seq} ${result.head.hash}`);
      return 0;
    }
    out.log(`NHẬT KÝ KIỂM TOÁN BỊ THAY ĐỔI / AUDIT LOG TAMPERED: ${describe(result.firstBreak!)}`);
    out.log(`Dòng cuối còn nguyên vẹn / last intact row: ${result.head.seq}`);
    return 1;
  } catch (err) {
    out.error(`Không kiểm tra được / cannot verify: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await conn.close();
  }
}

// Run only when executed directly, never on import (style.md §1).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runVerifyCli(process.argv.slice(2), console).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
