// Durations as a technician types them on the command line: 250ms, 20s, 5m, 1h, with an optional sign for clock
// offsets (-90s). Plain numbers are milliseconds, which is what JSON fault files use.
import { SimError, type SimErrorCode } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^([+-]?)(\d+(?:\.\d+)?)(ms|s|m|h)?$/;

/** Milliseconds, rounded, or undefined when `text` is not a duration (or is signed where `signed` is false). */
export function durationMs(text: string, signed = false): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const [, sign = '', amount = '0', unit = 'ms'] = match;
  if (sign !== '' && !signed) return undefined;
  const ms = Math.round(Number(amount) * (UNIT_MS[unit] ?? 1));
  return sign === '-' ? -ms : ms;
}

export function durationProblem(what: string, text: string, signed = false): string {
  return `${what}: "${text}" không phải khoảng thời gian${signed ? '' : ' dương'} / is not a${signed ? '' : 'n unsigned'} duration (e.g. 500ms, 20s, 5m)`;
}

/** durationMs, or a coded error naming `what`. */
export function parseDuration(text: string, what: string, options: { signed?: boolean; code?: SimErrorCode } = {}): number {
  const ms = durationMs(text, options.signed ?? false);
  if (ms === undefined) throw new SimError(options.code ?? 'SIM_ERR_USAGE', durationProblem(what, text, options.signed ?? false));
  return ms;
}

/** The shortest exact form: 90000 → "90s", 1500 → "1500ms", -120000 → "-2m". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (abs >= size && abs % size === 0) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${abs}ms`;
}
