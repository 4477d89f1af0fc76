// The permission matrix, defined once as data (issue 4). Every officials' route names one permission (or a
// per-priority family) and the route guard looks it up here; the console, the docs table and the tests read the same
// rows. Area scoping is part of each row: an account acts only within its area subtree (Điều 9).
import type { Priority } from '@tinnguon/protocol';
import { ROLES, type Role } from './roles.js';

export const PRIORITIES = ['emergency', 'priority', 'normal'] as const satisfies readonly Priority[];

/** The bulletin steps whose permission depends on the bulletin's priority (Điều 8). */
export const PRIORITISED_ACTIONS = ['bulletin.draft', 'bulletin.submit', 'bulletin.approve', 'bulletin.publish'] as const;
export type PrioritisedAction = (typeof PRIORITISED_ACTIONS)[number];
type Prioritised = `${PrioritisedAction}.${Priority}`;

/**
 * How a permission's target areas must relate to the account's area:
 * - subtree: every target lies in the account's area or below it;
 * - reach: for a bulletin, issued in the account's subtree or targeting an area in it or above it — a bulletin
 *   from the province reaches the commune, so the commune may read it (and choose it, Điều 8.3), but never one
 *   meant only for a sibling commune; for anything else, like subtree;
 * - root: the account sits at a root of the tree (the province): actions on the whole tree.
 */
export type Scope = 'subtree' | 'reach' | 'root';

export interface MatrixRow {
  readonly roles: readonly Role[];
  readonly scope: Scope;
  readonly vi: string;
  readonly en: string;
}

const A = 'province_admin';
const E = 'editor';
const R = 'approver';
const D = 'district_officer';
const C = 'commune_officer';
const T = 'technician';
const AUTHORS = [A, E, D, C] as const;
// Viewers appear only through ALL: they read, and change nothing.
const ALL = ROLES;

function row(roles: readonly Role[], scope: Scope, vi: string, en: string): MatrixRow {
  return { roles, scope, vi, en };
}

const BULLETIN_ROWS = {
  // The editorial board, district centres and communes produce bulletins (domain.md); the review body only appraises.
  'bulletin.draft.normal': row(AUTHORS, 'subtree', 'Soạn bản tin thông thường', 'Draft a normal bulletin'),
  'bulletin.draft.priority': row(AUTHORS, 'subtree', 'Soạn bản tin ưu tiên', 'Draft a priority bulletin'),
  'bulletin.draft.emergency': row(AUTHORS, 'subtree', 'Soạn bản tin khẩn cấp', 'Draft an emergency bulletin'),
  'bulletin.submit.normal': row(AUTHORS, 'subtree', 'Gửi duyệt bản tin thông thường', 'Submit a normal bulletin'),
  'bulletin.submit.priority': row(AUTHORS, 'subtree', 'Gửi duyệt bản tin ưu tiên', 'Submit a priority bulletin'),
  'bulletin.submit.emergency': row(AUTHORS, 'subtree', 'Gửi duyệt bản tin khẩn cấp', 'Submit an emergency bulletin'),
  // Who may approve at all; each area's approval policy narrows it further (approval-rules.ts). The editor is left
  // out so that the editorial board and the approver stay two different people.
  'bulletin.approve.normal': row([A, R, D, C], 'subtree', 'Duyệt bản tin thông thường', 'Approve a normal bulletin'),
  'bulletin.approve.priority': row([A, R, D, C], 'subtree', 'Duyệt bản tin ưu tiên', 'Approve a priority bulletin'),
  'bulletin.approve.emergency': row([A, R, D, C], 'subtree', 'Duyệt bản tin khẩn cấp', 'Approve an emergency bulletin'),
  'bulletin.publish.normal': row([A, E, R, D, C], 'subtree', 'Phát hành bản tin thông thường đã duyệt', 'Publish an approved normal bulletin'),
  'bulletin.publish.priority': row([A, E, R, D, C], 'subtree', 'Phát hành bản tin ưu tiên đã duyệt', 'Publish an approved priority bulletin'),
  // Sending an emergency (Điều 8.1): publishing one that a second person approved.
  'bulletin.publish.emergency': row([A, E, R, D, C], 'subtree', 'Phát bản tin khẩn cấp đã duyệt', 'Send an approved emergency'),
} as const satisfies Record<Prioritised, MatrixRow>;

