// The real hub (hub/dist/main.js, as `npm start` runs it) in its own process on free ports, so that a crash is an exit
// the test sees and a SIGKILL is a real power cut: no shutdown, no WAL checkpoint, no goodbye to the devices. After a
// kill it starts again on the same data directory and ports. Modelled on bench/src/hub-process.ts; it needs a build
// (`npx tsc -b`), as `npm test` does first.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EnrolmentResponse } from '@tinnguon/protocol';
import { HUB_NODE_FLAGS } from '../../hub/src/hub-node-flags.js';

export const HUB_MAIN = fileURLToPath(new URL('../../hub/dist/main.js', import.meta.url));

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface HubChild {
  readonly http: string;
  readonly mqtt: string;
  readonly dataDir: string;
  /** The break-glass admin token (DATA_DIR/admin-token). */
  readonly token: string;
  /** The SQLite file, for checks while the hub is down. */
  readonly dbFile: string;
  readonly pid: number;
  /** Every exit so far; one that was not asked for (kill/stop) is a crash. */
  readonly exits: readonly ChildExit[];
  readonly crashed: boolean;
  /** An admin API call; rejects on a status ≥ 300 with the body. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Creates devices and enrols them through the public API, as technicians and agents do. */
  enrol(areaCode: string, kind?: 'loudspeaker' | 'led'): Promise<EnrolmentResponse>;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts again on the same data directory and ports; resolves with ms from spawn to listening. */
  restart(): Promise<number>;
  stop(): Promise<void>;
}

function spawnHub(env: Record<string, string>): { child: ChildProcess; ready: Promise<{ http: string; mqtt: string }> } {
  // Node's own flags only, the ones the hub really runs with: the compiled hub needs no TypeScript loader (and tap's
  // would slow every restart).
  const child = spawn(process.execPath, [...HUB_NODE_FLAGS, HUB_MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
  const ready = new Promise<{ http: string; mqtt: string }>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      if (out.length > 100_000) return;
      out += c;
      const http = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      const mqtt = /(mqtt:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (http !== undefined && mqtt !== undefined) resolve({ http, mqtt });
    });
    child.once('exit', (code, signal) => reject(new Error(`hub exited before listening (${code ?? signal}): ${err}`)));
  });
  ready.catch(() => undefined);
  return { child, ready };
}

export async function startHubChild(): Promise<HubChild> {
  if (!existsSync(HUB_MAIN)) throw new Error(`${HUB_MAIN} is missing: run \`npx tsc -b\` first`);
  const dataDir = await mkdtemp(join(tmpdir(), 'tn-adversarial-'));
  const base: Record<string, string> = {
    DATA_DIR: dataDir, HUB_PORT: '0', MQTT_PORT: '0', TINNGUON_HOST: '127.0.0.1', TINNGUON_LOG_LEVEL: 'fatal', TINNGUON_DEMO_FLEET: '0',
  };
  const exits: ChildExit[] = [];
  let expected = 0;
  let { child, ready } = spawnHub(base);
  const watch = (c: ChildProcess): void => void c.once('exit', (code, signal) => exits.push({ code, signal }));
  watch(child);
  const { http, mqtt } = await ready;
  const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
  const gone = (c: ChildProcess): Promise<void> => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r())));
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const res = await fetch(`${http}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return (text === '' ? {} : JSON.parse(text)) as T;
  };
  return {
    http, mqtt, dataDir, token, dbFile: join(dataDir, 'hub.sqlite'), exits, api,
    get pid() {
      return child.pid ?? -1;
    },
    get crashed() {
      return exits.length > expected;
    },
    async enrol(areaCode, kind = 'loudspeaker') {
      const created = await api<{ enrolmentCode: string }>('POST', '/api/devices', { kind, areaCode, name: `Thiết bị thử ${areaCode}` });
      const res = await fetch(`${http}/api/device/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.enrolmentCode }) });
      if (res.status !== 200) throw new Error(`enrol: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as EnrolmentResponse;
    },
    async kill() {
      expected += 1;
      child.kill('SIGKILL');
      await gone(child);
    },
    async restart() {
      const t0 = performance.now();
      ({ child, ready } = spawnHub({ ...base, HUB_PORT: new URL(http).port, MQTT_PORT: new URL(mqtt).port }));
      watch(child);
      await ready;
      return performance.now() - t0;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        expected += 1;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone(child);
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
