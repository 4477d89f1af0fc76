// Starts the real hub (compiled) as a child process on free ports, for benchmarks that must not share its event loop.
// The hub can be SIGKILLed and started again on the same data directory and ports (reconnect), and is measured from
// /proc like any process. It runs with the hub's own launch flags (HUB_NODE_FLAGS, as `npm start` does);
// TN_BENCH_HUB_NODE_ARGS adds Node flags after them (e.g. --cpu-prof; a repeated V8 flag overrides the earlier one).
// TN_BENCH_HUB_MAIN runs another build's hub (e.g. the baseline checkout's hub/dist/main.js) under this benchmark
// code, for before/after pairs measured the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_NODE_FLAGS } from '@tinnguon/hub';
import type { EnrolmentResponse } from '@tinnguon/protocol';

export interface HubProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly http: string;
  readonly mqtt: string;
  readonly token: string;
  readonly dataDir: string;
  enrol(count: number, areaCodes: readonly string[], concurrency?: number): Promise<EnrolmentResponse[]>;
  /** An admin call; rejects on any status ≥ 300 with the body. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  metric(name: string): Promise<number>;
  /** SIGKILL: no shutdown, no goodbye to the devices (their wills fire). Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the hub again on the same data directory and ports; resolves once it listens, with ms since spawn. */
  restart(): Promise<number>;
  stop(): Promise<void>;
}

const main = process.env.TN_BENCH_HUB_MAIN ?? new URL('../../hub/dist/main.js', import.meta.url).pathname;

/** The communes of the demo province (Đắk Nông) that the benchmarks spread devices over. */
export const DEMO_COMMUNES = ['24611', '24612', '24628', '24670', '24673', '24678', '24694', '24700', '24715'];

function spawnHub(env: Record<string, string>): { child: ChildProcess; ready: Promise<{ http: string; mqtt: string }> } {
  const args = [...HUB_NODE_FLAGS, ...(process.env.TN_BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean), main];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<{ http: string; mqtt: string }>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      if (out.length > 100_000) return;
      out += c.toString();
      const h = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      const m = /(mqtt:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (h && m) resolve({ http: h[1]!, mqtt: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`hub exited (${code}): ${out}`)));
  });
  return { child, ready };
}

async function pool<T>(count: number, concurrency: number, one: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    for (let i = next++; i < count; i = next++) out[i] = await one(i);
  }));
  return out;
}

export async function startHubProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tn-bench-'));
  const base = { DATA_DIR: dataDir, HUB_PORT: '0', MQTT_PORT: '0', TINNGUON_HOST: '127.0.0.1', TINNGUON_LOG_LEVEL: 'error', TINNGUON_DEMO_FLEET: '0', ...env };
  let { child, ready } = spawnHub(base);
  const { http, mqtt } = await ready;
  const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${http}${path}`, { method, headers: body === undefined ? { authorization: auth.authorization } : auth, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return (text === '' ? {} : JSON.parse(text)) as T;
  };
  const exited = (c: ChildProcess): Promise<void> => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r())));
  return {
    get child() {
      return child;
    },
    get pid() {
      return child.pid ?? -1;
    },
    http, mqtt, token, dataDir, api,
    enrol(count, areaCodes, concurrency = 8) {
      return pool(count, concurrency, async (i) => {
        const created = await api<{ enrolmentCode: string }>('POST', '/api/devices', { kind: 'loudspeaker', areaCode: areaCodes[i % areaCodes.length], name: `Loa đo ${i}` });
        const res = await fetch(`${http}/api/device/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.enrolmentCode }) });
        return (await res.json()) as EnrolmentResponse;
      });
    },
    async metric(name) {
      const text = await (await fetch(`${http}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? NaN : Number(line.split(' ')[1]);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      const t0 = performance.now();
      ({ child, ready } = spawnHub({ ...base, HUB_PORT: new URL(http).port, MQTT_PORT: new URL(mqtt).port }));
      await ready;
      return performance.now() - t0;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