export const PERMISSION_MATRIX = {
  ...BULLETIN_ROWS,
  'bulletin.read': row(ALL, 'reach', 'Xem bản tin phát tới địa bàn', 'Read bulletins reaching the area'),
  'bulletin.classify': row([A, E, R, D, C], 'subtree', 'Đánh dấu bản tin nhạy cảm', 'Mark a bulletin sensitive'),
  // Thẩm định (Điều 14.5): only the review body may clear a sensitive mark or be the reviewing approver.
  'bulletin.review': row([A, R], 'subtree', 'Thẩm định bản tin nhạy cảm', 'Appraise sensitive bulletins'),
  'bulletin.recall': row([A, E, R, D, C], 'subtree', 'Thu hồi / huỷ bản tin đã phát hành', 'Recall or cancel a published bulletin'),
  // STOP is always one authorised person away (issue 4): no approval, any official who can publish in the area.
  'emergency.stop': row([A, E, R, D, C], 'subtree', 'Dừng khẩn (STOP) mọi thiết bị trong địa bàn', 'STOP every device in the area'),
  'emergency.relay': row([A], 'root', 'Chuyển tiếp lệnh khẩn cấp từ hệ thống trung ương', 'Relay an emergency from the central system'),
  'programme.read': row(ALL, 'subtree', 'Xem chương trình phát của xã', 'Read a commune programme'),
  // Điều 8.2 (the commune chair orders clashing priority bulletins) and 8.3 (the commune chooses normal ones).
  'programme.choose': row([A, C], 'subtree', 'Chọn và sắp xếp chương trình phát (Điều 8.2, 8.3)', 'Choose and order the programme'),
  'device.read': row(ALL, 'subtree', 'Xem thiết bị', 'Read devices'),
  'device.manage': row([A, T], 'subtree', 'Thêm, thu hồi, cấp lại mã thiết bị', 'Add, revoke and re-key devices'),
  // Remote volume, amplifier, stop/next, reboot (domain.md, vendor practice): whoever runs the speakers, and technicians.
  'device.command': row([A, D, C, T], 'subtree', 'Điều khiển thiết bị (âm lượng, tắt/mở, khởi động lại)', 'Control devices'),
  'account.manage': row([A], 'subtree', 'Quản lý tài khoản', 'Manage accounts'),
  'area.read': row(ALL, 'subtree', 'Xem địa bàn', 'Read areas'),
  'area.manage': row([A], 'root', 'Nhập / sửa cây địa bàn', 'Import and change the area tree'),
  // Điều 10: windows are set per area, "theo quy định của địa phương".
  'area.windows': row([A, D, C], 'subtree', 'Đặt khung giờ hoạt động (Điều 10)', 'Set operating windows'),
  // Only the province sets who approves what: a commune must not lower its own approval bar.
  'approval.policy': row([A], 'subtree', 'Đặt quy định phê duyệt của địa bàn', 'Set the approval policy'),
  'report.read': row(ALL, 'subtree', 'Xem báo cáo, nhật ký phát', 'Read reports and playback logs'),
  'media.read': row(ALL, 'subtree', 'Tải tệp đa phương tiện', 'Download media'),
  'media.upload': row([A, E, D, C, T], 'subtree', 'Tải lên tệp, chuyển văn bản thành giọng nói', 'Upload media, text to speech'),
  'audit.read': row([A, R], 'subtree', 'Xem nhật ký kiểm toán', 'Read the audit log'),
  'audit.verify': row([A], 'root', 'Kiểm tra toàn vẹn nhật ký kiểm toán', 'Verify the audit chain'),
} as const satisfies Record<string, MatrixRow>;

export type Permission = keyof typeof PERMISSION_MATRIX;
export const PERMISSIONS = Object.keys(PERMISSION_MATRIX) as Permission[];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSION_MATRIX, value);
}

/** Whether the role holds the permission anywhere in its area. Scope is checked separately (authorize.ts). */
export function roleHas(role: Role, permission: Permission): boolean {
  return PERMISSION_MATRIX[permission].roles.includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => roleHas(role, p));
}

export function prioritised(action: PrioritisedAction, priority: Priority): Permission {
  return `${action}.${priority}`;
}

export function isPrioritisedAction(value: unknown): value is PrioritisedAction {
  return typeof value === 'string' && (PRIORITISED_ACTIONS as readonly string[]).includes(value);
}

/** Roles that may approve emergencies must use a second factor (issue 4). Derived, so it follows the matrix. */
export function requiresTotp(role: Role): boolean {
  return roleHas(role, 'bulletin.approve.emergency');
}

/** A Markdown table of the matrix, for the docs and the closing note: roles across, permissions down, with scope. */
export function matrixMarkdown(): string {
  const head = `| permission | scope | ${ROLES.join(' | ')} |`;
  const rule = `| --- | --- | ${ROLES.map(() => ':-:').join(' | ')} |`;
  const rows = PERMISSIONS.map((p) => {
    const r = PERMISSION_MATRIX[p];
    return `| ${p} — ${r.vi} | ${r.scope} | ${ROLES.map((role) => (roleHas(role, p) ? '✔' : '')).join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}
