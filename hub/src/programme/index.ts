// The programme on the hub: the calendar per area (the devices' own function) and the Điều 10 check at publication.
export { areaManifest, areaProgrammeDay, areaProgrammeDays } from './area-programme.js';
export type { CalendarDay, CalendarSlot, CalendarWarning, ProgrammeSources } from './area-programme.js';
export { checkOperatingWindows, datedTimesOutsideWindows } from './outside-windows.js';
export type { DatedFacts, OutsideWindow } from './outside-windows.js';
