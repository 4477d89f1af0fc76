// The bulletin life cycle as a table (design.md "Bulletin life cycle"):
//   draft → submitted → approved → published → expired | recalled, and submitted → draft when rejected.
// Pure: the workflow asks this table before it writes anything, and the tests walk it with random sequences.

export const BULLETIN_STATES = ['draft', 'submitted', 'approved', 'published', 'expired', 'recalled'] as const;
export type BulletinState = (typeof BULLETIN_STATES)[number];
/** The states a row can hold; 'expired' is computed from valid_until (see effectiveState). */
export type StoredBulletinState = Exclude<BulletinState, 'expired'>;

export const BULLETIN_ACTIONS = ['edit', 'submit', 'approve', 'reject', 'publish', 'recall'] as const;
export type BulletinAction = (typeof BULLETIN_ACTIONS)[number];

const TABLE: Readonly<Record<BulletinState, Partial<Record<BulletinAction, StoredBulletinState>>>> = {
  // Only a draft may change; every edit raises the revision.
  draft: { edit: 'draft', submit: 'submitted' },
  // Appraisal (thẩm định, Điều 14.5) either approves or sends it back with a reason.
  submitted: { approve: 'approved', reject: 'draft' },
  approved: { publish: 'published' },
  // A recall reaches devices by the urgent path and is itself signed (design.md).
  published: { recall: 'recalled' },
  // Terminal: an expired bulletin no longer plays anywhere, and a recalled one never plays again.
  expired: {},
  recalled: {},
};

export type TransitionResult =
  | { readonly next: StoredBulletinState }
  | { readonly error: 'HUB_ERR_BULLETIN_STATE' };

export function transition(state: BulletinState, action: BulletinAction): TransitionResult {
  const next = TABLE[state][action];
  return next === undefined ? { error: 'HUB_ERR_BULLETIN_STATE' } : { next };
}

/** The actions a bulletin in `state` allows, for the console's buttons. */
export function allowedActions(state: BulletinState): BulletinAction[] {
  return BULLETIN_ACTIONS.filter((a) => TABLE[state][a] !== undefined);
}

/** A published bulletin whose validity has ended reads as expired; nothing else changes with time. */
export function effectiveState(stored: StoredBulletinState, validUntil: number, now: number): BulletinState {
  return stored === 'published' && now >= validUntil ? 'expired' : stored;
}

export const BULLETIN_STATE_LABEL: Readonly<Record<BulletinState, { vi: string; en: string }>> = {
  draft: { vi: 'Bản nháp', en: 'Draft' },
  submitted: { vi: 'Chờ duyệt', en: 'Submitted' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  published: { vi: 'Đang phát hành', en: 'Published' },
  expired: { vi: 'Hết hiệu lực', en: 'Expired' },
  recalled: { vi: 'Đã thu hồi', en: 'Recalled' },
};
