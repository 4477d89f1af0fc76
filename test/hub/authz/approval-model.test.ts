// Model-based test (fast-check) of the approval state machine with per-area policies: random policies, priorities and
// sensitive marks, then random sequences of approvals, rejections, edits and submissions by people in different
// roles. The model restates the rules of issue 4 independently; after every step the real bulletin (SQLite, the
// life-cycle table, the ApprovalService) must agree with it, and the safety invariants must hold.
import fc from 'fast-check';
import t from 'tap';
import type { Priority } from '@tinnguon/protocol';
import { BulletinWorkflow, type BulletinRecord } from '../../../hub/src/bulletins/index.js';
import { BulletinRepository } from '../../../hub/src/bulletins/index.js';
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicyDoc } from '../../../hub/src/authz/approval-rules.js';
import type { Principal } from '../../../hub/src/authz/principal.js';
import type { Role } from '../../../hub/src/authz/roles.js';
import { isHubError } from '../../../hub/src/errors.js';
import { openTrust } from './trust-fixture.js';

const DAY = 24 * 3600_000;
const PEOPLE: readonly { name: string; role: Role }[] = [
  { name: 'tac.gia', role: 'district_officer' },
  { name: 'huyen.hai', role: 'district_officer' },
  { name: 'duyet.mot', role: 'approver' },
  { name: 'duyet.hai', role: 'approver' },
  { name: 'tinh.mot', role: 'province_admin' },
  { name: 'xa.mot', role: 'commune_officer' },
  { name: 'bien.tap', role: 'editor' },
];
const AUTHORS = ['tac.gia', 'tinh.mot', 'bien.tap'];
const APPROVER_ROLES: Role[] = ['province_admin', 'approver', 'district_officer', 'commune_officer'];

function principal(name: string): Principal {
  const p = PEOPLE.find((x) => x.name === name)!;
  return { kind: 'session', accountId: `acc-${name}`, actor: name, displayName: name, role: p.role, area: '663', restrictions: [] };
}

interface Model {
  state: 'draft' | 'submitted' | 'approved';
  votes: { actor: string; role: Role }[];
  initiators: Set<string>;
}

interface Real {
  workflow: BulletinWorkflow;
  approve(name: string): Promise<BulletinRecord>;
  id: string;
  get(): Promise<BulletinRecord>;
}

interface Scenario {
  priority: Priority;
  sensitive: boolean;
  policy: ApprovalPolicyDoc;
}

/** The rules as issue 4 states them, written without looking at decideApproval. */
function expectedApproval(s: Scenario, m: Model, name: string): string {
  if (m.state !== 'submitted') return 'HUB_ERR_BULLETIN_STATE';
  const role = PEOPLE.find((p) => p.name === name)!.role;
  const reviewer = s.policy.reviewRoles.includes(role);
  const rule = s.policy.rules[s.priority];
  if (!rule.roles.includes(role) && !(s.sensitive && reviewer)) return 'HUB_ERR_APPROVAL_ROLE';
  if (m.votes.some((v) => v.actor === name)) return 'HUB_ERR_APPROVAL_DUPLICATE';
  if (s.priority === 'emergency' && !s.policy.singleOperatorEmergency && m.initiators.has(name)) return 'HUB_ERR_APPROVAL_SAME_PERSON';
  const votes = [...m.votes, { actor: name, role }];
  const reviewed = !s.sensitive || votes.some((v) => s.policy.reviewRoles.includes(v.role));
  return votes.length >= rule.approvals && reviewed ? 'approved' : 'counted';
}

async function outcome<T>(p: Promise<T>): Promise<string | T> {
  try {
    return await p;
  } catch (err) {
    if (isHubError(err)) return err.code;
    throw err;
  }
}

class Approve implements fc.AsyncCommand<Model, Real> {
  constructor(readonly s: Scenario, readonly name: string) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const expected = expectedApproval(this.s, m, this.name);
    const got = await outcome(r.approve(this.name));
    const state = (await r.get()).state;
    if (expected === 'approved' || expected === 'counted') {
      if (typeof got === 'string') throw new Error(`${this.name} approve: expected ${expected}, got ${got}`);
      m.votes.push({ actor: this.name, role: PEOPLE.find((p) => p.name === this.name)!.role });
      if (expected === 'approved') m.state = 'approved';
    } else if (got !== expected) {
      throw new Error(`${this.name} approve: expected ${expected}, got ${typeof got === 'string' ? got : 'success'}`);
    }
    if (state !== m.state) throw new Error(`state ${state}, model ${m.state}`);
    if (state === 'approved') invariants(this.s, m);
  }
  toString = () => `approve(${this.name})`;
}

class Reject implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const got = await outcome(r.workflow.reject(r.id, 'Cần sửa lại', 'duyet.mot'));
    if (m.state === 'submitted') {
      if (typeof got === 'string') throw new Error(`reject: ${got}`);
      m.state = 'draft';
      m.votes = [];
    } else if (got !== 'HUB_ERR_BULLETIN_STATE') throw new Error('reject should be refused');
  }
  toString = () => 'reject';
}

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: string) {}
  check = (m: Readonly<Model>) => m.state === 'draft';
  async run(m: Model, r: Real): Promise<void> {
    await r.workflow.update(r.id, { summary: `Sửa bởi ${this.name}` }, this.name);
    m.initiators.add(this.name);
  }
  toString = () => `edit(${this.name})`;
}

class Submit implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: string) {}
  check = (m: Readonly<Model>) => m.state === 'draft';
  async run(m: Model, r: Real): Promise<void> {
    await r.workflow.submit(r.id, this.name);
    m.initiators.add(this.name);
    m.state = 'submitted';
    m.votes = [];
  }
  toString = () => `submit(${this.name})`;
}

