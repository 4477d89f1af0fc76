export { AREA_CODE_PATTERN, DEFAULT_TIME_ZONE, MAX_AREA_DEPTH, validTimeZone, validateArea } from './area.js';
export type { Area } from './area.js';
export { areaChain, areaNode, buildAreaTree, climb, depth, effectiveCaps, effectiveWindows, isWithin, subtree } from './area-tree.js';
export type { AreaNode, AreaTree } from './area-tree.js';
export { AREA_CSV_COLUMNS, formatAreaCsv, parseAreaCsv } from './area-csv.js';
export type { AreaCsvError, AreaCsvResult, ExistingArea } from './area-csv.js';
export { AreaRepository } from './area-repository.js';
export { validateCaps } from './broadcast-caps.js';
export type { BroadcastCaps } from './broadcast-caps.js';
export type { AreaImportResult, Clock } from './area-repository.js';
export { DEMO_PROVINCE, loadDemoProvinceIfEmpty } from './demo-province.js';
export {
  DEFAULT_WINDOWS, DEVICE_KINDS, clockToMinutes, isDeviceKind, validateWindows, windowsContain,
} from './operating-windows.js';
export type { DeviceKind, OperatingWindow } from './operating-windows.js';
