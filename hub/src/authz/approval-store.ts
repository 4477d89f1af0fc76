// The approval workflow's state in SQLite: per-area policies (inherited down the tree), approvals given to each
// submission of a bulletin, and the sensitive mark (Điều 14.5).
import { areaChain, type AreaTree } from '../areas/index.js';
import type { Database } from '../db/index.js';
import { sqliteCodeOf } from '../db/index.js';
import { HubError } from '../errors.js';
import { DEFAULT_APPROVAL_POLICY, checkApprovalPolicy, type ApprovalPolicyDoc, type ApprovalVote } from './approval-rules.js';
import type { Role } from './roles.js';

export interface EffectivePolicy {
  readonly policy: ApprovalPolicyDoc;
  /** The area whose override applies, or null for the hub's default. */
  readonly from: string | null;
}

export interface SensitiveMark {
  readonly sensitive: boolean;
  readonly markedBy: string;
  readonly at: number;
}

export class ApprovalStore {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** The nearest override up the chain (the area's own first), else the default — like effectiveWindows. */
  async effectivePolicy(tree: AreaTree, areaCode: string): Promise<EffectivePolicy> {
    const rows = await this.#db.all<{ area_code: string; policy: string }>('SELECT area_code, policy FROM approval_policies');
    const own = new Map(rows.map((r) => [r.area_code, r.policy]));
    const chain = tree.nodes.has(areaCode) ? areaChain(tree, areaCode) : [];
    for (let i = chain.length - 1; i >= 0; i--) {
      const text = own.get(chain[i] as string);
      if (text !== undefined) return { policy: checkApprovalPolicy(JSON.parse(text)), from: chain[i] as string };
    }
    return { policy: DEFAULT_APPROVAL_POLICY, from: null };
  }

  async ownPolicy(areaCode: string): Promise<ApprovalPolicyDoc | undefined> {
    const row = await this.#db.get<{ policy: string }>('SELECT policy FROM approval_policies WHERE area_code = ?', [areaCode]);
    return row === undefined ? undefined : checkApprovalPolicy(JSON.parse(row.policy));
  }

  /** Sets (or with null, removes) an area's override. */
  async setPolicy(areaCode: string, policy: ApprovalPolicyDoc | null, by: string): Promise<void> {
    if (policy === null) {
      await this.#db.run('DELETE FROM approval_policies WHERE area_code = ?', [areaCode]);
      return;
    }
    const checked = checkApprovalPolicy(policy);
    await this.#db.run(
      `INSERT INTO approval_policies (area_code, policy, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (area_code) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [areaCode, JSON.stringify(checked), this.#now(), by],
    );
  }

  async votes(bulletinId: string, submission: number): Promise<ApprovalVote[]> {
    return this.#db.all<ApprovalVote>(
      'SELECT actor, role FROM approval_votes WHERE bulletin_id = ? AND submission = ? ORDER BY at, actor',
      [bulletinId, submission],
    );
  }

  async addVote(bulletinId: string, submission: number, actor: string, role: Role): Promise<void> {
    try {
      await this.#db.run('INSERT INTO approval_votes (bulletin_id, submission, actor, role, at) VALUES (?, ?, ?, ?, ?)', [
        bulletinId, submission, actor, role, this.#now(),
      ]);
    } catch (err) {
      if (sqliteCodeOf(err) === 'SQLITE_CONSTRAINT') throw new HubError('HUB_ERR_APPROVAL_DUPLICATE', actor);
      throw err;
    }
  }

  async removeVote(bulletinId: string, submission: number, actor: string): Promise<void> {
    await this.#db.run('DELETE FROM approval_votes WHERE bulletin_id = ? AND submission = ? AND actor = ?', [bulletinId, submission, actor]);
  }

  async sensitivity(bulletinId: string): Promise<SensitiveMark | undefined> {
    const row = await this.#db.get<{ sensitive: number; marked_by: string; at: number }>(
      'SELECT sensitive, marked_by, at FROM bulletin_sensitivity WHERE bulletin_id = ?',
      [bulletinId],
    );
    return row === undefined ? undefined : { sensitive: row.sensitive === 1, markedBy: row.marked_by, at: row.at };
  }

  async setSensitive(bulletinId: string, sensitive: boolean, by: string): Promise<void> {
    await this.#db.run(
      `INSERT INTO bulletin_sensitivity (bulletin_id, sensitive, marked_by, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (bulletin_id) DO UPDATE SET sensitive = excluded.sensitive, marked_by = excluded.marked_by, at = excluded.at`,
      [bulletinId, sensitive ? 1 : 0, by, this.#now()],
    );
  }
}
