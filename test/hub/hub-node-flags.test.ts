// The hub's V8 flags are launch flags (hub/src/hub-node-flags.ts): `npm start` must carry exactly them, or the hub
// runs with a young generation that grows to 32 MiB and holds a connect storm's garbage through the idle that follows
// (issue 8, `connections`). The benchmarks' hub spawn takes the same constant (bench/src/hub-process.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { HUB_NODE_FLAGS } from '../../hub/src/hub-node-flags.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

t.test('npm start launches the hub with HUB_NODE_FLAGS, before the script', async (t) => {
  const command = (pkg.scripts.start ?? '').split('&&').map((part) => part.trim()).find((part) => part.includes('hub/dist/main.js'));
  t.ok(command, 'npm start runs hub/dist/main.js');
  const words = (command ?? '').split(/\s+/);
  const script = words.indexOf('hub/dist/main.js');
  t.equal(words[0], 'node');
  t.same(words.slice(1, script), HUB_NODE_FLAGS, 'the node flags, in order');
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
  const bounded = run(HUB_NODE_FLAGS);
  t.ok(bounded <= 4 * 1024 * 1024, `new space ${bounded} bytes with the flags`);
  t.ok(run([]) > bounded, 'and larger without them (the flag does something)');
});
