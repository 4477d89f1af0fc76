// The peers the issue compares us with, each started by the benchmark on a free loopback port with a temporary
// configuration (never the system service): Mosquitto (Debian `mosquitto`) and nginx (Debian `nginx`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Peer {
  readonly port: number;
  readonly pid: number;
  readonly version: string;
  readonly dir: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function listening(port: number, child: ChildProcess, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} is not listening on ${port}`);
}

function versionOf(command: string, args: string[], pattern: RegExp): string {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  return pattern.exec(`${out.stdout ?? ''}${out.stderr ?? ''}`)?.[1] ?? 'unknown';
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dir, { recursive: true, force: true });
  };
}

/** Mosquitto with no persistence and no authentication: the broker doing nothing but deliver. */
export async function startMosquitto(): Promise<Peer> {
  const dir = await mkdtemp(join(tmpdir(), 'tn-bench-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  // max_queued_messages and max_inflight_messages stay at their defaults, like Aedes' own limits on our side.
  await writeFile(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest none', 'max_connections -1', ''].join('\n'));
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  await listening(port, child, 'mosquitto');
  return { port, pid: child.pid ?? -1, dir, version: versionOf('mosquitto', ['-h'], /mosquitto version (\S+)/), stop: stopper(child, dir) };
}

/** nginx serving one directory as static files, one worker per core, as Debian's default does. */
export async function startNginx(root: string): Promise<Peer> {
  const dir = await mkdtemp(join(tmpdir(), 'tn-bench-nginx-'));
  // nginx's workers drop to an unprivileged user, who must be able to read the files (mkdtemp makes 0700).
  await chmod(root, 0o755);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, [
    'daemon off;', 'worker_processes auto;', `pid ${join(dir, 'nginx.pid')};`, `error_log ${join(dir, 'error.log')} error;`,
    'events { worker_connections 8192; }',
    'http {', '  access_log off;', '  sendfile on;', '  tcp_nopush on;', '  keepalive_requests 100000;',
    `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
    `  server { listen 127.0.0.1:${port}; root ${root}; location / { } }`, '}', '',
  ].join('\n'));
  const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  await listening(port, child, 'nginx');
  return { port, pid: child.pid ?? -1, dir, version: versionOf('nginx', ['-v'], /nginx\/(\S+)/), stop: stopper(child, dir) };
}
