// A real full disk: a 256 KiB tmpfs mounted in a private mount namespace (unshare; root or unprivileged user
// namespaces). Skipped, saying why, where the machine allows neither; media-store.test.ts covers the same paths
// deterministically through an injected filesystem.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const child = fileURLToPath(new URL('./disk-full-child.ts', import.meta.url));

function inTinyDisk(dir: string, command: string[]): ReturnType<typeof spawnSync> {
  const script = 'mount -t tmpfs -o size=256k tmpfs "$0" && exec "$@"';
  return spawnSync('unshare', ['--mount', '--map-root-user', 'sh', '-c', script, dir, ...command], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const probeDir = t.testdir({});
const probe = process.platform === 'linux' ? inTinyDisk(probeDir, ['true']) : null;
const why = probe === null ? 'not Linux' : probe.error?.message ?? (probe.status === 0 ? null : String(probe.stderr));

t.test('ENOSPC on a real filesystem', { skip: why === null ? false : `cannot mount a tmpfs here: ${why}` }, async (t) => {
  const dir = t.testdir({});
  const run = inTinyDisk(dir, [process.execPath, ...process.execArgv, child, dir]);
  t.equal(run.status, 0, `child exited cleanly: ${String(run.stderr).slice(0, 500)}`);
  const report = JSON.parse(String(run.stdout).trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  t.equal(report.code, 'HUB_ERR_DISK_FULL');
  t.same(report.temp, [], 'the temp file was removed');
  t.same(report.fanout, ['tmp', report.earlierFanout].sort(), 'nothing but the earlier file was stored');
  t.equal(report.earlierIntact, true, 'earlier media untouched');
  t.equal(report.afterwards, 'stored', 'the space came back: a small upload succeeds afterwards');
});
