// `npm run bench -- <name> [--devices N] [--json]`. Each benchmark prints a table and, with --json, one JSON object
// on its last line (issue 8). Numbers are for comparison within one run: these machines are shared and noisy.
import { ingestBench } from './ingest.js';
import { manifestBench } from './manifest.js';
import { parseArgs, type BenchArgs } from './report.js';

const BENCHMARKS: Record<string, (args: BenchArgs) => Promise<void>> = {
  ingest: ingestBench,
  manifest: manifestBench,
};

const [name, ...rest] = process.argv.slice(2);
const run = name === undefined ? undefined : BENCHMARKS[name];
if (run === undefined) {
  console.error(`usage: npm run bench -- <name> [--devices N] [--json]\nbenchmarks: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exitCode = 2;
} else {
  await run(parseArgs(rest));
}
