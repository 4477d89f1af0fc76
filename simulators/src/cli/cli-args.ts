// `tinnguon-sim fleet | tech | demo | help`, parsed purely: every mistake is refused with SIM_ERR_USAGE (all of them
// at once) before anything touches the disk or the network.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SimError } from '../errors.js';
import type { FleetKind } from '../enrol/fleet-plan.js';
import { durationMs } from '../faults/duration.js';

export interface HubAccess {
  readonly hubUrl: string;
  readonly mqttUrl?: string;
  /** The admin token, or the file that holds it (a hub's DATA_DIR/admin-token). */
  readonly token?: string;
  readonly tokenFile?: string;
}

export interface FleetArgs extends HubAccess {
  readonly command: 'fleet';
  readonly devices: number;
  readonly kind: FleetKind;
  readonly areas?: readonly string[];
  readonly workers?: number;
  /** Fault specs as typed (`kind@at,…`) or `@file.json`. */
  readonly faults: readonly string[];
  readonly durationMs?: number;
  readonly reportFile?: string;
  readonly stateDir?: string;
  readonly rampPerSec: number;
  readonly realtime: boolean;
  readonly clockAt?: string;
  readonly seed: number;
  readonly hubPid?: number;
  readonly proxy: boolean;
  readonly enrolConcurrency: number;
  readonly quiet: boolean;
  readonly agentConfigFile?: string;
}

export interface TechArgs extends HubAccess {
  readonly command: 'tech';
  readonly area?: string;
  readonly kind: 'loudspeaker' | 'led';
  readonly stateDir?: string;
  readonly clockAt?: string;
}

export interface DemoArgs {
  readonly command: 'demo';
  readonly hubUrl: string;
  readonly mqttUrl?: string;
  readonly dataDir: string;
  readonly devices: number;
}

export type SimCommand = FleetArgs | TechArgs | DemoArgs | { readonly command: 'help' };

const KINDS = ['loudspeaker', 'led', 'mixed'];
const CLOCK_AT = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(rest: readonly string[], options: NonNullable<ParseArgsConfig['options']>): Values {
  try {
    return parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }).values as Values;
  } catch (err) {
    throw new SimError('SIM_ERR_USAGE', (err as Error).message);
  }
}

class Checker {
  readonly problems: string[] = [];
  constructor(readonly values: Values) {}

