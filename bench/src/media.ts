// `npm run bench -- media [--devices N]`: one 1 MB bulletin (MP3) fetched by N devices at once, each on its own
// connection with its own credential (GET /api/device/media/<sha256>, HTTP Basic, as the agent's cache does), beside
// Debian nginx serving the same file from a directory; the same client code in the same worker processes drives both,
// nginx first then the hub, then both again, and the better of each is kept.
// Target (issue 8): our throughput ÷ nginx's ≥ 0.8 at 2,000 devices.
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_PATHS } from '@tinnguon/protocol';
import { speechMp3 } from './bench-media.js';
import type { FetchDone, FetchJob } from './http-fetch-worker.js';
import { startHubProcess } from './hub-process.js';
import { startNginx } from './peers.js';
import { enrolRaw } from './raw-devices.js';
import { percentile, report, type BenchArgs } from './report.js';

const entry = fileURLToPath(new URL('./http-fetch-worker.js', import.meta.url));

interface Round {
  readonly mbPerSec: number;
  readonly seconds: number;
  readonly failures: number;
  readonly firstError?: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Runs the jobs over the worker processes, started together; throughput over the whole wall time. */
async function fetchAll(jobs: readonly FetchJob[], workers: number, concurrency: number): Promise<Round> {
  const children = Array.from({ length: workers }, () => fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
  const t0 = performance.now();
  const done = await Promise.all(children.map((c, w) => new Promise<FetchDone>((resolve, reject) => {
    c.once('message', (m: FetchDone) => resolve(m));
    c.once('exit', (code) => code !== 0 && reject(new Error(`fetch worker exited ${code}`)));
    c.send({ jobs: jobs.filter((_, i) => i % workers === w), concurrency: Math.ceil(concurrency / workers) });
  })));
  const seconds = (performance.now() - t0) / 1000;
  const bytes = done.reduce((s, d) => s + d.bytes, 0);
  const latencies = done.flatMap((d) => d.latencies).sort((a, b) => a - b);
  const firstError = done.find((d) => d.firstError !== undefined)?.firstError;
  return {
    mbPerSec: bytes / 1e6 / seconds, seconds, failures: done.reduce((s, d) => s + d.failures, 0), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99),
    ...(firstError === undefined ? {} : { firstError }),
  };
}

const best = (a: Round, b: Round): Round => (b.mbPerSec > a.mbPerSec ? b : a);

export async function mediaBench(args: BenchArgs): Promise<void> {
  const devices = args.devices ?? 500;
  const workers = Math.max(1, availableParallelism());
  const hub = await startHubProcess();
  const root = await mkdtemp(join(tmpdir(), 'tn-bench-www-'));
  try {
    const media = speechMp3(250);
    const uploaded = await fetch(`${hub.http}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'audio/mpeg' }, body: media.bytes });
    if (!uploaded.ok) throw new Error(`upload: HTTP ${uploaded.status} ${await uploaded.text()}`);
    await writeFile(join(root, media.ref.sha256), media.bytes, { mode: 0o644 });
    const nginx = await startNginx(root);
    try {
      const { creds, enrolment } = await enrolRaw(hub, devices);
      const hubJobs = creds.map((c) => ({ url: `${hub.http}${HTTP_PATHS.media(media.ref.sha256)}`, authorization: `Basic ${Buffer.from(`${c.mqttUsername}:${c.mqttPassword}`).toString('base64')}` }));
      const nginxJobs = creds.map(() => ({ url: `http://127.0.0.1:${nginx.port}/${media.ref.sha256}` }));
      let peer = await fetchAll(nginxJobs, workers, devices);
      let ours = await fetchAll(hubJobs, workers, devices);
      peer = best(peer, await fetchAll(nginxJobs, workers, devices));
      ours = best(ours, await fetchAll(hubJobs, workers, devices));
      const ratio = ours.mbPerSec / peer.mbPerSec;
      report(args, {
        name: 'media',
        devices,
        enrolment,
        mediaBytes: media.bytes.length,
        mbPerSec: ours.mbPerSec,
        seconds: ours.seconds,
        p50Ms: ours.p50Ms,
        p99Ms: ours.p99Ms,
        failures: ours.failures,
        ...(ours.firstError === undefined ? {} : { firstError: ours.firstError }),
        nginxMbPerSec: peer.mbPerSec,
        nginxSeconds: peer.seconds,
        nginxP50Ms: peer.p50Ms,
        nginxP99Ms: peer.p99Ms,
        nginxFailures: peer.failures,
        ...(peer.firstError === undefined ? {} : { nginxFirstError: peer.firstError }),
        ratio,
        nginxVersion: nginx.version,
        path: `${workers} client processes, all ${devices} requests at once, one connection each; hub: device Basic auth + Range-capable stream from its media store; nginx: static file, sendfile, worker_processes auto; best of 2 rounds each`,
        target: 'our throughput ÷ nginx’s ≥ 0.8 at 2,000 devices',
        pass: ratio >= 0.8 && ours.failures === 0 && peer.failures === 0,
      });
    } finally {
      await nginx.stop();
    }
  } finally {
    await hub.stop();
    await rm(root, { recursive: true, force: true });
  }
}
