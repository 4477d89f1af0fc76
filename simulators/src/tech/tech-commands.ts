// What a technician types at the `tech>` prompt, parsed purely into a command (or a clear refusal). Faults typed by
// hand become the same FaultAction data a fleet's schedule produces, with the same names.
import { SimError } from '../errors.js';
import { durationMs } from '../faults/duration.js';
import type { DeviceFaultKind } from '../faults/fault-spec.js';

export type TechCommand =
  | { readonly cmd: 'now' | 'status' | 'logs' | 'sync' | 'help' | 'quit' }
  | { readonly cmd: 'png'; readonly file?: string }
  | { readonly cmd: 'fault'; readonly kind: DeviceFaultKind; readonly byMs: number; readonly forMs: number }
  | { readonly cmd: 'heal'; readonly kind: DeviceFaultKind }
  | { readonly cmd: 'kill'; readonly downMs: number };

const ALIASES: Record<string, TechCommand['cmd']> = {
  now: 'now', 'bây-giờ': 'now', n: 'now', '': 'now',
  status: 'status', 'trạng-thái': 'status', s: 'status',
  logs: 'logs', 'nhật-ký': 'logs', l: 'logs',
  sync: 'sync', png: 'png', fault: 'fault', heal: 'heal', kill: 'kill',
  help: 'help', '?': 'help', quit: 'quit', exit: 'quit', q: 'quit',
};

/** Defaults per fault: what `fault drop` alone means. 0 `for` = until healed by hand (`heal drop`). */
const FAULT_DEFAULTS: Record<DeviceFaultKind, { byMs: number; forMs: number; takesBy: boolean; signed: boolean }> = {
  drop: { byMs: 0, forMs: 0, takesBy: false, signed: false },
  freeze: { byMs: 0, forMs: 0, takesBy: false, signed: false },
  latency: { byMs: 300, forMs: 0, takesBy: true, signed: false },
  skew: { byMs: 30_000, forMs: 60_000, takesBy: true, signed: true },
  jump: { byMs: 120_000, forMs: 0, takesBy: true, signed: true },
  'fill-disk': { byMs: 0, forMs: 0, takesBy: false, signed: false },
  corrupt: { byMs: 0, forMs: 0, takesBy: false, signed: false },
};

const isFaultKind = (k: string): k is DeviceFaultKind => k in FAULT_DEFAULTS;

function duration(text: string | undefined, what: string, signed = false): number | undefined {
  if (text === undefined) return undefined;
  const ms = durationMs(text, signed);
  if (ms === undefined) throw new SimError('SIM_ERR_USAGE', `${what}: "${text}" không phải khoảng thời gian / is not a duration (500ms, 20s, 5m)`);
  return ms;
}

/** Throws SIM_ERR_USAGE with what was wrong. */
export function parseTechCommand(line: string): TechCommand {
  const [word = '', ...args] = line.trim().split(/\s+/).filter((s, i) => s !== '' || i === 0);
  const cmd = ALIASES[word.toLowerCase()];
  if (cmd === undefined) throw new SimError('SIM_ERR_USAGE', `lệnh không có / unknown command "${word}" (help)`);
  switch (cmd) {
    case 'png':
      return args[0] === undefined ? { cmd } : { cmd, file: args[0] };
    case 'kill':
      return { cmd, downMs: duration(args[0], 'kill') ?? 2000 };
    case 'heal':
    case 'fault': {
      const kind = args[0] ?? '';
      if (!isFaultKind(kind)) throw new SimError('SIM_ERR_USAGE', `${cmd} cần loại lỗi / needs a fault: ${Object.keys(FAULT_DEFAULTS).join(', ')}`);
      if (cmd === 'heal') return { cmd, kind };
      const d = FAULT_DEFAULTS[kind];
      const rest = args.slice(1);
      const byMs = d.takesBy ? (duration(rest.shift(), `${kind} by`, d.signed) ?? d.byMs) : 0;
      const forMs = duration(rest[0], `${kind} for`) ?? d.forMs;
      return { cmd, kind, byMs, forMs };
    }
    default:
      return { cmd };
  }
}

export const TECH_HELP = [
  'Lệnh / commands:',
  '  now (Enter)                 đang/sắp phát gì và vì sao / what plays now and next, and why',
  '  status | logs               trạng thái, nhật ký phát / status, playback logs',
  '  png [tệp/file]              lưu khung hình bảng LED / save the LED board frame as PNG',
  '  sync                        đồng bộ lịch và đồng hồ ngay / fetch the manifest and sync the clock now',
  '  fault drop|freeze|fill-disk [for]   mất kết nối, treo socket, đầy thẻ / link drop, frozen socket, disk full',
  '  fault latency 300ms [for]   thêm độ trễ / added latency',
  '  fault skew +30s [over] | fault jump -2m   đồng hồ trôi / nhảy · clock drift / jump',
  '  fault corrupt               làm hỏng một tệp trong bộ nhớ đệm / corrupt a cached file',
  '  heal <loại/kind>            gỡ lỗi / clear a fault',
  '  kill [2s]                   mất điện (SIGKILL) rồi bật lại / power cut, then power on',
  '  quit                        thoát / exit',
].join('\n');
