// Priority levels and their order, Điều 8 QĐ 993/2024: khẩn cấp > ưu tiên > thông thường.
import { Type, type Static } from '@sinclair/typebox';

export const Priority = Type.Union([Type.Literal('emergency'), Type.Literal('priority'), Type.Literal('normal')]);
export type Priority = Static<typeof Priority>;

export const PRIORITIES: readonly Priority[] = ['emergency', 'priority', 'normal'];

/** Rank as in the ministry vocabulary `MucDoUuTien`: 1 emergency, 2 priority, 3 normal. Lower is more urgent. */
export const PRIORITY_RANK: Readonly<Record<Priority, 1 | 2 | 3>> = { emergency: 1, priority: 2, normal: 3 };

export const PRIORITY_LABEL: Readonly<Record<Priority, { vi: string; en: string }>> = {
  emergency: { vi: 'Khẩn cấp', en: 'Emergency' },
  priority: { vi: 'Ưu tiên', en: 'Priority' },
  normal: { vi: 'Thông thường', en: 'Normal' },
};

/** Negative when `a` is more urgent than `b`; usable directly with Array.prototype.sort. */
export function comparePriority(a: Priority, b: Priority): number {
  return PRIORITY_RANK[a] - PRIORITY_RANK[b];
}

export function outranks(a: Priority, b: Priority): boolean {
  return comparePriority(a, b) < 0;
}

export function priorityFromRank(rank: number): Priority | undefined {
  return PRIORITIES.find((p) => PRIORITY_RANK[p] === rank);
}