  str(key: string): string | undefined {
    const v = this.values[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  }

  required(key: string): string {
    const v = this.str(key);
    if (v === undefined) this.problems.push(`--${key} là bắt buộc / is required`);
    return v ?? '';
  }

  int(key: string, min: number, max: number): number | undefined {
    const raw = this.str(key);
    if (raw === undefined) return undefined;
    if (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max) return Number(raw);
    this.problems.push(`--${key} ${raw}: cần số nguyên từ ${min} đến ${max} / expected an integer from ${min} to ${max}`);
    return undefined;
  }

  url(key: string, schemes: readonly string[], required: boolean): string | undefined {
    const raw = required ? this.required(key) : this.str(key);
    if (raw === undefined || raw === '') return undefined;
    try {
      const url = new URL(raw);
      if (schemes.includes(url.protocol)) return raw;
    } catch {
      // reported below
    }
    this.problems.push(`--${key} ${raw}: cần địa chỉ ${schemes.join(' hoặc ')} / expected a ${schemes.join(' or ')} URL`);
    return undefined;
  }

  clockAt(): string | undefined {
    const raw = this.str('clock-at');
    if (raw !== undefined && !CLOCK_AT.test(raw)) this.problems.push(`--clock-at ${raw}: cần HH:MM hoặc HH:MM:SS / expected HH:MM or HH:MM:SS`);
    return raw;
  }

  hubAccess(): HubAccess {
    const hubUrl = this.url('hub', ['http:', 'https:'], true) ?? '';
    const mqttUrl = this.url('mqtt', ['mqtt:', 'mqtts:', 'ws:', 'wss:'], false);
    const token = this.str('token');
    const tokenFile = this.str('token-file');
    if (token === undefined && tokenFile === undefined) this.problems.push('--token hoặc --token-file là bắt buộc / --token or --token-file is required');
    if (token !== undefined && tokenFile !== undefined) this.problems.push('chỉ dùng một trong --token và --token-file / give only one of --token and --token-file');
    return { hubUrl, ...(mqttUrl === undefined ? {} : { mqttUrl }), ...(token === undefined ? {} : { token }), ...(tokenFile === undefined ? {} : { tokenFile }) };
  }

  done<T>(value: T): T {
    if (this.problems.length > 0) throw new SimError('SIM_ERR_USAGE', this.problems.join('; '));
    return value;
  }
}

const HUB_OPTIONS = { hub: { type: 'string' }, mqtt: { type: 'string' }, token: { type: 'string' }, 'token-file': { type: 'string' } } as const;

function parseFleet(rest: readonly string[]): FleetArgs {
  const c = new Checker(
    parse(rest, {
      ...HUB_OPTIONS,
      devices: { type: 'string' }, kind: { type: 'string' }, areas: { type: 'string' }, workers: { type: 'string' }, faults: { type: 'string', multiple: true },
      duration: { type: 'string' }, report: { type: 'string' }, state: { type: 'string' }, ramp: { type: 'string' }, 'no-realtime': { type: 'boolean' },
      'clock-at': { type: 'string' }, seed: { type: 'string' }, 'hub-pid': { type: 'string' }, proxy: { type: 'boolean' }, 'enrol-concurrency': { type: 'string' },
      quiet: { type: 'boolean' }, 'agent-config': { type: 'string' },
    }),
  );
  const access = c.hubAccess();
  if (c.str('devices') === undefined) c.problems.push('--devices là bắt buộc / is required');
  const devices = c.int('devices', 1, 100_000) ?? 0;
  const kind = c.str('kind') ?? 'mixed';
  if (!KINDS.includes(kind)) c.problems.push(`--kind ${kind}: cần / expected ${KINDS.join(', ')}`);
  const areas = c.str('areas')?.split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (areas?.length === 0) c.problems.push('--areas: cần ít nhất một mã địa bàn / expected at least one area code');
  const durationRaw = c.str('duration');
  const duration = durationRaw === undefined ? undefined : durationMs(/^\d+$/.test(durationRaw) ? `${durationRaw}s` : durationRaw);
  if (durationRaw !== undefined && (duration === undefined || duration <= 0)) c.problems.push(`--duration ${durationRaw}: cần số giây / expected seconds (or 90s, 5m)`);
  const workers = c.int('workers', 1, 256);
  const hubPid = c.int('hub-pid', 1, 2 ** 31);
  const clockAt = c.clockAt();
  const reportFile = c.str('report');
  const stateDir = c.str('state');
  const agentConfigFile = c.str('agent-config');
  const faults = (c.values.faults as string[] | undefined) ?? [];
  return c.done({
    command: 'fleet',
    ...access,
    devices,
    kind: kind as FleetKind,
    ...(areas === undefined ? {} : { areas }),
    ...(workers === undefined ? {} : { workers }),
    faults,
    ...(duration === undefined ? {} : { durationMs: duration }),
    ...(reportFile === undefined ? {} : { reportFile }),
    ...(stateDir === undefined ? {} : { stateDir }),
    rampPerSec: c.int('ramp', 1, 10_000) ?? 100,
    realtime: c.values['no-realtime'] !== true,
    ...(clockAt === undefined ? {} : { clockAt }),
    seed: c.int('seed', 0, 2 ** 31) ?? 1,
    ...(hubPid === undefined ? {} : { hubPid }),
    proxy: c.values.proxy === true,
    enrolConcurrency: c.int('enrol-concurrency', 1, 256) ?? 16,
    quiet: c.values.quiet === true,
    ...(agentConfigFile === undefined ? {} : { agentConfigFile }),
  });
}

function parseTech(rest: readonly string[]): TechArgs {
  const c = new Checker(parse(rest, { ...HUB_OPTIONS, area: { type: 'string' }, kind: { type: 'string' }, state: { type: 'string' }, 'clock-at': { type: 'string' } }));
  const access = c.hubAccess();
  const kind = c.str('kind') ?? 'loudspeaker';
  if (kind !== 'loudspeaker' && kind !== 'led') c.problems.push(`--kind ${kind}: cần / expected loudspeaker or led`);
  const area = c.str('area');
  const stateDir = c.str('state');
  const clockAt = c.clockAt();
  return c.done({
    command: 'tech', ...access, kind: kind as 'loudspeaker' | 'led',
    ...(area === undefined ? {} : { area }), ...(stateDir === undefined ? {} : { stateDir }), ...(clockAt === undefined ? {} : { clockAt }),
  });
}

function parseDemo(rest: readonly string[]): DemoArgs {
  const c = new Checker(parse(rest, { hub: { type: 'string' }, mqtt: { type: 'string' }, 'data-dir': { type: 'string' }, devices: { type: 'string' } }));
  const hubUrl = c.url('hub', ['http:', 'https:'], true) ?? '';
  const mqttUrl = c.url('mqtt', ['mqtt:', 'mqtts:', 'ws:', 'wss:'], false);
  const dataDir = c.required('data-dir');
  const devices = c.int('devices', 1, 1000) ?? 6;
  return c.done({ command: 'demo', hubUrl, ...(mqttUrl === undefined ? {} : { mqttUrl }), dataDir, devices });
}

export function parseSimArgs(argv: readonly string[]): SimCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'fleet') return parseFleet(rest);
  if (command === 'tech') return parseTech(rest);
  if (command === 'demo') return parseDemo(rest);
  throw new SimError('SIM_ERR_USAGE', `lệnh không có / unknown command ${JSON.stringify(command)}`);
}

