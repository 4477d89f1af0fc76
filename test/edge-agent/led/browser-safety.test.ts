// The console's pixel-true preview bundles the renderer for the browser: nothing reachable from browser.ts may
// import a Node built-in, or the preview and the device would stop drawing the same pixels.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ENTRY = fileURLToPath(new URL('../../../edge-agent/src/led/browser.ts', import.meta.url));

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] ?? '');
}

t.test('browser.ts reaches no Node built-in or Node-only package', async (t) => {
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [ENTRY];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  }
  t.ok(seen.size > 8, `walked ${seen.size} modules`);
  t.same([...external].sort(), ['@tinnguon/protocol'], 'only the protocol (type imports) outside the LED path');
  t.ok([...seen].every((f) => !/png-encode|png-decode|sink|worker|raspberry/.test(f)), 'no codec or driver module');
});

t.test('the PNG codec and the drivers do use Node (so the walk above can fail)', async (t) => {
  const encoder = fileURLToPath(new URL('../../../edge-agent/src/led/png-encode.ts', import.meta.url));
  t.ok(importsOf(encoder).includes('node:zlib'));
});
