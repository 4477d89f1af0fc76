// The programme (protocol/src/programme, issue 6) as the scheduler uses it: the same pure function the hub's
// calendar runs, injected so tests and simulators can pass their own.
import type { Bulletin, BroadcastMode, DeviceKind, OperatingWindow, Priority, ProgrammeSelection } from '@tinnguon/protocol';

export interface ProgrammeInputLike {
  readonly timeZone: string;
  readonly windows: readonly OperatingWindow[];
  readonly kind: DeviceKind;
  readonly areaChain: readonly string[];
  readonly bulletins: readonly Bulletin[];
  readonly selections: readonly ProgrammeSelection[];
  readonly recalled: readonly string[];
}

export interface ProgrammeSlotLike {
  readonly bulletinId: string;
  readonly revision: number;
  readonly priority: Priority;
  readonly mode: BroadcastMode;
  readonly startAt: number;
  readonly endAt: number;
  readonly durationMs: number;
  readonly repeat: number;
  readonly originDepth: number;
  readonly windowStart: number;
  readonly windowEnd: number;
}

export interface ProgrammeWarningLike {
  readonly bulletinId: string;
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly at?: number;
}

export type BuildProgramme = (
  input: ProgrammeInputLike,
  fromMs: number,
  toMs: number,
) => { readonly slots: readonly ProgrammeSlotLike[]; readonly warnings: readonly ProgrammeWarningLike[] };
