// CPU and memory of the hub and of the simulator's processes, from /proc, summed over a worker's incarnations.
import t from 'tap';
import { parseProcStat, parseProcStatus, sampleProcess } from '../../simulators/src/fleet/proc-stats.js';
import { ResourceMonitor } from '../../simulators/src/fleet/resource-monitor.js';

t.test('/proc parsing, including a command name with spaces and parentheses', async (t) => {
  const stat = '1234 (node (worker) 2) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 100 1000 2000';
  t.equal(parseProcStat(stat), 3, 'utime 250 + stime 50 ticks = 3 s');
  t.equal(parseProcStat('garbage'), undefined);
  t.same(parseProcStatus('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n'), { rssMiB: 100, peakRssMiB: 200 });
  t.equal(parseProcStatus('Name: node'), undefined);
  const self = await sampleProcess(process.pid);
  t.ok(self !== undefined && self.rssMiB > 10 && self.cpuSec > 0, 'this very process, measured');
  t.equal(await sampleProcess(2 ** 30), undefined, 'a process that does not exist');
});

t.test('CPU of a role sums over its processes; a hub already running counts from the first sample', async (t) => {
  const cpu = new Map<number, number>([[100, 50], [1, 2], [2, 0]]);
  let now = 0;
  const monitor = new ResourceMonitor(async (pid) => (cpu.has(pid) ? { cpuSec: cpu.get(pid) ?? 0, rssMiB: pid, peakRssMiB: pid * 2 } : undefined), () => now);
  const roles = (worker: number | undefined) => new Map([['hub', { pid: 100, fromStart: false }], ['worker 0', { pid: worker, fromStart: true }]]);
  await monitor.sample(roles(1));
  now = 10_000;
  cpu.set(100, 55);
  cpu.set(1, 6);
  await monitor.sample(roles(1));
  await monitor.sample(roles(undefined)); // killed
  cpu.set(2, 3);
  await monitor.sample(roles(2)); // restarted
  const usage = Object.fromEntries(monitor.usage().map((u) => [u.role, u]));
  t.equal(usage.hub?.cpuSec, 5, 'the hub: 5 s during the run, not its whole life');
  t.equal(usage['worker 0']?.cpuSec, 9, 'the worker: 6 s before the kill + 3 s after the restart');
  t.equal(usage.hub?.cpuCores, 0.5, '5 CPU seconds over 10 s');
  t.equal(usage['worker 0']?.peakRssMiB, 4, 'the highest peak of any incarnation');
});
