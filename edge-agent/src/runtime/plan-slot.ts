// What to do with one programme slot at a given hub time (issue 5, Programme): wait for it; play it now, starting
// late at the offset where it would be had it started on time, so the speakers of an area stay together; or log it
// missed — because its time is over, or because starting it now would overrun its window (Điều 10: outside the
// windows only emergencies). Pure.
import type { AgentErrorCode } from '../errors.js';

export interface SlotTiming {
  readonly startAt: number;
  readonly endAt: number;
  /** One play; 0 when unknown. */
  readonly durationMs: number;
  readonly repeat: number;
  readonly windowEnd: number;
}

export type SlotAction =
  | { readonly action: 'wait'; readonly until: number }
  | {
      readonly action: 'offer';
      /** Into the play that is due now. */
      readonly startOffsetMs: number;
      /** Plays still owed, counting the one due now. */
      readonly remaining: number;
      /** Latest start that still ends inside the window; the executor logs a later start as missed. */
      readonly notAfter: number;
    }
  | { readonly action: 'missed'; readonly reason: AgentErrorCode; readonly detail: string };

export const MISSED_DETAIL = {
  passed: 'Khung giờ phát đã qua khi thiết bị chưa phát được (tắt máy, chưa có lịch hoặc đồng hồ chưa tin cậy)',
  overrun: 'Bắt đầu lúc này sẽ vượt quá khung giờ phát',
} as const;

export function planSlot(slot: SlotTiming, now: number): SlotAction {
  if (now < slot.startAt) return { action: 'wait', until: slot.startAt };
  if (now >= slot.endAt) return { action: 'missed', reason: 'AGENT_ERR_SLOT_PASSED', detail: MISSED_DETAIL.passed };
  const elapsed = now - slot.startAt;
  const perPlay = slot.durationMs > 0 ? slot.durationMs : 0;
  // Unknown length: play from the start, bounded only by the window.
  const played = perPlay > 0 ? Math.min(Math.floor(elapsed / perPlay), slot.repeat - 1) : 0;
  const startOffsetMs = perPlay > 0 ? elapsed - played * perPlay : 0;
  const remaining = slot.repeat - played;
  const stillToPlay = perPlay * remaining - startOffsetMs;
  const notAfter = slot.windowEnd - stillToPlay;
  if (now > notAfter) return { action: 'missed', reason: 'AGENT_ERR_WOULD_OVERRUN', detail: MISSED_DETAIL.overrun };
  return { action: 'offer', startOffsetMs, remaining, notAfter };
}
