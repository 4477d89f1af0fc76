// Fault schedules as pure data (issue 7): what goes wrong, when, for how long and to how many devices. Typed on the
// command line as `kind@at,key=value,…` with `;` between faults, e.g.
//   --faults "drop@20s,for=5s,devices=10%; kill@40s,for=2s; jump@30s,by=-2m,devices=all"
// or read from a JSON file (`--faults @faults.json`: an array of objects with the same keys; durations as strings
// or milliseconds). Every problem is listed at once, with the coded error SIM_ERR_FAULT_SPEC.
import { SimError } from '../errors.js';
import { durationMs, durationProblem, formatDuration } from './duration.js';

export const FAULT_KINDS = ['drop', 'freeze', 'latency', 'skew', 'jump', 'fill-disk', 'corrupt', 'kill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Faults that happen inside one device (everything but killing a worker process). */
export type DeviceFaultKind = Exclude<FaultKind, 'kill'>;

/** Which devices a fault hits: a count, a share, or all of them. */
export type DeviceSelector = { readonly count: number } | { readonly percent: number } | { readonly all: true };

export interface FaultSpec {
  readonly kind: FaultKind;
  /** From the start of the run. */
  readonly atMs: number;
  /** How long it lasts before it heals (drop, freeze, latency, fill-disk), the ramp of a skew, or a killed worker's
   *  downtime before it is restarted. 0 for one-shot faults (jump, corrupt). */
  readonly forMs: number;
  /** Added latency (latency) or the clock's offset (skew, jump). */
  readonly byMs: number;
  /** Repeats: `times` occurrences, `everyMs` apart. */
  readonly times: number;
  readonly everyMs: number;
  readonly devices: DeviceSelector;
  /** Worker processes to SIGKILL (kill only). */
  readonly workers: number;
}

interface KindRules {
  readonly keys: readonly string[];
  readonly defaults: Omit<FaultSpec, 'kind' | 'atMs' | 'times' | 'everyMs'>;
  readonly what: string;
}

const ANY = ['at', 'every', 'times'];
const RULES: Record<FaultKind, KindRules> = {
  drop: { keys: [...ANY, 'for', 'devices'], defaults: { forMs: 5000, byMs: 0, devices: { percent: 10 }, workers: 0 }, what: 'mất kết nối / link dropped' },
  freeze: { keys: [...ANY, 'for', 'devices'], defaults: { forMs: 30_000, byMs: 0, devices: { percent: 5 }, workers: 0 }, what: 'treo socket (ngừng đọc) / socket frozen (not reading)' },
  latency: { keys: [...ANY, 'for', 'by', 'devices'], defaults: { forMs: 60_000, byMs: 300, devices: { percent: 25 }, workers: 0 }, what: 'trễ mạng / added latency' },
  skew: { keys: [...ANY, 'for', 'by', 'devices'], defaults: { forMs: 60_000, byMs: 30_000, devices: { percent: 10 }, workers: 0 }, what: 'đồng hồ trôi dần / clock drifts' },
  jump: { keys: [...ANY, 'by', 'devices'], defaults: { forMs: 0, byMs: 120_000, devices: { percent: 10 }, workers: 0 }, what: 'đồng hồ nhảy / clock jumps' },
  'fill-disk': { keys: [...ANY, 'for', 'devices'], defaults: { forMs: 60_000, byMs: 0, devices: { percent: 5 }, workers: 0 }, what: 'đầy thẻ nhớ / disk full' },
  corrupt: { keys: [...ANY, 'devices'], defaults: { forMs: 0, byMs: 0, devices: { percent: 5 }, workers: 0 }, what: 'hỏng tệp trong bộ nhớ đệm / cached file corrupted' },
  kill: { keys: [...ANY, 'for', 'workers'], defaults: { forMs: 1000, byMs: 0, devices: { all: true }, workers: 1 }, what: 'mất điện (SIGKILL) rồi khởi động lại / power cut (SIGKILL) and restart' },
};

/** What a fault kind means, for help texts and reports. */
export function describeFaultKind(kind: FaultKind): string {
  return RULES[kind].what;
}

const isKind = (k: string): k is FaultKind => (FAULT_KINDS as readonly string[]).includes(k);

function parseSelector(raw: string, problems: string[], where: string): DeviceSelector | undefined {
  if (raw === 'all') return { all: true };
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(raw);
  if (percent !== null) {
    const p = Number(percent[1]);
    if (p > 0 && p <= 100) return { percent: p };
  } else if (/^\d+$/.test(raw) && Number(raw) > 0) {
    return { count: Number(raw) };
  }
  problems.push(`${where}: devices=${raw} (cần / expected N, P% or all)`);
  return undefined;
}

/** One fault from its fields (strings from the command line, or strings/numbers from JSON). */
function buildFault(kindRaw: string, fields: ReadonlyMap<string, string>, where: string, problems: string[]): FaultSpec | undefined {
  if (!isKind(kindRaw)) {
    problems.push(`${where}: loại lỗi không có / unknown fault "${kindRaw}" (${FAULT_KINDS.join(', ')})`);
    return undefined;
  }
  const rules = RULES[kindRaw];
  const before = problems.length;
  for (const key of fields.keys()) if (!rules.keys.includes(key)) problems.push(`${where}: ${kindRaw} không nhận / takes no "${key}" (${rules.keys.join(', ')})`);
  const duration = (key: string, fallback: number, signed = false): number => {
    const raw = fields.get(key);
    if (raw === undefined) return fallback;
    const ms = durationMs(raw, signed);
    if (ms === undefined) problems.push(durationProblem(`${where}: ${key}`, raw, signed));
    return ms ?? fallback;
  };
  const integer = (key: string, fallback: number): number => {
    const raw = fields.get(key);
    if (raw === undefined) return fallback;
    if (/^\d+$/.test(raw) && Number(raw) >= 1) return Number(raw);
    problems.push(`${where}: ${key}=${raw} (cần số nguyên ≥ 1 / expected an integer ≥ 1)`);
    return fallback;
  };
  const atMs = duration('at', 0);
  const times = integer('times', 1);
  const everyMs = duration('every', 0);
  const forMs = duration('for', rules.defaults.forMs);
  const byMs = duration('by', rules.defaults.byMs, kindRaw === 'skew' || kindRaw === 'jump');
  const workers = integer('workers', rules.defaults.workers);
  const devicesRaw = fields.get('devices');
  const devices = devicesRaw === undefined ? rules.defaults.devices : parseSelector(devicesRaw, problems, where);
  if (times > 1 && everyMs <= 0) problems.push(`${where}: times=${times} cần / needs every=…`);
  if (kindRaw === 'latency' && byMs <= 0) problems.push(`${where}: latency cần / needs by=… > 0`);
  if ((kindRaw === 'skew' || kindRaw === 'jump') && byMs === 0) problems.push(`${where}: ${kindRaw} cần / needs by=… ≠ 0`);
  if (['drop', 'freeze', 'latency', 'fill-disk', 'skew'].includes(kindRaw) && forMs <= 0) problems.push(`${where}: ${kindRaw} cần / needs for=… > 0`);
  if (problems.length > before || devices === undefined) return undefined;
  return { kind: kindRaw, atMs, forMs, byMs, times, everyMs, devices, workers };
}

/** Parses `kind@at,key=value,…; …`. Throws SIM_ERR_FAULT_SPEC listing every problem. */
export function parseFaultSpec(text: string): FaultSpec[] {
  const problems: string[] = [];
  const faults: FaultSpec[] = [];
  const items = text.split(';').map((s) => s.trim()).filter((s) => s !== '');
  for (const [i, item] of items.entries()) {
    const where = `#${i + 1} "${item}"`;
    const [head = '', ...rest] = item.split(/[,\s]+/).filter((s) => s !== '');
    const [kind = '', at] = head.split('@');
    const fields = new Map<string, string>();
    if (at !== undefined) fields.set('at', at);
    for (const part of rest) {
      const eq = part.indexOf('=');
      if (eq <= 0) {
        problems.push(`${where}: "${part}" không phải key=value / is not key=value`);
        continue;
      }
      const key = part.slice(0, eq);
      if (fields.has(key)) problems.push(`${where}: "${key}" lặp lại / given twice`);
      fields.set(key, part.slice(eq + 1));
    }
    const fault = buildFault(kind, fields, where, problems);
    if (fault !== undefined) faults.push(fault);
  }
  if (problems.length > 0) throw new SimError('SIM_ERR_FAULT_SPEC', problems.join('; '));
  return faults;
}

/** The JSON form: `[{ "kind": "drop", "at": "20s", "for": 5000, "devices": "10%" }, …]`. */
export function faultSpecFromJson(value: unknown): FaultSpec[] {
  if (!Array.isArray(value)) throw new SimError('SIM_ERR_FAULT_SPEC', 'tệp lịch gây lỗi phải là một mảng JSON / the fault file must hold a JSON array');
  const problems: string[] = [];
  const faults: FaultSpec[] = [];
  for (const [i, item] of (value as unknown[]).entries()) {
    const where = `#${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${where}: không phải đối tượng / not an object`);
      continue;
    }
    const { kind, ...rest } = item as Record<string, unknown>;
    const fields = new Map<string, string>();
    for (const [key, v] of Object.entries(rest)) {
      if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) fields.set(key, String(v));
      else problems.push(`${where}: ${key} phải là chuỗi hoặc số / must be a string or a number`);
    }
    const fault = buildFault(typeof kind === 'string' ? kind : '', fields, where, problems);
    if (fault !== undefined) faults.push(fault);
  }
  if (problems.length > 0) throw new SimError('SIM_ERR_FAULT_SPEC', problems.join('; '));
  return faults;
}

/** Back to the command-line form (reports, and a round trip the tests check). */
export function formatFault(f: FaultSpec): string {
  const parts = [`${f.kind}@${formatDuration(f.atMs)}`];
  const d = RULES[f.kind].defaults;
  if (RULES[f.kind].keys.includes('for') && f.forMs !== d.forMs) parts.push(`for=${formatDuration(f.forMs)}`);
  if (RULES[f.kind].keys.includes('by') && f.byMs !== d.byMs) parts.push(`by=${f.byMs > 0 && f.kind !== 'latency' ? '+' : ''}${formatDuration(f.byMs)}`);
  if (f.kind === 'kill' && f.workers !== d.workers) parts.push(`workers=${f.workers}`);
  if (f.kind !== 'kill') parts.push(`devices=${'all' in f.devices ? 'all' : 'percent' in f.devices ? `${f.devices.percent}%` : f.devices.count}`);
  if (f.times > 1) parts.push(`every=${formatDuration(f.everyMs)}`, `times=${f.times}`);
  return parts.join(',');
}
