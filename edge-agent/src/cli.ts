#!/usr/bin/env node
// `edge-agent enroll --hub URL --code CODE [--state DIR]` and `edge-agent run [--state DIR] [--config FILE]`.
// Messages are for the technician on site: Vietnamese first, English second, always with the AGENT_ERR_* code.
import { hostname } from 'node:os';
import { parseCliArgs } from './config/cli-args.js';
import { technicianReport } from './config/technician-messages.js';
import { isAgentError } from './errors.js';

const USAGE = [
  'Cách dùng / Usage:',
  '  edge-agent enroll --hub URL --code MÃ [--state THƯ_MỤC]   Đăng ký thiết bị với máy chủ / enrol this device',
  '  edge-agent run [--state THƯ_MỤC] [--config TỆP]           Chạy phần mềm thiết bị / run the agent',
].join('\n');

async function main(argv: readonly string[]): Promise<void> {
  const command = parseCliArgs(argv);
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command.command === 'run') {
    // Each command loads only its own modules (issue 8: agent RSS ≤ 80 MiB). V8 flags: runtime/agent-node-flags.ts.
    const { runAgent } = await import('./main.js');
    await runAgent({
      env: process.env,
      ...(command.configFile === undefined ? {} : { configFile: command.configFile }),
      ...(command.stateDir === undefined ? {} : { stateDir: command.stateDir }),
    });
    return;
  }
  const [{ loadAgentConfig }, { enrolWithHub }, { saveEnrolment }, { agentVersion }] = await Promise.all([
    import('./config/agent-config.js'),
    import('./config/enrol.js'),
    import('./config/state-dir.js'),
    import('./runtime/agent-version.js'),
  ]);
  const config = loadAgentConfig({
    env: process.env,
    ...(command.configFile === undefined ? {} : { file: command.configFile }),
    ...(command.stateDir === undefined ? {} : { stateDir: command.stateDir }),
  });
  const enrolment = await enrolWithHub({ hubUrl: command.hubUrl, code: command.code, agentVersion: agentVersion(), hardware: hostname() });
  await saveEnrolment(config.stateDir, enrolment);
  process.stdout.write(
    [
      `Đã đăng ký thiết bị ${enrolment.deviceId} (${enrolment.name}), địa bàn ${enrolment.areaChain.join(' › ')}. Trạng thái lưu tại ${config.stateDir}.`,
      `Enrolled device ${enrolment.deviceId} (${enrolment.name}), area ${enrolment.areaChain.join(' › ')}. State saved in ${config.stateDir}.`,
      'Tiếp theo / Next: systemctl enable --now tinnguon-agent',
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${technicianReport(err)}\n`);
  if (isAgentError(err, 'AGENT_ERR_USAGE')) process.stderr.write(`${USAGE}\n`);
  process.exit(isAgentError(err, 'AGENT_ERR_USAGE') ? 2 : 1);
});
