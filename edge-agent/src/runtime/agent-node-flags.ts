// The V8 flags the agent's process is launched with, in one place: the systemd unit's ExecStart
// (edge-agent/deploy/tinnguon-agent.service, checked by test/edge-agent/runtime/agent-node-flags.test.ts) and the
// agent-footprint benchmark's spawn both use them, so what is measured is what runs on the device.
//
// --max-semi-space-size=1 keeps V8's young generation at its initial 2 MiB (two 1 MiB semi-spaces) instead of letting
// it grow to 32 MiB while modules load and audio decodes: ~15 MiB of a Raspberry Pi's resident memory (issue 8:
// ≤ 80 MiB idle and playing), for more frequent scavenges that each take well under a millisecond on a heap this
// size. A launch flag, not v8.setFlagsFromString at run time: V8 documents changing flags after start-up as undefined
// behaviour.

/** Node's command-line flags for `node <flags> dist/cli.js run`. */
export const AGENT_NODE_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=1']);
