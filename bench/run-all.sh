#!/bin/sh
# Runs every benchmark once at the sizes of issue 8 and appends each one's JSON line to bench/results.jsonl.
# Takes about 40 minutes on the 2-core machine. Run it on a quiet machine: the load average is recorded with each.
# Usage: sh bench/run-all.sh [results-file]
set -u
cd "$(dirname "$0")/.."
out=${1:-bench/results.jsonl}
# Only what the benchmarks need, so a half-written file elsewhere does not stop them.
npx tsc -b bench || exit 1
run() {
  echo "== $*" >&2
  node bench/dist/run.js "$@" --json | tail -n 1 | grep '^{' >> "$out" || echo "{\"name\":\"$1\",\"error\":\"did not finish\",\"args\":\"$*\"}" >> "$out"
}
run preempt --trials 200
run decode --trials 200
run agent-footprint
run emergency --devices 2000 --mode agents
run emergency --devices 10000 --mode raw
run fanout --devices 10000
run frozen --devices 10000 --flood 0
run frozen --devices 10000
run reconnect --devices 1000 --mode agents
run reconnect --devices 10000 --mode raw
run media --devices 2000
run connections --devices 19000
run ingest
run manifest
