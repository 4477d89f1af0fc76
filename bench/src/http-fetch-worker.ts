// One process of HTTP downloads for the media benchmark: every request on its own connection (each device is its own
// client), at most `concurrency` at once, bodies counted and dropped. The same code fetches from the hub and from
// nginx, so the two differ only in the server.
import { Agent, request } from 'node:http';

export interface FetchJob {
  readonly url: string;
  readonly authorization?: string;
}

export interface FetchStart {
  readonly jobs: readonly FetchJob[];
  readonly concurrency: number;
}

export interface FetchDone {
  readonly ms: number;
  readonly bytes: number;
  readonly failures: number;
  readonly firstError?: string;
  /** Per request, ms from its start to its last byte. */
  readonly latencies: number[];
}

function one(job: FetchJob, agent: Agent): Promise<{ bytes: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const url = new URL(job.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, agent, headers: job.authorization === undefined ? {} : { authorization: job.authorization } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => ((res.statusCode ?? 500) === 200 ? resolve({ bytes, ms: performance.now() - t0 }) : reject(new Error(`HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(start: FetchStart): Promise<FetchDone> {
  const agent = new Agent({ keepAlive: false, maxSockets: start.concurrency });
  const t0 = performance.now();
  let bytes = 0;
  let failures = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(start.concurrency, start.jobs.length) }, async () => {
    for (let i = next++; i < start.jobs.length; i = next++) {
      try {
        const r = await one(start.jobs[i]!, agent);
        bytes += r.bytes;
        latencies.push(r.ms);
      } catch (err) {
        failures++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  }));
  agent.destroy();
  return { ms: performance.now() - t0, bytes, failures, ...(firstError === undefined ? {} : { firstError }), latencies };
}

process.once('message', (start: FetchStart) => {
  void run(start).then((done) => process.send?.(done, () => process.exit(0)));
});
// Loaded and listening: the parent starts every worker's downloads at the same moment.
process.send?.('ready');
