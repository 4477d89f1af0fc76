// decideApproval as a table: two-person emergencies, distinct approvers, the review body for sensitive bulletins.
import t from 'tap';
import { DEFAULT_APPROVAL_POLICY, checkApprovalPolicy, decideApproval, type ApprovalFacts } from '../../../hub/src/authz/approval-rules.js';
import { HUB_ERRORS } from '../../../hub/src/errors.js';

const base: ApprovalFacts = {
  priority: 'normal',
  sensitive: false,
  actor: { name: 'duyet', role: 'approver', breakGlass: false },
  initiators: ['tac.gia'],
  votes: [],
  policy: DEFAULT_APPROVAL_POLICY,
};
const policy = (over: Partial<typeof DEFAULT_APPROVAL_POLICY>) => ({ ...DEFAULT_APPROVAL_POLICY, ...over });

t.test('the rules, case by case', async (t) => {
  const cases: [string, Partial<ApprovalFacts>, string][] = [
    ['an approver approves a normal bulletin', {}, 'approve'],
    ['an emergency needs someone other than its initiator', { priority: 'emergency', actor: { name: 'tac.gia', role: 'district_officer', breakGlass: false } }, 'HUB_ERR_APPROVAL_SAME_PERSON'],
    ['…a second person approves it', { priority: 'emergency' }, 'approve'],
    ['…unless the area allows one trained operator', { priority: 'emergency', actor: { name: 'tac.gia', role: 'district_officer', breakGlass: false }, policy: policy({ singleOperatorEmergency: true }) }, 'approve'],
    ['the author may approve a normal bulletin', { actor: { name: 'tac.gia', role: 'district_officer', breakGlass: false } }, 'approve'],
    ['an editor is not an approver', { actor: { name: 'bt', role: 'editor', breakGlass: false } }, 'HUB_ERR_APPROVAL_ROLE'],
    ['an area may narrow who approves', { policy: policy({ rules: { ...DEFAULT_APPROVAL_POLICY.rules, normal: { roles: ['province_admin'], approvals: 1 } } }) }, 'HUB_ERR_APPROVAL_ROLE'],
    ['two approvers: the first is counted', { policy: policy({ rules: { ...DEFAULT_APPROVAL_POLICY.rules, normal: { roles: ['approver'], approvals: 2 } } }) }, 'vote'],
    ['two approvers: the same person twice is refused', { votes: [{ actor: 'duyet', role: 'approver' }], policy: policy({ rules: { ...DEFAULT_APPROVAL_POLICY.rules, normal: { roles: ['approver'], approvals: 2 } } }) }, 'HUB_ERR_APPROVAL_DUPLICATE'],
    ['two approvers: a second person completes it', { votes: [{ actor: 'khac', role: 'approver' }], policy: policy({ rules: { ...DEFAULT_APPROVAL_POLICY.rules, normal: { roles: ['approver'], approvals: 2 } } }) }, 'approve'],
    ['sensitive: a district approval waits for the review body', { sensitive: true, actor: { name: 'huyen', role: 'district_officer', breakGlass: false } }, 'vote'],
    ['sensitive: the review body completes it', { sensitive: true, votes: [{ actor: 'huyen', role: 'district_officer' }] }, 'approve'],
    ['sensitive: the review body may approve even where the rule names other roles', { sensitive: true, policy: policy({ rules: { ...DEFAULT_APPROVAL_POLICY.rules, normal: { roles: ['commune_officer'], approvals: 1 } } }) }, 'approve'],
    ['break-glass completes any approval (it holds the signing key anyway)', { priority: 'emergency', sensitive: true, actor: { name: 'admin', role: 'province_admin', breakGlass: true }, initiators: ['admin'] }, 'approve'],
  ];
  for (const [why, over, expected] of cases) {
    const outcome = decideApproval({ ...base, ...over });
    t.equal(outcome.kind === 'refuse' ? outcome.code : outcome.kind, expected, why);
  }
  const waiting = decideApproval({ ...base, sensitive: true, actor: { name: 'huyen', role: 'district_officer', breakGlass: false } });
  t.match(waiting, { kind: 'vote', waitingFor: 'review', have: 1, need: 1, reviewed: false });
  t.match(HUB_ERRORS.HUB_ERR_APPROVAL_SAME_PERSON.vi, /khẩn cấp.*người khác/);
});

t.test('a policy may only narrow the matrix', async (t) => {
  t.same(checkApprovalPolicy(DEFAULT_APPROVAL_POLICY), DEFAULT_APPROVAL_POLICY);
  t.throws(() => checkApprovalPolicy(policy({ rules: { ...DEFAULT_APPROVAL_POLICY.rules, emergency: { roles: ['viewer'], approvals: 1 } } })), { code: 'HUB_ERR_APPROVAL_POLICY_INVALID' });
  t.throws(() => checkApprovalPolicy(policy({ reviewRoles: ['editor'] })), { code: 'HUB_ERR_APPROVAL_POLICY_INVALID' });
  t.throws(() => checkApprovalPolicy({ ...DEFAULT_APPROVAL_POLICY, rules: { ...DEFAULT_APPROVAL_POLICY.rules, normal: { roles: ['approver'], approvals: 0 } } }), { code: 'HUB_ERR_APPROVAL_POLICY_INVALID' });
  t.throws(() => checkApprovalPolicy({ rules: {} }), { code: 'HUB_ERR_APPROVAL_POLICY_INVALID' });
});
