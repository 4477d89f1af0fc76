// The edge agent installs on a Raspberry Pi without the hub's dependencies (issue 2): the dependency closure of the
// agent workspace in package-lock.json must not contain sqlite3 (a 90 s native build) or the hub's server stack.
import { readFileSync } from 'node:fs';
import t from 'tap';

interface LockPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  link?: boolean;
  resolved?: string;
}
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockPackage> };

/** Node's lookup: from `from`'s own node_modules up to the root. */
function locate(name: string, from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (dir === '') return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

function closure(workspace: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    const pkg = lock.packages[path];
    if (pkg === undefined) return;
    const target = pkg.link === true && pkg.resolved !== undefined ? pkg.resolved : path;
    const real = lock.packages[target] ?? pkg;
    for (const name of Object.keys({ ...real.dependencies, ...real.optionalDependencies })) {
      const found = locate(name, target);
      if (found === undefined || seen.has(name)) continue;
      seen.add(name);
      visit(found);
    }
  };
  visit(workspace);
  return seen;
}

t.test('the agent workspace pulls neither sqlite3 nor the hub server stack', async (t) => {
  const deps = closure('edge-agent');
  t.ok(deps.has('mqtt') && deps.has('mpg123-decoder'), 'the walk finds the agent’s real dependencies');
  for (const forbidden of ['sqlite3', 'fastify', 'aedes', '@fastify/websocket', 'node-cron']) {
    t.notOk(deps.has(forbidden), `${forbidden} is not installed with the agent`);
  }
});

t.test('the hub does pull them, so the walk is not vacuous', async (t) => {
  const deps = closure('hub');
  t.ok(deps.has('sqlite3') && deps.has('fastify') && deps.has('aedes'));
});
