// authorize(): the matrix plus the area relationship (own, parent, child, sibling), token scopes and restrictions.
import t from 'tap';
import { DEMO_PROVINCE, buildAreaTree } from '../../../hub/src/areas/index.js';
import { authorize, expandPermission, inScope } from '../../../hub/src/authz/authorize.js';
import { BREAK_GLASS, type Principal } from '../../../hub/src/authz/principal.js';

const tree = buildAreaTree(DEMO_PROVINCE);
// 663 Huyện Đắk Mil: parent 67 (province), child 24670, sibling 664.
const TARGET = '663';
const RELATIONS = { own: '663', parent: '67', child: '24670', sibling: '664' } as const;

t.test('scopes against own, parent, child and sibling areas', async (t) => {
  const expected = {
    subtree: { own: true, parent: true, child: false, sibling: false },
    reach: { own: true, parent: true, child: true, sibling: false },
    root: { own: false, parent: true, child: false, sibling: false },
  } as const;
  // A bulletin issued in 663 for 663 reaches the district, the province above it and the communes below it.
  const bulletin = { origin: TARGET, targets: [TARGET] };
  for (const scope of ['subtree', 'reach', 'root'] as const) {
    for (const [relation, area] of Object.entries(RELATIONS)) {
      t.equal(inScope(tree, area, scope, [TARGET], bulletin), expected[scope][relation as keyof typeof RELATIONS], `${scope}: account in the ${relation} area`);
    }
  }
  t.equal(inScope(tree, RELATIONS.child, 'reach', [TARGET]), false, 'reach without a bulletin is subtree: a commune cannot ask for its district’s lists');
  t.equal(inScope(tree, null, 'root', []), true, 'break-glass: the whole tree');
  t.equal(inScope(tree, '663', 'subtree', ['663', '24670', '24673']), true, 'every target inside');
  t.equal(inScope(tree, '663', 'subtree', ['663', '24611']), false, 'one target outside is enough to refuse');
  t.equal(inScope(tree, '663', 'reach', [], { origin: '67', targets: ['67'] }), true, 'reach: a province-wide bulletin reaches the district');
  t.equal(inScope(tree, '24628', 'reach', [], { origin: '660', targets: ['24611'] }), false, 'a city bulletin for the neighbouring commune does not reach this one');
  t.equal(inScope(tree, '660', 'reach', [], { origin: '24611', targets: ['24611'] }), true, 'the city reads what its communes issue');
  t.equal(inScope(tree, '663', 'subtree', ['99999']), false, 'an unknown area is nobody’s below the province');
  t.equal(inScope(tree, '67', 'subtree', ['99999']), true, 'the province gets the handler’s precise error instead');
  t.equal(inScope(tree, 'gone', 'subtree', []), false, 'an account whose area vanished may do nothing');
});

const officer = (role: Principal['role'], area: string, extra: Partial<Principal> = {}): Principal => ({
  kind: 'session', accountId: 'acc-1', actor: 'can.bo', displayName: 'Cán bộ', role, area, restrictions: [], ...extra,
});

t.test('authorize refuses with the code that names the reason', async (t) => {
  t.match(authorize(officer('viewer', '663'), 'bulletin.draft', tree, { areas: ['663'], priorities: ['normal'] }), { ok: false, code: 'HUB_ERR_FORBIDDEN' });
  t.match(authorize(officer('editor', '663'), 'bulletin.draft', tree, { areas: ['664'], priorities: ['normal'] }), { ok: false, code: 'HUB_ERR_AREA_SCOPE' });
  t.match(authorize(officer('editor', '663'), 'bulletin.draft', tree, { areas: ['663'], priorities: ['normal', 'emergency'] }), { ok: true, permissions: ['bulletin.draft.normal', 'bulletin.draft.emergency'] });
  t.match(authorize(officer('editor', '663', { tokenScopes: ['bulletin.draft.normal'] }), 'bulletin.draft', tree, { areas: ['663'], priorities: ['emergency'] }), { ok: false, code: 'HUB_ERR_TOKEN_SCOPE' });
  t.match(authorize(officer('editor', '663', { restrictions: ['password-change'] }), 'bulletin.read', tree), { ok: false, code: 'HUB_ERR_PASSWORD_CHANGE_REQUIRED' });
  t.match(authorize(officer('approver', '67', { restrictions: ['totp-setup'] }), 'bulletin.read', tree), { ok: false, code: 'HUB_ERR_TOTP_REQUIRED' });
  t.match(authorize(officer('province_admin', '663'), 'area.manage', tree), { ok: false, code: 'HUB_ERR_AREA_SCOPE' }, 'a district-level administrator is not the province');
  t.match(authorize(BREAK_GLASS, 'area.manage', tree), { ok: true });
  t.match(authorize(officer('editor', '663'), 'bulletin.publish', tree, { areas: ['663'], priorities: [] }), { ok: false, code: 'HUB_ERR_INTERNAL' }, 'a priority family without a priority is a bug, refused');
  t.same(expandPermission('device.read', ['emergency']), ['device.read']);
});
