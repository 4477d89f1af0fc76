// When dated content may play (design.md §11): only once the clock has been set since boot — by the hub's time
// exchange, or by the OS's NTP where configured — and never while it reads a date before the agent was built (a Pi has
// no real-time clock: after a power cut it boots at its last shutdown time, or at 1970). Emergencies play regardless.
import type { AgentErrorCode } from '../errors.js';

export interface ClockTrustInput {
  readonly syncedWithHub: boolean;
  readonly trustSystemNtp: boolean;
  readonly systemNtpSynced: boolean;
  /** The best current estimate of the hub's time. */
  readonly now: number;
  /** The build date floor. */
  readonly notBefore: number;
}

export type ClockTrust = { readonly trusted: true } | { readonly trusted: false; readonly reason: AgentErrorCode; readonly detail: string };

export function clockTrust(input: ClockTrustInput): ClockTrust {
  if (!input.syncedWithHub && !(input.trustSystemNtp && input.systemNtpSynced)) {
    return { trusted: false, reason: 'AGENT_ERR_CLOCK_UNTRUSTED', detail: 'Chưa đồng bộ đồng hồ từ khi khởi động' };
  }
  if (input.now < input.notBefore) {
    return { trusted: false, reason: 'AGENT_ERR_CLOCK_UNTRUSTED', detail: 'Đồng hồ chỉ ngày trước ngày phát hành phần mềm' };
  }
  return { trusted: true };
}
