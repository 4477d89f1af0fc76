// The V8 flags the hub's process is launched with, in one place: `npm start` (package.json) and the benchmarks'
// hub spawn (bench/src/hub-process.ts) both use them, checked by test/hub/hub-node-flags.test.ts, so what is
// measured is what runs in a province.
//
// --max-semi-space-size=2 caps V8's young generation at two 2 MiB semi-spaces instead of letting it grow to 32 MiB.
// A connect storm (every device after a hub restart) allocates short-lived objects fast; with a 32 MiB nursery many
// of them survive two scavenges and are promoted, and that garbage then sits in the old generation for minutes of
// idle, because nothing allocates enough to trigger a full collection (issue 8, `connections`: 50,000 idle devices
// in ≤ 1 GiB). Measured at 19,000 idle devices, 90 s after the storm: the settled RSS per connection is 11.9–12.2 KiB
// with the flag (V8 runs a full collection on its own within ~20 s of idle) against 16.6–17.1 KiB without (none in
// 90 s). The price is more scavenging under allocation bursts: `fanout` at 10,000 spent ~25 % more hub CPU (ratio to
// Mosquitto 0.84–0.91 against 0.73–0.90) and `ingest` ~2.5× the GC pause time in all (longest pause unchanged,
// 11–17 ms). `=4` cost nothing measurable in fanout but left the garbage in place (16.2 KiB).
// A launch flag, not v8.setFlagsFromString at run time: V8 documents changing flags after start-up as undefined
// behaviour.

/** Node's command-line flags for `node <flags> hub/dist/main.js`. */
export const HUB_NODE_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=2']);
