// Who officials are (domain.md "Who uses it and why"; Điều 9, 13–17: accounts per agency and level, each acting only
// within its own area). A role says what kind of work an account does; its area says where.

export const ROLES = [
  'province_admin',
  'editor',
  'approver',
  'district_officer',
  'commune_officer',
  'technician',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What the console shows, Vietnamese first. */
export const ROLE_LABEL: Readonly<Record<Role, { vi: string; en: string }>> = {
  province_admin: { vi: 'Quản trị cấp tỉnh (Sở)', en: 'Province administrator' },
  editor: { vi: 'Biên tập viên (Ban biên tập)', en: 'Editor' },
  approver: { vi: 'Người duyệt / thẩm định', en: 'Approver (review body)' },
  district_officer: { vi: 'Cán bộ cấp huyện (Trung tâm VH-TT-TT)', en: 'District officer' },
  commune_officer: { vi: 'Cán bộ cấp xã (UBND xã)', en: 'Commune officer' },
  technician: { vi: 'Kỹ thuật viên', en: 'Technician' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
};
