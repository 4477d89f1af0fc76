// `npm run bench -- <name> [--devices N] [--json]`: the benchmark runner (issue 8). No benchmark is registered yet.
const BENCHMARKS: Record<string, () => Promise<void>> = {};

const [name] = process.argv.slice(2);
const run = name === undefined ? undefined : BENCHMARKS[name];
if (run === undefined) {
  console.error(`usage: npm run bench -- <name> [--devices N] [--json]\nbenchmarks: ${Object.keys(BENCHMARKS).join(', ') || '(none yet)'}`);
  process.exitCode = 2;
} else {
  await run();
}