/** What must hold whenever a bulletin is approved, whatever path led there. */
function invariants(s: Scenario, m: Model): void {
  const rule = s.policy.rules[s.priority];
  const people = new Set(m.votes.map((v) => v.actor));
  if (people.size < rule.approvals) throw new Error(`approved with ${people.size} of ${rule.approvals} distinct approvers`);
  if (s.priority === 'emergency' && !s.policy.singleOperatorEmergency && m.votes.some((v) => m.initiators.has(v.actor))) {
    throw new Error('an emergency approved by its own initiator');
  }
  if (s.sensitive && !m.votes.some((v) => s.policy.reviewRoles.includes(v.role))) throw new Error('a sensitive bulletin approved without the review body');
}

const subset = (roles: Role[]) => fc.subarray(roles, { minLength: 1 });
const ruleArb = fc.record({ roles: subset(APPROVER_ROLES), approvals: fc.integer({ min: 1, max: 3 }) });
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  priority: fc.constantFrom<Priority>('emergency', 'priority', 'normal'),
  sensitive: fc.boolean(),
  policy: fc.oneof(
    fc.constant(DEFAULT_APPROVAL_POLICY),
    fc.record({
      rules: fc.record({ emergency: ruleArb, priority: ruleArb, normal: ruleArb }),
      singleOperatorEmergency: fc.boolean(),
      reviewRoles: subset(['approver', 'province_admin']),
    }),
  ),
});

t.test('approval state machine against the model', async (t) => {
  const f = await openTrust(t);
  const now = () => f.clock.now;
  const refuse = (what: string) => () => {
    throw new Error(`${what} is not used by approval tests`);
  };
  const bulletins = new BulletinRepository(f.db, f.areas, now);
  const workflow = new BulletinWorkflow({
    bulletins, areas: f.areas, now, maxMediaBytes: 1 << 20,
    media: { get: refuse('media'), ingest: refuse('media') },
    tts: { synthesize: refuse('tts') } as never,
    dispatcher: { refresh: refuse('dispatch'), refreshLater: refuse('dispatch'), sendEmergency: refuse('dispatch'), sendStop: refuse('dispatch') },
    approvalPolicy: f.trust.approvals.policyHook,
  });
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      scenarioArb.chain((s) =>
        fc.tuple(
          fc.constant(s),
          fc.commands(
            [
              fc.constantFrom(...PEOPLE.map((p) => p.name)).map((name) => new Approve(s, name)),
              fc.constant(new Reject()),
              fc.constantFrom(...AUTHORS).map((name) => new Edit(name)),
              fc.constantFrom(...AUTHORS).map((name) => new Submit(name)),
            ],
            { maxCommands: 12 },
          ),
        ),
      ),
      async ([s, commands]) => {
        runs++;
        await f.trust.approvalStore.setPolicy('663', s.policy, 'test');
        const created = await workflow.create(
          {
            title: 'Cảnh báo lũ quét', priority: s.priority, originArea: '663', targetAreas: ['24670'],
            content: { kind: 'ledText', slide: { type: 'text', text: 'Lũ quét: sơ tán ngay', durationMs: 8000 } },
            schedule: s.priority === 'emergency' ? { type: 'now' } : { type: 'nextWindow' },
            validUntil: f.clock.now + DAY,
          },
          'tac.gia',
        );
        if (s.sensitive) await f.trust.approvalStore.setSensitive(created.id, true, 'tac.gia');
        await workflow.submit(created.id, 'tac.gia');
        const real: Real = {
          workflow, id: created.id,
          get: async () => (await bulletins.get(created.id))!,
          approve: async (name) => (await f.trust.approvals.approve(created.id, principal(name), (actor) => workflow.approve(created.id, actor))).bulletin,
        };
        await fc.asyncModelRun(() => ({ model: { state: 'submitted' as const, votes: [], initiators: new Set(['tac.gia']) }, real }), commands);
      },
    ),
    { numRuns: 60 },
  );
  t.equal(runs >= 60, true, `${runs} runs`);
});

t.test('the life cycle cannot be approved around the service', async (t) => {
  const f = await openTrust(t);
  const now = () => f.clock.now;
  const bulletins = new BulletinRepository(f.db, f.areas, now);
  const boom = () => {
    throw new Error('unused');
  };
  const workflow = new BulletinWorkflow({
    bulletins, areas: f.areas, now, maxMediaBytes: 1 << 20, media: { get: boom, ingest: boom }, tts: { synthesize: boom } as never,
    dispatcher: { refresh: boom, refreshLater: boom, sendEmergency: boom, sendStop: boom }, approvalPolicy: f.trust.approvals.policyHook,
  });
  const b = await workflow.create(
    {
      title: 'Thông báo', priority: 'normal', originArea: '663', targetAreas: ['663'],
      content: { kind: 'ledText', slide: { type: 'text', text: 'Họp dân', durationMs: 8000 } }, schedule: { type: 'nextWindow' }, validUntil: f.clock.now + DAY,
    },
    'tac.gia',
  );
  await workflow.submit(b.id, 'tac.gia');
  await t.rejects(workflow.approve(b.id, 'duyet.mot'), { code: 'HUB_ERR_APPROVAL_ROLE' }, 'the hook admits only approvals the service counted');
  const done = await f.trust.approvals.approve(b.id, principal('duyet.mot'), (actor) => workflow.approve(b.id, actor));
  t.match(done, { bulletin: { state: 'approved' }, approval: { complete: true, have: 1, need: 1 } });
  t.match((await bulletins.history(b.id)).at(-1), { action: 'approve', actor: 'duyet.mot' }, 'the real actor is recorded');
});
