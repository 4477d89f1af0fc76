// The agent's V8 flags are launch flags (runtime/agent-node-flags.ts): the systemd unit that starts it on every device
// must carry exactly them, or the device runs with a young generation that grows to 32 MiB (issue 8: RSS ≤ 80 MiB).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { AGENT_NODE_FLAGS } from '../../../edge-agent/src/runtime/agent-node-flags.js';

const unit = readFileSync(new URL('../../../edge-agent/deploy/tinnguon-agent.service', import.meta.url), 'utf8');

t.test('the systemd unit launches node with AGENT_NODE_FLAGS, before the script', async (t) => {
  const execStart = unit.split('\n').filter((line) => line.startsWith('ExecStart='));
  t.equal(execStart.length, 1, 'one ExecStart');
  const words = (execStart[0] ?? '').slice('ExecStart='.length).trim().split(/\s+/);
  const script = words.findIndex((w) => w.endsWith('/cli.js'));
  t.equal(words[0], '/usr/bin/node');
  t.same(words.slice(1, script), AGENT_NODE_FLAGS, 'the node flags, in order');
  t.same(words.slice(script + 1), ['run']);
});

t.test('node accepts the flags and they bound the young generation', async (t) => {
  // Allocates ~30 MB of short-lived objects: new space would grow to 32 MiB without the flag.
  const probe =
    "const v8=require('v8');let a=[];for(let i=0;i<1e6;i++)a.push({i});" +
    "process.stdout.write(String(v8.getHeapSpaceStatistics().find(s=>s.space_name==='new_space').space_size))";
  const run = (flags: readonly string[]): number => {
    const out = spawnSync(process.execPath, [...flags, '-e', probe], { encoding: 'utf8' });
    t.equal(out.status, 0, out.stderr);
    return Number(out.stdout);
  };
  const bounded = run(AGENT_NODE_FLAGS);
  t.ok(bounded <= 2 * 1024 * 1024, `new space ${bounded} bytes with the flags`);
  t.ok(run([]) > bounded, 'and larger without them (the flag does something)');
});
