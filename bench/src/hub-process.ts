// Starts the real hub (compiled) as a child process on free ports, for benchmarks that must not share its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnrolmentResponse } from '@tinnguon/protocol';

export interface HubProcess {
  readonly child: ChildProcess;
  readonly http: string;
  readonly mqtt: string;
  readonly token: string;
  readonly dataDir: string;
  enrol(count: number, areaCodes: readonly string[]): Promise<EnrolmentResponse[]>;
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

const main = new URL('../../hub/dist/main.js', import.meta.url).pathname;

export async function startHubProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tn-bench-'));
  const child = spawn(process.execPath, [...(process.env.TN_BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean), main], {
    env: { ...process.env, DATA_DIR: dataDir, HUB_PORT: '0', MQTT_PORT: '0', TINNGUON_HOST: '127.0.0.1', TINNGUON_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { http, mqtt } = await new Promise<{ http: string; mqtt: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const h = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      const m = /(mqtt:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (h && m) resolve({ http: h[1]!, mqtt: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`hub exited (${code}): ${out}`)));
  });
  const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    child, http, mqtt, token, dataDir,
    async enrol(count, areaCodes) {
      const out: EnrolmentResponse[] = [];
      for (let i = 0; i < count; i++) {
        const created = (await (await fetch(`${http}/api/devices`, { method: 'POST', headers: auth, body: JSON.stringify({ kind: 'loudspeaker', areaCode: areaCodes[i % areaCodes.length], name: `Loa đo ${i}` }) })).json()) as { enrolmentCode: string };
        out.push((await (await fetch(`${http}/api/device/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.enrolmentCode }) })).json()) as EnrolmentResponse);
      }
      return out;
    },
    async metric(name) {
      const text = await (await fetch(`${http}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? NaN : Number(line.split(' ')[1]);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