/** "16:59:30" → [16, 59, 30]. */
export function clockParts(clockAt: string): [number, number, number] {
  const m = CLOCK_AT.exec(clockAt);
  return [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)];
}

export const USAGE = `Cách dùng / Usage:
  tinnguon-sim fleet --hub URL (--token T | --token-file F) --devices N [--kind loudspeaker|led|mixed] [--areas A,B]
                     [--workers W] [--faults SPEC]... [--duration S] [--report out.json] [--state DIR] [--mqtt URL]
                     [--ramp N/s] [--no-realtime] [--clock-at HH:MM[:SS]] [--seed N] [--hub-pid PID] [--proxy] [--quiet]
      Đăng ký và chạy N thiết bị mô phỏng / enrol and run N simulated devices.
  tinnguon-sim tech --hub URL (--token T | --token-file F) [--area A] [--kind loudspeaker|led] [--state DIR] [--clock-at HH:MM]
      Chế độ kỹ thuật viên cho một thiết bị / technician mode for one device (interactive).
  tinnguon-sim demo --hub URL --data-dir DIR [--devices 6]
      Đội thiết bị trình diễn bên cạnh máy chủ / the demo fleet beside a hub (npm start runs it).

Lịch gây lỗi / fault schedule (--faults, ';' between faults, or @file.json):
  drop@20s,for=5s,devices=10%     mất kết nối / link dropped (TCP reset, Last Will)
  freeze@30s,for=60s,devices=2    ngừng đọc socket / socket stops reading
  latency@0s,by=300ms,for=2m      thêm độ trễ / added latency
  skew@10s,by=+30s,for=60s        đồng hồ trôi / clock drifts    jump@40s,by=-2m   đồng hồ nhảy / clock jumps
  fill-disk@50s,for=30s           đầy thẻ nhớ / disk full        corrupt@60s       hỏng tệp đệm / corrupt a cached file
  kill@45s,for=2s,workers=1       SIGKILL một tiến trình rồi khởi động lại / power cut and restart
  every=30s,times=3 lặp lại / repeats.`;
