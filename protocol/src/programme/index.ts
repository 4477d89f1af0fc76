// The broadcast programme (issue 6): one pure function that the hub's calendar and every device run, plus the
// local-time and window helpers both sides need to agree on what "17:00 in this area" means.
export { buildProgramme, programmeInputFromManifest } from './build-programme.js';
export { BroadcastCaps, capsInForce, MAX_MINUTES_PER_SESSION, MAX_SESSIONS_PER_DAY } from './broadcast-caps.js';
export { PROGRAMME_REASON_CODES, PROGRAMME_WARNING_CODES } from './programme-types.js';
export type {
  Programme, ProgrammeInput, ProgrammeReason, ProgrammeReasonCode, ProgrammeSlot, ProgrammeWarning, ProgrammeWarningCode,
} from './programme-types.js';
export {
  addDays, instantAtLocal, isCalendarDate, isKnownTimeZone, isoWeekday, localClockOf, localDateLabel, localDateOf, localDayRange,
} from './local-time.js';
export { clockMinutes, normaliseWindows, windowSpansBetween } from './windows.js';
export type { WindowMinutes, WindowSpan } from './windows.js';
