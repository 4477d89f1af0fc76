// The programme's contract, shared by the hub's calendar and the device's timeline (issue 6).
import type { Bulletin } from '../bulletin.js';
import type { ProgrammeSelection } from '../manifest.js';
import type { BroadcastMode, DeviceKind, OperatingWindow } from '../primitives.js';
import type { Priority } from '../priority.js';
import type { BroadcastCaps } from './broadcast-caps.js';

export interface ProgrammeInput {
  /** IANA, the device's area zone. */
  readonly timeZone: string;
  /** Effective windows for this device kind (Điều 10). */
  readonly windows: readonly OperatingWindow[];
  readonly kind: DeviceKind;
  /** Root → the device's own area. */
  readonly areaChain: readonly string[];
  /** From the manifest. */
  readonly bulletins: readonly Bulletin[];
  /** In area-chain order, as the manifest lists them: for one bulletin the last (deepest area's) choice wins. */
  readonly selections: readonly ProgrammeSelection[];
  readonly recalled: readonly string[];
  /** The area's caps for this device kind, if any (issue 6, e.g. Hà Nội); absent means no caps. */
  readonly caps?: BroadcastCaps;
}

/** Why a slot is where it is, in the domain's words; `code` is for programs, vi/en for officials. */
export interface ProgrammeReason {
  readonly code: ProgrammeReasonCode;
  readonly vi: string;
  readonly en: string;
}

export interface ProgrammeSlot {
  readonly bulletinId: string;
  readonly revision: number;
  readonly priority: Priority;
  readonly mode: BroadcastMode;
  /**
   * Absolute UTC ms, so every device of an area starts together. Loudspeakers: endAt = startAt + durationMs × repeat.
   * LED boards: the bulletin is in the slide loop during [startAt, endAt), endAt being the window's end (or the
   * bulletin's validUntil if sooner).
   */
  readonly startAt: number;
  readonly endAt: number;
  /** One play of the audio, or one pass through the bulletin's slides. */
  readonly durationMs: number;
  readonly repeat: number;
  readonly originDepth: number;
  /** The window this slot sits in (absolute UTC ms). */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly reason: ProgrammeReason;
}

export interface ProgrammeWarning {
  readonly bulletinId: string;
  readonly code: ProgrammeWarningCode;
  readonly vi: string;
  readonly en: string;
  /** The time the bulletin asked for, when there is one. */
  readonly at?: number;
}

export interface Programme {
  slots: ProgrammeSlot[];
  warnings: ProgrammeWarning[];
}

export const PROGRAMME_REASON_CODES = ['PRIORITY_NEXT_WINDOW', 'PRIORITY_AT_TIME', 'PRIORITY_CHAIR_ORDER', 'NORMAL_CHOSEN'] as const;
export type ProgrammeReasonCode = (typeof PROGRAMME_REASON_CODES)[number];

export const PROGRAMME_WARNING_CODES = [
  /** A dated item asked for a time outside every window: not placed (Điều 10). */
  'OUTSIDE_WINDOW',
  /** Its window has no room left for it at or after the time it asked for: not placed. */
  'DOES_NOT_FIT',
  /** A one-off time outside the bulletin's validity: not placed. */
  'OUTSIDE_VALIDITY',
  /** "Next window", but no window within its validity can hold it: not placed. */
  'NO_WINDOW',
  /** Audio without a known duration cannot be laid out: not placed. */
  'NO_DURATION',
  /** 'now' belongs to emergencies, which the urgent path plays (Điều 8.1): not placed. */
  'UNSUPPORTED_SCHEDULE',
  /** The area's zone is unknown to this machine: nothing dated can be placed. */
  'INVALID_TIME_ZONE',
  /** Its window would be a session beyond the area's sessions per day: not placed. */
  'SESSIONS_PER_DAY_CAP',
  /** It would take its window past the area's minutes per session: not placed. */
  'MINUTES_PER_SESSION_CAP',
] as const;
export type ProgrammeWarningCode = (typeof PROGRAMME_WARNING_CODES)[number];
