// `npm run bench -- <name> [--devices N] [--json]`. Each benchmark prints a table and, with --json, one JSON object
// on its last line (issue 8). Numbers are for comparison within one run: these machines are shared and noisy.
import { agentFootprintBench } from './agent-footprint.js';
import { connectionsBench } from './connections.js';
import { decodeBench } from './decode.js';
import { emergencyBench } from './emergency.js';
import { fanoutBench } from './fanout.js';
import { frozenBench } from './frozen.js';
import { ingestBench } from './ingest.js';
import { manifestBench } from './manifest.js';
import { mediaBench } from './media.js';
import { preemptBench } from './preempt.js';
import { reconnectBench } from './reconnect.js';
import { parseArgs, type BenchArgs } from './report.js';
import { skewBench } from './skew.js';

const BENCHMARKS: Record<string, (args: BenchArgs) => Promise<void>> = {
  preempt: preemptBench,
  decode: decodeBench,
  'agent-footprint': agentFootprintBench,
  emergency: emergencyBench,
  fanout: fanoutBench,
  reconnect: reconnectBench,
  media: mediaBench,
  connections: connectionsBench,
  frozen: frozenBench,
  ingest: ingestBench,
  manifest: manifestBench,
  skew: skewBench,
};

const [name, ...rest] = process.argv.slice(2);
const run = name === undefined ? undefined : BENCHMARKS[name];
if (run === undefined) {
  console.error(`usage: npm run bench -- <name> [--devices N] [--json]\nbenchmarks: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exitCode = 2;
} else {
  await run(parseArgs(rest));
  // Worker processes, sockets and timers of a finished benchmark must not keep the process alive.
  process.exit(process.exitCode ?? 0);
}
