// Walks the audit chain and reports the first broken link (issue 4). Pure and incremental: rows are pushed in seq
// order, a page at a time, so a verification of millions of rows holds one page in memory.
import { GENESIS_HASH, auditHash, type AuditRow } from './audit-hash.js';

export type AuditBreak =
  /** The row's own fields no longer hash to its stored hash: this row was altered. */
  | { readonly seq: number; readonly reason: 'altered' }
  /** The row does not point at the previous row's hash: the previous row was rewritten (hash and all) or replaced. */
  | { readonly seq: number; readonly reason: 'relinked'; readonly previousSeq: number }
  /** Sequence numbers jump: rows from `seq` on are missing (deleted). */
  | { readonly seq: number; readonly reason: 'missing' }
  /** The newest rows are gone: SQLite issued sequence numbers up to `issued` but the log ends before `seq`. */
  | { readonly seq: number; readonly reason: 'truncated'; readonly issued: number };

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  /** The last row checked: record it somewhere else to detect a later rollback of the whole file. */
  readonly head: { readonly seq: number; readonly hash: string };
  readonly firstBreak?: AuditBreak;
}

export class ChainVerifier {
  #prevSeq = 0;
  #prevHash = GENESIS_HASH;
  #checked = 0;
  #break: AuditBreak | undefined;

  /** Checks the next row; returns false once the chain is broken (later rows are not worth reading). */
  push(row: AuditRow): boolean {
    if (this.#break !== undefined) return false;
    if (row.seq !== this.#prevSeq + 1) {
      this.#break = { seq: this.#prevSeq + 1, reason: 'missing' };
    } else if (auditHash(row) !== row.hash) {
      this.#break = { seq: row.seq, reason: 'altered' };
    } else if (row.prevHash !== this.#prevHash) {
      this.#break = { seq: row.seq, reason: 'relinked', previousSeq: this.#prevSeq };
    }
    if (this.#break !== undefined) return false;
    this.#checked++;
    this.#prevSeq = row.seq;
    this.#prevHash = row.hash;
    return true;
  }

  /** `issuedSeq`: the highest sequence number SQLite ever issued (sqlite_sequence), if known. */
  finish(issuedSeq?: number): AuditVerification {
    if (this.#break === undefined && issuedSeq !== undefined && issuedSeq > this.#prevSeq) {
      this.#break = { seq: this.#prevSeq + 1, reason: 'truncated', issued: issuedSeq };
    }
    return {
      ok: this.#break === undefined,
      checked: this.#checked,
      head: { seq: this.#prevSeq, hash: this.#prevHash },
      ...(this.#break === undefined ? {} : { firstBreak: this.#break }),
    };
  }
}

/** Verifies a whole list at once (tests, small logs). */
export function verifyAuditRows(rows: Iterable<AuditRow>, issuedSeq?: number): AuditVerification {
  const verifier = new ChainVerifier();
  for (const row of rows) if (!verifier.push(row)) break;
  return verifier.finish(issuedSeq);
}
