// Shared output for every benchmark: a human table, the machine and versions it ran on, and with --json one JSON
// object on the last line (issue 8).
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface BenchArgs {
  readonly devices: number | undefined;
  readonly json: boolean;
  readonly rest: readonly string[];
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  let devices: number | undefined;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--devices') devices = Number(argv[++i]);
    else if (a.startsWith('--devices=')) devices = Number(a.slice(10));
    else rest.push(a);
  }
  if (devices !== undefined && (!Number.isInteger(devices) || devices < 1)) throw new Error('--devices takes a positive integer');
  return { devices, json, rest };
}

/** A numeric option among the benchmark-specific ones (`--trials 200`), or its default. */
export function numberOption(args: BenchArgs, name: string, fallback: number): number {
  const i = args.rest.indexOf(name);
  const inline = args.rest.find((a) => a.startsWith(`${name}=`));
  const raw = inline !== undefined ? inline.slice(name.length + 1) : i >= 0 ? args.rest[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} takes a positive number`);
  return value;
}

/** A string option among the benchmark-specific ones (`--mode raw`), or its default. */
export function stringOption(args: BenchArgs, name: string, fallback: string): string {
  const i = args.rest.indexOf(name);
  const inline = args.rest.find((a) => a.startsWith(`${name}=`));
  return inline !== undefined ? inline.slice(name.length + 1) : i >= 0 ? (args.rest[i + 1] ?? fallback) : fallback;
}

/** `--mode agents|raw`: real agents up to `agentsUpTo` devices by default, raw MQTT clients above. */
export function deviceMode(args: BenchArgs, devices: number, agentsUpTo: number): 'agents' | 'raw' {
  const mode = stringOption(args, '--mode', devices > agentsUpTo ? 'raw' : 'agents');
  if (mode !== 'agents' && mode !== 'raw') throw new Error('--mode is agents or raw');
  return mode;
}

function packageVersion(name: string): string {
  try {
    const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machine(): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    // The machine is shared: the 1-minute load average says how much of it others were using during the run.
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    node: process.version,
    sqlite3: packageVersion('sqlite3'),
    aedes: packageVersion('aedes'),
    mqtt: packageVersion('mqtt'),
    mpg123Decoder: packageVersion('mpg123-decoder'),
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function report(args: BenchArgs, result: Record<string, unknown> & { name: string; target: string; pass: boolean }): void {
  const m = machine();
  console.log(`\n${result.name} — ${m.cpu} (${m.cores} cores, load ${m.loadAverage1m}), Node ${m.node}, sqlite3 ${m.sqlite3}, aedes ${m.aedes}, mqtt ${m.mqtt}`);
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [k, v] of Object.entries(result)) console.log(`  ${k.padEnd(width)}  ${typeof v === 'number' ? Number(v.toFixed(3)) : String(v)}`);
  if (args.json) console.log(JSON.stringify({ ...result, machine: m }));
}
