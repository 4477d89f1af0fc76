#!/usr/bin/env node
// `npm run sim -- <command>` / `tinnguon-sim <command>`: the composition root of the simulator CLI. Parses the
// command line once, wires the terminal and the signals, and runs one command. Messages are Vietnamese first, then
// English, always with the SIM_ERR_* code.
import { parseSimArgs, USAGE } from './cli/cli-args.js';
import { runDemo } from './cli/run-demo.js';
import { runFleet } from './cli/run-fleet.js';
import { runTech } from './cli/run-tech.js';
import { describeError, isSimError } from './errors.js';

/** Resolves on SIGINT/SIGTERM or the IPC parent going away. In a fleet run a second Ctrl+C exits at once; the demo
 *  fleet gets Ctrl+C from the terminal and then SIGTERM from the hub, and must still stop cleanly. */
function stopRequested(forceOnSecond: boolean): Promise<string> {
  return new Promise((resolve) => {
    let asked = false;
    const stop = (why: string): void => {
      if (asked && forceOnSecond) process.exit(130);
      asked = true;
      resolve(why);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('disconnect', () => stop('parent exited'));
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const command = parseSimArgs(argv);
  switch (command.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
    case 'fleet': {
      const report = await runFleet(command, { out: process.stdout, interrupted: stopRequested(true) });
      const t = report.totals;
      process.stdout.write(
        [
          `Kết thúc / done: ${t.devices} thiết bị / devices, ${t.plays} lượt phát / plays, ${t.logsSent} nhật ký gửi / logs sent, ${t.pendingLogs} chờ / pending, ${t.errors} lỗi / errors`,
          `Đăng ký / enrolment: ${report.enrol.enrolled} mới / new (${report.enrol.perSecond}/s), ${report.enrol.reused} dùng lại / reused`,
          ...report.resources.map((r) => `  ${r.role}: CPU ${r.cpuSec} s (${r.cpuCores} lõi / cores), RSS ${r.rssMiB} MiB (đỉnh / peak ${r.peakRssMiB} MiB)`),
          ...(command.reportFile === undefined ? [] : [`Báo cáo / report: ${command.reportFile}`]),
          '',
        ].join('\n'),
      );
      return;
    }
    case 'tech':
      await runTech(command, { input: process.stdin, output: process.stdout });
      return;
    case 'demo':
      await runDemo(command, { print: (line) => console.log(line), stopped: stopRequested(false) });
      return;
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${describeError(err)}\n`);
    if (isSimError(err, 'SIM_ERR_USAGE')) process.stderr.write(`${USAGE}\n`);
    process.exit(isSimError(err, 'SIM_ERR_USAGE') ? 2 : 1);
  },
);
