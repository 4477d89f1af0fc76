// The programme (protocol/src/programme, issue 6) as the scheduler uses it: the same pure function the hub's
// calendar runs, injected so tests and simulators can pass their own. The types are the protocol's own.
import type { ProgrammeInput, ProgrammeSlot, ProgrammeWarning, buildProgramme } from '@tinnguon/protocol';

export type ProgrammeInputLike = ProgrammeInput;
export type ProgrammeSlotLike = ProgrammeSlot;
export type ProgrammeWarningLike = ProgrammeWarning;
export type BuildProgramme = typeof buildProgramme;
