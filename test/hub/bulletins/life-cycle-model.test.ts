// Model-based test of the bulletin life cycle through the HTTP API: random sequences of official actions and the
// passing of time, checked after every step against a model written from design.md, not from the implementation.
import t from 'tap';
import fc from 'fast-check';
import { HOUR, ledDraft, startHub, type TestHub } from './bulletin-hub.js';

type State = 'draft' | 'submitted' | 'approved' | 'published' | 'expired' | 'recalled';
type Action = 'edit' | 'submit' | 'approve' | 'reject' | 'publish' | 'recall';

interface Model {
  stored: Exclude<State, 'expired'>;
  revision: number;
  validUntil: number;
  now: number;
  steps: number;
  stops: number;
}

interface Real {
  readonly hub: TestHub;
  readonly id: string;
}

const state = (m: Model): State => (m.stored === 'published' && m.now >= m.validUntil ? 'expired' : m.stored);
const valid = (m: Model) => m.now < m.validUntil;

/** What design.md says happens: [HTTP status, stored state after, revision after]. */
function expect(m: Model, action: Action): { status: number; stored: Model['stored']; revision: number } {
  const s = state(m);
  const refuse = { status: 409, stored: m.stored, revision: m.revision };
  // Editing, submitting and publishing re-check the validity: a bulletin whose time has gone cannot move on.
  const timed = (next: Model['stored'], revision = m.revision) => (valid(m) ? { status: 200, stored: next, revision } : { status: 400, stored: m.stored, revision: m.revision });
  if (s === 'draft' && action === 'edit') return timed('draft', m.revision + 1);
  if (s === 'draft' && action === 'submit') return timed('submitted');
  if (s === 'submitted' && action === 'approve') return { status: 200, stored: 'approved', revision: m.revision };
  if (s === 'submitted' && action === 'reject') return { status: 200, stored: 'draft', revision: m.revision };
  if (s === 'approved' && action === 'publish') return timed('published');
  if (s === 'published' && action === 'recall') return { status: 200, stored: 'recalled', revision: m.revision };
  return refuse;
}

class ActionCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly action: Action) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const want = expect(m, this.action);
    const url = `/api/bulletins/${r.id}${this.action === 'edit' ? '' : `/${this.action}`}`;
    const body = this.action === 'edit' ? { title: `Bản sửa lần ${m.revision + 1}` } : this.action === 'reject' || this.action === 'recall' ? { reason: 'Kiểm tra' } : undefined;
    const res = await r.hub.call(this.action === 'edit' ? 'PATCH' : 'POST', url, body);
    if (res.status !== want.status) throw new Error(`${this.action} in ${state(m)}: HTTP ${res.status} ${JSON.stringify(res.body)}, expected ${want.status}`);
    if (want.status === 200) m.steps += 1;
    if (want.status === 200 && this.action === 'recall') m.stops += 1;
    m.stored = want.stored;
    m.revision = want.revision;
    await agree(m, r);
  }
  toString = () => this.action;
}

class WaitCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    m.now += this.ms;
    r.hub.clock.now += this.ms;
    await agree(m, r);
  }
  toString = () => `wait ${this.ms / HOUR} h`;
}

async function agree(m: Model, r: Real): Promise<void> {
  const got = await r.hub.call('GET', `/api/bulletins/${r.id}`);
  const b = got.body.bulletin;
  if (b.state !== state(m) || b.revision !== m.revision) throw new Error(`hub says ${b.state} r${b.revision}, model ${state(m)} r${m.revision}`);
  if (got.body.history.length !== m.steps + 1) throw new Error(`history has ${got.body.history.length} entries, expected ${m.steps + 1}`);
  const published = (await r.hub.deps.bulletins.published()).some((p) => p.bulletinId === r.id);
  const shouldDispatch = (m.stored === 'published' || m.stored === 'recalled') && valid(m);
  if (published !== shouldDispatch) throw new Error(`dispatch sees it: ${published}, expected ${shouldDispatch}`);
  const recalled = (await r.hub.deps.bulletins.recalledIds()).includes(r.id);
  if (recalled !== (m.stored === 'recalled' && valid(m))) throw new Error(`recalled list: ${recalled}`);
  const stops = r.hub.publisher.sent.filter((s) => s.topic.endsWith('/urgent/stop')).length;
  if (stops !== m.stops) throw new Error(`${stops} signed stops sent, expected ${m.stops}`);
}

// Forward actions are likelier, so that sequences reach publication, recall and expiry often, not just refusals.
const command = fc.oneof(
  { arbitrary: fc.constantFrom<Action>('submit', 'approve', 'publish').map((a) => new ActionCommand(a)), weight: 6 },
  { arbitrary: fc.constantFrom<Action>('recall', 'reject', 'edit').map((a) => new ActionCommand(a)), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 12 }).map((h) => new WaitCommand(h * HOUR)), weight: 2 },
);
const commands = fc.commands([command], { maxCommands: 20, size: 'max' });

t.test('random action sequences agree with the life-cycle model', async (t) => {
  await fc.assert(
    fc.asyncProperty(commands, async (cmds) => {
      // A fresh hub per run: its publisher's record and its clock belong to this sequence alone.
      const hub = await startHub(t);
      const created = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock, { validUntil: hub.clock.now + 24 * HOUR }));
      const model: Model = { stored: 'draft', revision: 1, validUntil: created.body.bulletin.validUntil, now: hub.clock.now, steps: 0, stops: 0 };
      await fc.asyncModelRun(() => ({ model, real: { hub, id: created.body.bulletin.id } }), cmds);
    }),
    { numRuns: 100 },
  );
  t.pass('model and hub agreed on every run');
});
