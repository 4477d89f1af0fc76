// When a bulletin plays, in the target area's local time (design.md §11; the rules themselves are the programme's).
import { Type, type Static } from '@sinclair/typebox';
import { ClockTime, EpochMs } from './primitives.js';

export const LocalDate = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });

/** Khẩn cấp: at once, at any hour (Điều 8.1). */
export const NowSchedule = Type.Object({ type: Type.Literal('now') }, { additionalProperties: false });
export const OnceSchedule = Type.Object({ type: Type.Literal('once'), at: EpochMs }, { additionalProperties: false });
/** Daily or chosen ISO weekdays (1 = Monday … 7 = Sunday) at local times, within a local date range. */
export const RecurringSchedule = Type.Object(
  {
    type: Type.Literal('recurring'),
    weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    times: Type.Array(ClockTime, { minItems: 1, maxItems: 12, uniqueItems: true }),
    fromDate: LocalDate,
    toDate: LocalDate,
  },
  { additionalProperties: false },
);
/** Ưu tiên: the next operating window of each target area (Điều 8.2). */
export const NextWindowSchedule = Type.Object({ type: Type.Literal('nextWindow') }, { additionalProperties: false });

export const Schedule = Type.Union([NowSchedule, OnceSchedule, RecurringSchedule, NextWindowSchedule]);
export type Schedule = Static<typeof Schedule>;
export type RecurringSchedule = Static<typeof RecurringSchedule>;
