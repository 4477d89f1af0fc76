// The programme (protocol/src/programme, issue 6) as the scheduler uses it: the same pure function the hub's
// calendar runs, injected so tests and simulators can pass their own. The types are the protocol's own.
import { programmeInputFromManifest, type Manifest, type ProgrammeInput, type ProgrammeSlot, type ProgrammeWarning, type buildProgramme } from '@tinnguon/protocol';

export type ProgrammeInputLike = ProgrammeInput;
export type ProgrammeSlotLike = ProgrammeSlot;
export type ProgrammeWarningLike = ProgrammeWarning;
export type BuildProgramme = typeof buildProgramme;

/**
 * What the device lays out: exactly the manifest's share the hub's calendar reads (zone, windows, the area's caps,
 * bulletins, choices), so the two agree, plus recalls that reached the device by the urgent path since (design.md §5).
 */
export function programmeInputOf(m: Manifest, recalledSince: Iterable<string>): ProgrammeInput {
  return { ...programmeInputFromManifest(m), recalled: [...new Set([...m.recalled, ...recalledSince])] };
}
