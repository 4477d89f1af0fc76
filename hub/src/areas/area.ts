import { AreaChain, AREA_CODE_PATTERN as AREA_CODE_SOURCE, TimeZone } from '@tinnguon/protocol';
import { HubError } from '../errors.js';
import { validateCaps, type BroadcastCaps } from './broadcast-caps.js';
import { isDeviceKind, validateWindows } from './operating-windows.js';
import type { DeviceKind, OperatingWindow } from './operating-windows.js';

/** An administrative area (địa bàn): province, district, commune... the level is its depth, never a field. */
export interface Area {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  /** IANA zone; schedules are local to it (design.md §11). */
  readonly timeZone: string;
  /** Only the kinds this area overrides; the rest are inherited (see effectiveWindows). */
  readonly windows?: Partial<Record<DeviceKind, readonly OperatingWindow[]>>;
  /** Only the kinds this area caps (or, with {}, explicitly uncaps); the rest are inherited (see effectiveCaps). */
  readonly caps?: Partial<Record<DeviceKind, BroadcastCaps>>;
}

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Official codes are digits (province 2, district 3, commune 5); letters allow local or test areas. */
export const AREA_CODE_PATTERN = new RegExp(AREA_CODE_SOURCE);
/** Area chains travel in signed payloads whose schema bounds them; a deeper tree could not be addressed. */
export const MAX_AREA_DEPTH = (AreaChain.maxItems ?? 8) - 1;

const ZONE_ON_THE_WIRE = new RegExp(TimeZone.pattern ?? '^$');
// Building an Intl formatter costs tens of microseconds and a province tree repeats one zone thousands of times.
const knownZones = new Set<string>();

/**
 * The zone as written (trimmed) if Intl knows it, else undefined. Not rewritten to ICU's canonical id: ICU calls
 * Asia/Ho_Chi_Minh "Asia/Saigon", and officials should see the name they typed. Bare UTC offsets are refused by the
 * wire schema: they would silently ignore any future change of the area's clock rules.
 */
export function validTimeZone(zone: string): string | undefined {
  const trimmed = zone.trim();
  if (knownZones.has(trimmed)) return trimmed;
  if (!ZONE_ON_THE_WIRE.test(trimmed)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: trimmed });
    knownZones.add(trimmed);
    return trimmed;
  } catch {
    return undefined;
  }
}

function invalid(detail: string): HubError {
  return new HubError('HUB_ERR_AREA_INVALID', detail);
}

/**
 * Checks one area on its own (not its place in the tree) and returns it normalised: trimmed name and zone, sorted
 * windows, checked caps. Throws HUB_ERR_AREA_INVALID, HUB_ERR_WINDOW_INVALID or HUB_ERR_CAPS_INVALID.
 */
export function validateArea(area: Area): Area {
  if (typeof area.code !== 'string' || !AREA_CODE_PATTERN.test(area.code)) {
    throw invalid(`code ${JSON.stringify(area.code)}: 1–32 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  const name = typeof area.name === 'string' ? area.name.trim() : '';
  if (name === '') throw invalid(`${area.code}: the name is empty`);
  if (area.parentCode === area.code) throw new HubError('HUB_ERR_AREA_CYCLE', `${area.code} is its own parent`);
  const timeZone = validTimeZone(area.timeZone);
  if (timeZone === undefined) throw invalid(`${area.code}: unknown time zone ${JSON.stringify(area.timeZone)}`);
  const normalised: Area = { code: area.code, name, parentCode: area.parentCode, timeZone };
  return { ...normalised, ...windowsOf(area), ...capsOf(area) };
}

function windowsOf(area: Area): Pick<Area, 'windows'> {
  if (area.windows === undefined) return {};
  const windows: Partial<Record<DeviceKind, readonly OperatingWindow[]>> = {};
  for (const [kind, list] of Object.entries(area.windows)) {
    if (!isDeviceKind(kind)) throw new HubError('HUB_ERR_WINDOW_INVALID', `unknown device kind ${JSON.stringify(kind)}`);
    if (list !== undefined) windows[kind] = validateWindows(list);
  }
  return { windows };
}

function capsOf(area: Area): Pick<Area, 'caps'> {
  if (area.caps === undefined) return {};
  const caps: Partial<Record<DeviceKind, BroadcastCaps>> = {};
  for (const [kind, own] of Object.entries(area.caps)) {
    if (!isDeviceKind(kind)) throw new HubError('HUB_ERR_CAPS_INVALID', `unknown device kind ${JSON.stringify(kind)}`);
    if (own !== undefined) caps[kind] = validateCaps(own);
  }
  return { caps };
}
