// The permission matrix as a table of the rules it encodes (domain.md roles; Điều 8, 9, 10, 14.5; issue 4).
import t from 'tap';
import {
  PERMISSIONS, PERMISSION_MATRIX, matrixMarkdown, permissionsOf, requiresTotp, roleHas, type Permission,
} from '../../../hub/src/authz/permission-matrix.js';
import { ROLES, ROLE_LABEL, type Role } from '../../../hub/src/authz/roles.js';

const rules: [string, Role, Permission, boolean][] = [
  ['viewers read and change nothing', 'viewer', 'bulletin.read', true],
  ['viewers read and change nothing', 'viewer', 'bulletin.draft.normal', false],
  ['viewers read and change nothing', 'viewer', 'emergency.stop', false],
  ['the editorial board drafts every priority', 'editor', 'bulletin.draft.emergency', true],
  ['the editorial board is not its own approver', 'editor', 'bulletin.approve.normal', false],
  ['the review body appraises, it does not author (Điều 14.5)', 'approver', 'bulletin.draft.normal', false],
  ['the review body appraises sensitive bulletins (Điều 14.5)', 'approver', 'bulletin.review', true],
  ['an author cannot clear the review mark', 'editor', 'bulletin.review', false],
  ['communes produce their own bulletins', 'commune_officer', 'bulletin.draft.priority', true],
  ['the commune chooses and orders its programme (Điều 8.2, 8.3)', 'commune_officer', 'programme.choose', true],
  ['a district centre supplies, the commune chooses (Điều 8.3)', 'district_officer', 'programme.choose', false],
  ['STOP is one authorised person away', 'commune_officer', 'emergency.stop', true],
  ['STOP is one authorised person away', 'editor', 'emergency.stop', true],
  ['technicians install and test devices', 'technician', 'device.manage', true],
  ['technicians send no bulletins', 'technician', 'bulletin.publish.emergency', false],
  ['technicians send no STOP to a whole area', 'technician', 'emergency.stop', false],
  ['only the province manages accounts', 'district_officer', 'account.manage', false],
  ['only the province manages accounts', 'province_admin', 'account.manage', true],
  ['a commune may not lower its own approval bar', 'commune_officer', 'approval.policy', false],
  ['communes set their own operating windows (Điều 10)', 'commune_officer', 'area.windows', true],
  ['everyone reads reports of their area (Điều 16.2, 18)', 'viewer', 'report.read', true],
  ['the central system’s emergencies are relayed by the province (Điều 11.5)', 'province_admin', 'emergency.relay', true],
  ['the central system’s emergencies are relayed by the province (Điều 11.5)', 'district_officer', 'emergency.relay', false],
];

t.test('matrix rows encode the rules', async (t) => {
  for (const [why, role, permission, expected] of rules) t.equal(roleHas(role, permission), expected, `${why}: ${role} ${permission}`);
});

t.test('every permission has a Vietnamese and English label, a scope and at least one role', async (t) => {
  for (const p of PERMISSIONS) {
    const row = PERMISSION_MATRIX[p];
    t.ok(row.vi.length > 0 && row.en.length > 0, p);
    t.ok(row.roles.length > 0, `${p} has a role`);
    t.ok(['subtree', 'reach', 'root'].includes(row.scope));
  }
  for (const role of ROLES) t.ok(ROLE_LABEL[role].vi.length > 0);
  t.ok(permissionsOf('province_admin').length === PERMISSIONS.length, 'the province administrator holds everything');
});

t.test('roles that can approve emergencies must use TOTP', async (t) => {
  t.same(ROLES.filter(requiresTotp), ['province_admin', 'approver', 'district_officer', 'commune_officer']);
});

t.test('the Markdown table has one row per permission and one column per role', async (t) => {
  const lines = matrixMarkdown().split('\n');
  t.equal(lines.length, PERMISSIONS.length + 2);
  t.ok(lines.every((l) => l.split('|').length === ROLES.length + 4));
  t.match(lines[0], /province_admin.*viewer/);
});
